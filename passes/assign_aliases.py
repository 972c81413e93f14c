"""Name every device as libvirt's qemuAssignDeviceAliases does.

User aliases ('ua-*') are kept; every other device gets libvirt's generated name, which
becomes the QEMU 'id' (and, prefixed, chardev and netdev ids). Drive-addressed disks are
named after their address ('ide0-1-0', 'scsi0-0-0-0'), other disks after their target
('virtio-disk2' for vdc); controllers 'pci.N', 'usb', 'ide', 'sata0', 'scsi0'...
Before: Disk(target='hdc', address=drive 0:1:0:0)   After: alias 'ide0-1-0'
Postcondition: every device has an alias, and aliases are unique.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Controller, Disk, Domain, DriveAddress
from compiler.ir.query import all_devices, disk_index, is_i440fx, is_q35
from compiler.passmanager import Pass, PassContext


def assign_aliases(dom: Domain, ctx: PassContext) -> Domain:
    seen: set[str] = set()
    for dev in all_devices(dom):
        info = dev.info
        if info.user_alias and info.alias is not None:
            if info.alias in seen:
                ctx.error(codes.E305_DUPLICATE_ALIAS, dev.span, value=q(info.alias))
            seen.add(info.alias)
    if ctx.has_errors():
        return dom
    changes: dict[str, object] = {}
    for field_name, namer in _NAMERS:
        value = getattr(dom, field_name)
        if isinstance(value, tuple):
            changes[field_name] = namer(dom, value)
        elif value is not None:
            changes[field_name] = namer(dom, (value,))[0]
    return replace(dom, **changes)  # type: ignore[arg-type]


def _by_position(fmt: str) -> Namer:
    def name(dom: Domain, devices: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(_named(d, fmt.format(i)) for i, d in enumerate(devices))

    return name


def _disks(dom: Domain, disks: tuple[Any, ...]) -> tuple[Any, ...]:
    scsi_models = {c.index: c.model for c in dom.controllers if c.type == "scsi"}
    return tuple(_named(d, _disk_alias(d, scsi_models)) for d in disks)


def _controllers(dom: Domain, ctrls: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_named(c, _controller_alias(dom, c)) for c in ctrls)


def _named(dev: Any, alias: str) -> Any:
    if dev.info.user_alias:
        return dev
    return replace(dev, info=replace(dev.info, alias=alias))


def _disk_alias(disk: Disk, scsi_models: dict[int, str | None]) -> str:
    addr = disk.info.address
    if isinstance(addr, DriveAddress):
        if disk.bus == "scsi" and scsi_models.get(addr.controller) != "lsilogic":
            return f"scsi{addr.controller}-{addr.bus}-{addr.target}-{addr.unit}"
        return f"{disk.bus}{addr.controller}-{addr.bus}-{addr.unit}"
    return f"{disk.bus}-disk{disk_index(disk.target) or 0}"


def _controller_alias(dom: Domain, ctrl: Controller) -> str:
    if ctrl.type == "pci":
        return "pcie.0" if ctrl.model == "pcie-root" else f"pci.{ctrl.index}"
    if ctrl.type == "ide" and ctrl.index == 0 and is_i440fx(dom):
        return "ide"
    if ctrl.type == "sata" and ctrl.index == 0 and is_q35(dom):
        return "ide"
    if ctrl.type == "usb" and ctrl.index == 0:
        return "usb"
    return f"{ctrl.type}{ctrl.index}"


Namer = Callable[[Domain, tuple[Any, ...]], tuple[Any, ...]]

# Domain field → how its devices are named, in qemuAssignDeviceAliases' order.
_NAMERS: tuple[tuple[str, Namer], ...] = (
    ("disks", _disks),
    ("controllers", _controllers),
    ("inputs", _by_position("input{}")),
    ("memballoon", _by_position("balloon{}")),
)


PASS = Pass(
    name="assign-aliases",
    run=assign_aliases,
    summary="Assign libvirt's device aliases (user 'ua-*' aliases are kept)",
    ensures=lambda d: all(x.info.alias for x in all_devices(d)),
)
