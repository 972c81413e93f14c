"""Assign PCI addresses as libvirt's qemuDomainAssignPCIAddresses does.

First the addresses written in the XML are reserved (a clash is E301), then the chipset's
fixed slots (PIIX3 at 00:01, q35's LPC/SATA/SMBus at 00:1f, the primary video at slot 2 of
pci-root or slot 1 of pcie-root), then every device without an address gets the first free
slot, in libvirt's fixed device order, on a bus whose connection type fits it. On q35, a
PCIe endpoint cannot sit on pcie-root itself: pcie-root-ports are added (as functions of
one slot) for every such device, plus one spare for hotplug in a new domain.
Before: Disk(vda, bus=virtio), no address; pc machine.
After:  Disk.info.address = PciAddress(bus=0, slot=3) (slot 2 taken by the NIC, say).
Postcondition: every device that needs a PCI address has one, and no two share one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from compiler import codes
from compiler.diagnostics import Span
from compiler.ir.domain import Controller, Domain, PciAddress
from compiler.ir.query import is_q35
from compiler.passmanager import Pass, PassContext

# Connection types (libvirt's VIR_PCI_CONNECT_TYPE_*), and the hotplug requirement.
PCI_DEV = "pci"
PCIE_DEV = "pcie"
ROOT_PORT = "root-port"
DMI_BRIDGE = "dmi-to-pci-bridge"
PCI_BRIDGE = "pci-bridge"
HOTPLUG = "hotplug"


@dataclass(frozen=True, slots=True)
class Connect:
    """How a device attaches: the connection types it fits, and whether it needs hotplug."""

    types: frozenset[str]
    hotplug: bool = True
    aggregate: bool = False  # libvirt's AGGREGATE_SLOT: share a slot as functions


@dataclass(slots=True)
class _Bus:
    index: int
    accepts: frozenset[str]
    hotplug: bool
    min_slot: int
    max_slot: int
    used: dict[int, set[int]] = field(default_factory=dict)  # slot → functions

    def free(self, slot: int) -> bool:
        return not self.used.get(slot)


_BUS_MODELS: dict[str, tuple[frozenset[str], bool, int, int]] = {
    # model: (accepted connections, hotplug, min slot, max slot)
    "pci-root": (frozenset({PCI_DEV, PCI_BRIDGE}), True, 1, 31),
    "pcie-root": (frozenset({PCIE_DEV, ROOT_PORT, DMI_BRIDGE}), False, 1, 31),
    "pci-bridge": (frozenset({PCI_DEV, PCI_BRIDGE}), True, 1, 31),
    "pcie-to-pci-bridge": (frozenset({PCI_DEV, PCI_BRIDGE}), True, 1, 31),
    "dmi-to-pci-bridge": (frozenset({PCI_DEV, PCI_BRIDGE}), False, 0, 31),
    "pcie-root-port": (frozenset({PCIE_DEV}), True, 0, 0),
    "pcie-switch-downstream-port": (frozenset({PCIE_DEV}), True, 0, 0),
    "pcie-switch-upstream-port": (frozenset({"pcie-switch-downstream-port"}), False, 0, 31),
}

# Which connection a bus controller itself needs from its parent bus.
_CONTROLLER_CONNECT: dict[str, Connect] = {
    "pci-bridge": Connect(frozenset({PCI_BRIDGE})),
    "pcie-to-pci-bridge": Connect(frozenset({PCIE_DEV}), hotplug=True),
    "dmi-to-pci-bridge": Connect(frozenset({DMI_BRIDGE}), hotplug=False),
    "pcie-root-port": Connect(frozenset({ROOT_PORT}), hotplug=False, aggregate=True),
    "pcie-switch-upstream-port": Connect(frozenset({PCIE_DEV})),
    "pcie-switch-downstream-port": Connect(
        frozenset({"pcie-switch-downstream-port"}), hotplug=False
    ),
}


def endpoint(dom: Domain, *, pcie_capable: bool = True, hotplug: bool = True) -> Connect:
    """A plain endpoint: PCIe on a PCIe machine when the device is PCIe-capable."""
    if pcie_capable and is_q35(dom):
        return Connect(frozenset({PCIE_DEV}), hotplug=hotplug)
    return Connect(frozenset({PCI_DEV}), hotplug=hotplug)


# --- which devices need a PCI address, in libvirt's order ------------------------------------

Need = Callable[[Domain, Any], Connect | None]


def _pci_controller(dom: Domain, ctrl: Controller) -> Connect | None:
    if ctrl.type != "pci" or ctrl.model in ("pci-root", "pcie-root"):
        return None
    return _CONTROLLER_CONNECT.get(ctrl.model or "", endpoint(dom))


_USB_PCIE = frozenset({"qemu-xhci", "nec-xhci"})
_USB_NO_PCI = frozenset({"none", "qusb1", "qusb2"})


def _other_controller(dom: Domain, ctrl: Controller) -> Connect | None:
    if ctrl.type == "pci":
        return None
    if ctrl.type == "usb":
        if ctrl.model in _USB_NO_PCI:
            return None
        return endpoint(dom, pcie_capable=ctrl.model in _USB_PCIE)
    if ctrl.type == "scsi":
        return endpoint(
            dom,
            pcie_capable=(
                ctrl.model
                and ctrl.model.startswith("virtio")
                and not ctrl.model.endswith("transitional")
            )
            or False,
        )
    if ctrl.type == "virtio-serial":
        return endpoint(dom)
    if ctrl.type == "sata" and ctrl.index > 0:
        return endpoint(dom)
    if ctrl.type == "ide" and ctrl.index > 0:
        return endpoint(dom, pcie_capable=False)
    return None


def _virtio_disk(dom: Domain, disk: Any) -> Connect | None:
    return endpoint(dom) if disk.bus == "virtio" else None


def _balloon(dom: Domain, balloon: Any) -> Connect | None:
    return None if balloon.model == "none" else endpoint(dom)


# (Domain field, predicate) in qemuDomainAssignDevicePCISlots' order. Families add theirs.
CONSUMERS: tuple[tuple[str, Need], ...] = (
    ("controllers", _pci_controller),
    ("controllers", _other_controller),
    ("disks", _virtio_disk),
    ("memballoon", _balloon),
)


# --- the pass ------------------------------------------------------------------------------


def assign_pci_addresses(dom: Domain, ctx: PassContext) -> Domain:
    if not any(c.type == "pci" for c in dom.controllers):
        return dom
    q35 = is_q35(dom)
    wanted = list(_wanted(dom))
    if q35:
        dom, wanted = _add_root_ports(dom, wanted)
    buses = _buses(dom)
    addresses: dict[tuple[str, int], PciAddress] = {}
    # Explicit addresses first: they are the user's and must not move.
    for _key, dev, _conn in wanted:
        addr = dev.info.address
        if isinstance(addr, PciAddress) and not _reserve(buses, addr, dev.span, ctx):
            return dom
    _reserve_chipset(dom, buses, addresses, wanted, q35)
    aggregate_slot: dict[int, tuple[int, int]] = {}
    for key, dev, conn in wanted:
        if key in addresses or isinstance(dev.info.address, PciAddress):
            continue
        addr = _next_free(buses, conn, aggregate_slot)
        if addr is None:
            ctx.error(
                codes.E303_NO_FREE_ADDRESS,
                dev.span,
                what="PCI slot",
                device=dev.info.alias or type(dev).__name__,
            )
            return dom
        addresses[key] = addr
    dom = _apply(dom, addresses)
    return _mark_multifunction(dom)


Key = tuple[str, int]


def _wanted(dom: Domain) -> Iterator[tuple[Key, Any, Connect]]:
    for field_name, need in CONSUMERS:
        value = getattr(dom, field_name)
        items = value if isinstance(value, tuple) else (() if value is None else (value,))
        for i, dev in enumerate(items):
            conn = need(dom, dev)
            if conn is not None:
                yield (field_name, i), dev, conn


def _buses(dom: Domain) -> dict[int, _Bus]:
    buses: dict[int, _Bus] = {}
    for ctrl in dom.controllers:
        if ctrl.type != "pci" or ctrl.model not in _BUS_MODELS:
            continue
        accepts, hotplug, lo, hi = _BUS_MODELS[ctrl.model]
        if dict(ctrl.options).get("target.hotplug") == "off":
            hotplug = False
        buses[ctrl.index] = _Bus(ctrl.index, accepts, hotplug, lo, hi)
    return buses


def _reserve(buses: dict[int, _Bus], addr: PciAddress, span: Span, ctx: PassContext) -> bool:
    bus = buses.get(addr.bus)
    if bus is None:
        ctx.error(
            codes.E304_BAD_ADDRESS, span, detail=f"PCI bus 0x{addr.bus:02x} has no controller"
        )
        return False
    funcs = bus.used.setdefault(addr.slot, set())
    if addr.function in funcs:
        ctx.error(
            codes.E301_ADDRESS_CONFLICT,
            span,
            what=f"PCI address {_fmt(addr)}",
            other="another device",
        )
        return False
    funcs.add(addr.function)
    return True


def _fmt(addr: PciAddress) -> str:
    return f"{addr.domain:04x}:{addr.bus:02x}:{addr.slot:02x}.{addr.function}"


def _reserve_chipset(
    dom: Domain,
    buses: dict[int, _Bus],
    addresses: dict[Key, PciAddress],
    wanted: list[tuple[Key, Any, Connect]],
    q35: bool,
) -> None:
    root = buses.get(0)
    if root is None:
        return
    if q35:
        root.used.setdefault(0x1F, set()).update({0, 2, 3})
    else:
        # PIIX3: ISA bridge 1.0, IDE 1.1, USB 1.2, PM 1.3; the USB controller 0 of model
        # piix3-uhci takes 1.2 when it has no address of its own.
        root.used.setdefault(1, set()).update({0, 1, 3})
        for key, dev, _conn in wanted:
            if (
                isinstance(dev, Controller)
                and dev.type == "usb"
                and dev.index == 0
                and dev.model == "piix3-uhci"
                and dev.info.address is None
            ):
                root.used[1].add(2)
                addresses[key] = PciAddress(bus=0, slot=1, function=2)
    primary_video = getattr(dom, "videos", ())
    if primary_video and getattr(primary_video[0], "model", "none") != "none":
        slot = 1 if q35 else 2
        if root.free(slot):
            root.used.setdefault(slot, set()).add(-1)  # held for the primary video


def _next_free(
    buses: dict[int, _Bus], conn: Connect, aggregate: dict[int, tuple[int, int]]
) -> PciAddress | None:
    if conn.aggregate:
        for bus_index, (slot, func) in list(aggregate.items()):
            bus = buses[bus_index]
            if func < 7:
                bus.used[slot].add(func + 1)
                aggregate[bus_index] = (slot, func + 1)
                return PciAddress(bus=bus_index, slot=slot, function=func + 1)
    for bus in sorted(buses.values(), key=lambda b: b.index):
        if not (conn.types & bus.accepts) or (conn.hotplug and not bus.hotplug):
            continue
        for slot in range(bus.min_slot, bus.max_slot + 1):
            if bus.free(slot):
                bus.used[slot] = {0}
                if conn.aggregate:
                    aggregate.clear()
                    aggregate[bus.index] = (slot, 0)
                return PciAddress(bus=bus.index, slot=slot, function=0)
    return None


def _add_root_ports(
    dom: Domain, wanted: list[tuple[Key, Any, Connect]]
) -> tuple[Domain, list[tuple[Key, Any, Connect]]]:
    """Add a pcie-root-port for each PCIe hotplug endpoint that has no place yet."""
    ports = [c for c in dom.controllers if c.type == "pci" and c.model == "pcie-root-port"]
    free_ports = len(ports) - sum(
        1
        for _k, dev, _c in wanted
        if isinstance(dev.info.address, PciAddress)
        and dev.info.address.bus in {p.index for p in ports}
    )
    need = sum(
        1
        for _k, dev, conn in wanted
        if PCIE_DEV in conn.types and conn.hotplug and dev.info.address is None
    )
    missing = max(0, need - max(free_ports, 0))
    new_domain = not ports and not any(
        isinstance(d.info.address, PciAddress) for _k, d, _c in wanted
    )
    if new_domain:
        missing += 1  # one spare port, so that the new domain can take a hotplugged device
    if missing == 0:
        return dom, wanted
    next_index = max(c.index for c in dom.controllers if c.type == "pci") + 1
    added = tuple(
        Controller(
            span=dom.span,
            type="pci",
            index=next_index + i,
            model="pcie-root-port",
            implicit=True,
            info=_alias_info(next_index + i),
        )
        for i in range(missing)
    )
    dom = replace(dom, controllers=dom.controllers + added)
    return dom, list(_wanted(dom))


def _alias_info(index: int) -> Any:
    from compiler.ir.domain import DeviceInfo

    return DeviceInfo(alias=f"pci.{index}")


def _apply(dom: Domain, addresses: dict[Key, PciAddress]) -> Domain:
    changes: dict[str, Any] = {}
    for (field_name, i), addr in addresses.items():
        current = changes.get(field_name, getattr(dom, field_name))
        if isinstance(current, tuple):
            dev = current[i]
            changes[field_name] = (*current[:i], _with(dev, addr), *current[i + 1 :])
        else:
            changes[field_name] = _with(current, addr)
    return replace(dom, **changes)


def _mark_multifunction(dom: Domain) -> Domain:
    """Function 0 of a slot with several functions is multifunction (SetAllMulti)."""
    funcs: dict[tuple[int, int], int] = {}
    for _k, dev, _c in _wanted(dom):
        addr = dev.info.address
        if isinstance(addr, PciAddress):
            funcs[(addr.bus, addr.slot)] = funcs.get((addr.bus, addr.slot), 0) + 1
    marks: dict[Key, PciAddress] = {}
    for key, dev, _c in _wanted(dom):
        addr = dev.info.address
        if (
            isinstance(addr, PciAddress)
            and addr.function == 0
            and addr.multifunction is None
            and funcs[(addr.bus, addr.slot)] > 1
        ):
            marks[key] = replace(addr, multifunction=True)
    return _apply(dom, marks)


def _with(dev: Any, addr: PciAddress) -> Any:
    return replace(dev, info=replace(dev.info, address=addr))


def _all_placed(dom: Domain) -> bool:
    if not any(c.type == "pci" for c in dom.controllers):
        return True
    return all(isinstance(dev.info.address, PciAddress) for _k, dev, _c in _wanted(dom))


PASS = Pass(
    name="assign-pci-addresses",
    run=assign_pci_addresses,
    summary="Assign PCI slots in libvirt's order; add pcie-root-ports on q35",
    ensures=_all_placed,
)
