"""Small IR builders shared by the pass unit tests: a minimal Domain and a PassContext."""

from __future__ import annotations

from typing import Any

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Domain, Memory, Os, Vcpu
from compiler.passmanager import PassContext, Policy

SPAN = Span(file="t.xml", line=1, col=1)


def domain(*, machine: str = "pc", **fields: Any) -> Domain:
    """A minimal valid Domain on ``machine``; ``fields`` replace or add Domain fields."""
    base: dict[str, Any] = {
        "span": SPAN,
        "virt_type": "qemu",
        "name": "guest",
        "memory": Memory(total_kib=1024),
        "vcpu": Vcpu(count=1),
        "os": Os(span=SPAN, type="hvm", arch="x86_64", machine=machine),
    }
    base.update(fields)
    return Domain(**base)


def context(
    profile: profiles.Profile = profiles.LIBVIRT_TEST,
    *,
    target: str = "qemu-7.2.50",
    policy: Policy | None = None,
) -> PassContext:
    return PassContext(
        target=targets.load(target),
        profile=profile,
        host=profiles.HostProfile.fixed(),
        policy=policy or Policy(),
    )
