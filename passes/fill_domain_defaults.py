"""Fill the domain-level defaults libvirt's post-parse adds.

libvirt fills the emulator, architecture and machine type from the capabilities of the
QEMU it will run, and a UUID when there is none (the SMBIOS system UUID, if any). We take
the same facts from the target and the host profile, so the output never depends on the
machine running the compiler.
With no boot device named anywhere it boots from disk ('hd'), as libvirt's parser does.
It also completes <iothreadids> up to the <iothreads> count with the lowest free ids
(virDomainIOThreadIDDefArrayInit), so lowering sees every I/O thread by id.
Before: <os><type>hvm</type></os>, no <emulator>, <iothreads>2</iothreads>.
After:  os.arch='x86_64', os.machine='pc-i440fx-8.0' (the target's default machine),
        emulator='/usr/bin/qemu-system-x86_64', iothreads.ids = (1, 2).
Postcondition: os.arch, os.machine, emulator and uuid are all set.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.domain import BootConfig, Domain, IOThread, IOThreads
from compiler.ir.query import all_devices
from compiler.passmanager import Pass, PassContext
from compiler.targets import Target

# Architectures an emulator runs besides its own (a 64-bit x86 QEMU runs 32-bit guests).
_COMPAT_ARCHES = {"x86_64": ("x86_64", "i686")}
_VIRT_TYPES = ("qemu", "kvm")


def fill_domain_defaults(dom: Domain, ctx: PassContext) -> Domain:
    target = ctx.target
    arch = dom.os.arch or target.arch
    if arch not in _COMPAT_ARCHES.get(target.arch, (target.arch,)):
        _unsupported(ctx, dom.os.span, f"architecture {q(arch)}", target)
        return dom
    machine = dom.os.machine or _default_machine(target)
    if target.machine(machine) is None:
        _unsupported(ctx, dom.os.span, f"machine type {q(machine)}", target)
        return dom
    if dom.virt_type not in _VIRT_TYPES:
        _unsupported(ctx, dom.span, f"virtualization type {q(dom.virt_type)}", target)
        return dom
    return replace(
        dom,
        os=replace(dom.os, arch=arch, machine=machine, boot=_default_boot(dom)),
        emulator=dom.emulator or target.emulator,
        uuid=dom.uuid or _sysinfo_uuid(dom) or ctx.host.default_uuid,
        iothreads=_complete_iothreads(dom.iothreads, dom),
    )


def _unsupported(ctx: PassContext, span: Span, what: str, target: Target) -> None:
    ctx.error(codes.E106_UNSUPPORTED_TARGET, span, what=what, target=target.name)


def _default_machine(target: Target) -> str:
    default = next(
        (m for m in target.machines if m.name.startswith("pc-i440fx") and m.alias == "pc"), None
    )
    return default.name if default else "pc"


def _default_boot(dom: Domain) -> BootConfig:
    """No <boot dev> and no per-device <boot order>: libvirt boots from the first disk."""
    boot = dom.os.boot
    if boot.devices or any(d.info.boot_order is not None for d in all_devices(dom)):
        return boot
    return replace(boot, devices=("hd",))


def _sysinfo_uuid(dom: Domain) -> str | None:
    """libvirt takes a domain without <uuid> as the one its SMBIOS system table names."""
    for info in dom.sysinfo:
        uuid = dict(info.system).get("uuid")
        if uuid:
            return uuid.lower()
    return None


def _complete_iothreads(threads: IOThreads, dom: Domain) -> IOThreads:
    """Add the missing <iothread id> entries: the lowest ids not taken, appended in order."""
    missing = threads.count - len(threads.ids)
    if missing <= 0:
        return replace(threads, count=max(threads.count, len(threads.ids)))
    taken = {t.id for t in threads.ids}
    extra: list[IOThread] = []
    candidate = 1
    while len(extra) < missing:
        if candidate not in taken:
            extra.append(IOThread(span=dom.span, id=candidate))
        candidate += 1
    return replace(threads, ids=threads.ids + tuple(extra))


PASS = Pass(
    name="fill-domain-defaults",
    run=fill_domain_defaults,
    summary="Fill emulator, arch, machine type, UUID and I/O thread ids",
    ensures=lambda d: (
        bool(d.os.arch and d.os.machine and d.emulator and d.uuid)
        and len(d.iothreads.ids) == d.iothreads.count
    ),
)
