"""Small builders for the interface pass tests: a minimal Domain and a PassContext."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import BootConfig, Domain, Memory, Os, Vcpu
from compiler.ir.net import Net
from compiler.passmanager import PassContext

SPAN = Span(file="t.xml", line=1, col=1)


def domain(*nets: Net, arch: str = "x86_64", boot: tuple[str, ...] = ()) -> Domain:
    return Domain(
        span=SPAN,
        virt_type="kvm",
        name="t",
        uuid="c7a5fdbd-edaf-9455-926a-d65c16db1809",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm", arch=arch, machine="pc", boot=BootConfig(devices=boot)),
        nets=nets,
    )


def net(type: str = "user", **fields: object) -> Net:
    return Net(span=SPAN, type=type, **fields)  # type: ignore[arg-type]


def context(profile: str = "libvirt-test") -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"),
        profile=profiles.get(profile),  # type: ignore[arg-type]
        host=profiles.HostProfile.fixed(),
    )
