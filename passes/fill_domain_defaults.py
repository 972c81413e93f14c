"""Fill the domain-level defaults libvirt's post-parse adds.

libvirt fills the emulator, architecture and machine type from the capabilities of the
QEMU it will run, and a UUID when there is none. We take the same facts from the target
and the host profile, so the output never depends on the machine running the compiler.
Before: <os><type>hvm</type></os>, no <emulator>.
After:  os.arch='x86_64', os.machine='pc-i440fx-8.0' (the target's default machine),
        emulator='/usr/bin/qemu-system-x86_64'.
Postcondition: os.arch, os.machine, emulator and uuid are all set.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext


def fill_domain_defaults(dom: Domain, ctx: PassContext) -> Domain:
    target = ctx.target
    arch = dom.os.arch or target.arch
    if arch != target.arch:
        ctx.error(
            codes.E106_UNSUPPORTED_TARGET,
            dom.os.span,
            what=f"architecture {q(arch)}",
            target=target.name,
        )
        return dom
    machine = dom.os.machine
    if machine is None:
        default = next(
            (m for m in target.machines if m.name.startswith("pc-i440fx") and m.alias == "pc"), None
        )
        machine = default.name if default else "pc"
    elif target.machine(machine) is None:
        ctx.error(
            codes.E106_UNSUPPORTED_TARGET,
            dom.os.span,
            what=f"machine type {q(machine)}",
            target=target.name,
        )
        return dom
    if dom.virt_type not in ("qemu", "kvm"):
        ctx.error(
            codes.E106_UNSUPPORTED_TARGET,
            dom.span,
            what=f"virtualization type {q(dom.virt_type)}",
            target=target.name,
        )
        return dom
    return replace(
        dom,
        os=replace(dom.os, arch=arch, machine=machine),
        emulator=dom.emulator or target.emulator,
        uuid=dom.uuid or ctx.host.default_uuid,
    )


PASS = Pass(
    name="fill-domain-defaults",
    run=fill_domain_defaults,
    summary="Fill emulator, arch, machine type and UUID from the target and host profile",
    ensures=lambda d: bool(d.os.arch and d.os.machine and d.emulator and d.uuid),
)
