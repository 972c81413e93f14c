"""Small builders for the interface pass tests: a minimal Domain and a PassContext."""

from __future__ import annotations

from compiler import profiles
from compiler.ir.domain import BootConfig, Domain, Os
from compiler.ir.net import Net
from compiler.passmanager import PassContext
from tests import builders
from tests.builders import SPAN


def domain(*nets: Net, arch: str = "x86_64", boot: tuple[str, ...] = ()) -> Domain:
    os = Os(span=SPAN, type="hvm", arch=arch, machine="pc", boot=BootConfig(devices=boot))
    return builders.domain(
        virt_type="kvm", name="t", uuid="c7a5fdbd-edaf-9455-926a-d65c16db1809", os=os, nets=nets
    )


def net(type: str = "user", **fields: object) -> Net:
    return Net(span=SPAN, type=type, **fields)  # type: ignore[arg-type]


def context(profile: str = "libvirt-test") -> PassContext:
    return builders.context(profiles.get(profile))  # type: ignore[arg-type]
