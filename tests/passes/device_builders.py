"""Small Domain IR builders for the device-family pass tests (no XML involved)."""

from __future__ import annotations

from typing import Any

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Domain, Feature, Memory, Os, Vcpu
from compiler.passmanager import PassContext

SPAN = Span(file="t.xml", line=1, col=1)


def domain(machine: str = "pc", *features: str, **fields: Any) -> Domain:
    return Domain(
        span=SPAN,
        virt_type="qemu",
        name="t",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm", arch="x86_64", machine=machine),
        features=tuple(Feature(span=SPAN, name=f) for f in features),
        **fields,
    )


def context() -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )


def messages(run: Any, dom: Domain) -> list[str]:
    """The messages of the diagnostics a pass function reports on ``dom``."""
    ctx = context()
    run(dom, ctx)
    return [d.message for d in ctx.diagnostics]
