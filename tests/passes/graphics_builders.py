"""Small IR builders for the graphics/video/audio pass tests."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Domain, Memory, Os, Vcpu
from compiler.passmanager import PassContext

SPAN = Span(file="t.xml", line=1, col=1)


def domain(**fields: object) -> Domain:
    return Domain(
        span=SPAN,
        virt_type="qemu",
        name="t",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm", arch="x86_64", machine="pc"),
        **fields,  # type: ignore[arg-type]
    )


def context(profile: profiles.Profile = profiles.LIBVIRT_TEST) -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"), profile=profile, host=profiles.HostProfile.fixed()
    )
