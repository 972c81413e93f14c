"""Small IR builders shared by the character-device pass tests."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.chardev import Chardev, ChardevKind, ChardevSource
from compiler.ir.domain import Controller, DeviceInfo, Domain, Memory, Os, Vcpu
from compiler.passmanager import PassContext

SPAN = Span(file="t.xml", line=1, col=1)


def src(kind: str = "pty", **fields: object) -> ChardevSource:
    return ChardevSource(span=SPAN, type=kind, **fields)  # type: ignore[arg-type]


def chardev(kind: ChardevKind, source: ChardevSource | None = None, **fields: object) -> Chardev:
    return Chardev(span=SPAN, kind=kind, source=source or src(), **fields)  # type: ignore[arg-type]


def vserial(index: int, ports: int | None = None) -> Controller:
    return Controller(
        span=SPAN, type="virtio-serial", index=index, model="virtio-serial", ports=ports
    )


def domain(**fields: object) -> Domain:
    return Domain(
        span=SPAN,
        virt_type="qemu",
        name="guest",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm", arch="x86_64", machine="pc"),
        **fields,  # type: ignore[arg-type]
    )


def context(profile: profiles.Profile = profiles.LIBVIRT_TEST) -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"), profile=profile, host=profiles.HostProfile.fixed()
    )


def info(**fields: object) -> DeviceInfo:
    return DeviceInfo(**fields)  # type: ignore[arg-type]
