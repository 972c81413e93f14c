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

from compiler.ir.domain import Controller, Disk, Domain, DriveAddress
from compiler.ir.query import all_devices, disk_index, is_decimal, is_i440fx, is_q35
from compiler.passmanager import Pass, PassContext


def assign_aliases(dom: Domain, ctx: PassContext) -> Domain:
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
    scsi_models = {
        c.index: c.model for c in dom.controllers if c.type == "scsi" and c.index is not None
    }
    return tuple(_named(d, _disk_alias(d, scsi_models)) for d in disks)


def _nets(dom: Domain, nets: tuple[Any, ...]) -> tuple[Any, ...]:
    """'net<N>', N counting the interfaces named so far (user aliases do not count); a
    type='hostdev' NIC is a host device to QEMU and takes the next 'hostdev<N>'."""
    named: list[Any] = []
    counter = 0
    for net in nets:
        if net.type == "hostdev":
            net = _named(net, f"hostdev{_hostdev_count(named)}")
        elif not net.info.user_alias:
            net = _named(net, f"net{counter}")
            counter += 1
        named.append(net)
    return tuple(named)


def _hostdev_count(devices: list[Any]) -> int:
    """The next free 'hostdev<N>' after ``devices`` (qemuAssignDeviceHostdevAlias)."""
    numbers = [
        int(alias[7:])
        for dev in devices
        if (alias := dev.info.alias or "").startswith("hostdev") and is_decimal(alias[7:])
    ]
    return max(numbers, default=-1) + 1


def _hostdevs(dom: Domain, hostdevs: tuple[Any, ...]) -> tuple[Any, ...]:
    """'hostdev<N>', counting on from the type='hostdev' NICs (named first, with the nets)."""
    named: list[Any] = list(_nets(dom, dom.nets))
    for dev in hostdevs:
        named.append(dev if dev.info.user_alias else _named(dev, f"hostdev{_hostdev_count(named)}"))
    return tuple(named[len(dom.nets) :])


def _controllers(dom: Domain, ctrls: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_named(c, _controller_alias(dom, c)) for c in ctrls)


def _consoles(dom: Domain, consoles: tuple[Any, ...]) -> tuple[Any, ...]:
    """'console<i>' by position; the stand-in for serial 0 (no info) still counts."""
    return tuple(c if c.info is None else _named(c, f"console{i}") for i, c in enumerate(consoles))


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
    base = "usb" if ctrl.type == "usb" and ctrl.index == 0 else f"{ctrl.type}{ctrl.index}"
    if ctrl.type == "usb" and ctrl.master_startport is not None:
        # A USB2 companion shares its master's name in libvirt but is never given an id
        # (QEMU knows it by masterbus); a suffix keeps the aliases unique.
        return f"{base}-{ctrl.model}"
    return base


Namer = Callable[[Domain, tuple[Any, ...]], tuple[Any, ...]]


# Domain field → how its devices are named, in qemuAssignDeviceAliases' order.
def _memories(dom: Domain, mems: tuple[Any, ...]) -> tuple[Any, ...]:
    """DIMMs after their slot ('dimm2', 'nvdimm0'); virtio modules counted per model."""
    counters: dict[str, int] = {}
    named: list[Any] = []
    for mem in mems:
        prefix = mem.model.replace("-", "")
        if mem.slot is not None:
            index = mem.slot
        else:
            index = counters.get(prefix, 0)
            counters[prefix] = index + 1
        named.append(mem if mem.info.user_alias else _named(mem, f"{prefix}{index}"))
    return tuple(named)


_NAMERS: tuple[tuple[str, Namer], ...] = (
    ("disks", _disks),
    ("nets", _nets),
    ("filesystems", _by_position("fs{}")),
    ("controllers", _controllers),
    ("memories", _memories),  # needs the slots from assign-memory-slots
    ("inputs", _by_position("input{}")),
    ("sounds", _by_position("sound{}")),
    ("videos", _by_position("video{}")),
    ("watchdog", _by_position("watchdog{}")),
    ("redirdevs", _by_position("redir{}")),
    ("memballoon", _by_position("balloon{}")),
    ("rngs", _by_position("rng{}")),
    ("tpms", _by_position("tpm{}")),
    ("vsock", _by_position("vsock{}")),
    ("iommu", _by_position("iommu{}")),
    ("parallels", _by_position("parallel{}")),
    ("serials", _by_position("serial{}")),
    ("channels", _by_position("channel{}")),
    ("consoles", _consoles),
    ("smartcards", _by_position("smartcard{}")),
    ("hostdevs", _hostdevs),  # after the nets: the 'hostdev<N>' counter is shared
)


PASS = Pass(
    name="assign-aliases",
    run=assign_aliases,
    summary="Assign libvirt's device aliases (user 'ua-*' aliases are kept)",
    ensures=lambda d: all(x.info.alias for x in all_devices(d)),
)
