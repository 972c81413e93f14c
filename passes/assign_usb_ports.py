"""Give every USB device without a port one, as libvirt's qemuDomainAssignUSBAddresses does.

Each USB controller is a hub with a model-dependent number of ports (UHCI 2, EHCI 6, OHCI
3, XHCI 4 unless <controller ports=...>; ich9 UHCI companions add none, their EHCI master
has them all). Ports written in the XML are reserved first; then devices are visited in
libvirt's order (virDomainUSBDeviceDefForeach: host devices, disks, CCID controllers,
inputs, serials, sounds, redirdevs), and each takes the first free port of the first bus
that has one. :data:`CONSUMERS` lists the families; a family that grows USB devices adds
its entry there, in that order.
Before: <disk><target dev='sda' bus='usb'/></disk>   After: UsbAddress(bus=0, port='1')
Postcondition: every USB device on a present bus has a USB address with a port.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from compiler import codes
from compiler.ir.domain import Controller, Domain, UsbAddress
from compiler.ir.query import is_decimal
from compiler.passmanager import Pass, PassContext

_PORTS_BY_MODEL = {
    "piix3-uhci": 2,
    "piix4-uhci": 2,
    "vt82c686b-uhci": 2,
    "ehci": 6,
    "ich9-ehci1": 6,
    "pci-ohci": 3,
    "nec-xhci": 4,
    "qemu-xhci": 4,
    "qusb1": 8,
    "qusb2": 8,
}
_XHCI_LIKE = frozenset({"nec-xhci", "qemu-xhci", "qusb1", "qusb2"})

# Domain field → which of its devices sit on a USB port, in libvirt's visiting order.
CONSUMERS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("hostdevs", lambda h: h.type == "usb"),
    ("disks", lambda d: d.bus == "usb"),
    ("controllers", lambda c: c.type == "ccid"),
    ("inputs", lambda i: i.bus == "usb"),
    ("sounds", lambda s: s.model == "usb"),
    ("serials", lambda s: s.target_type == "usb-serial"),
    ("redirdevs", lambda r: r.bus == "usb"),  # after serials and sounds, as libvirt
)


def assign_usb_ports(dom: Domain, ctx: PassContext) -> Domain:
    # ich9 UHCI companions have no ports of their own: their EHCI master has them all.
    buses = {
        c.index: _port_count(c)
        for c in dom.controllers
        if c.type == "usb" and c.index is not None and _port_count(c)
    }
    used: dict[int, set[int]] = {bus: set() for bus in buses}
    for field_name, wanted in CONSUMERS:
        for dev in getattr(dom, field_name):
            addr = dev.info.address
            if wanted(dev) and isinstance(addr, UsbAddress) and is_decimal(addr.port, 6):
                used.setdefault(addr.bus, set()).add(int(addr.port))
    changes: dict[str, object] = {}
    for field_name, wanted in CONSUMERS:
        devices = []
        for dev in getattr(dom, field_name):
            if wanted(dev):
                dev = _assign(dev, buses, used, ctx)
            devices.append(dev)
        changes[field_name] = tuple(devices)
    return replace(dom, **changes)  # type: ignore[arg-type]


def _port_count(ctrl: Controller) -> int:
    if ctrl.model in _XHCI_LIKE and ctrl.ports is not None:
        return ctrl.ports
    return _PORTS_BY_MODEL.get(ctrl.model or "", 0)


def _assign(dev: Any, buses: dict[int, int], used: dict[int, set[int]], ctx: PassContext) -> Any:
    addr = dev.info.address
    if isinstance(addr, UsbAddress) and addr.port:
        return dev
    if addr is not None and not isinstance(addr, UsbAddress):
        return dev  # a wrong address type is refused by the family's own checks
    candidates = [addr.bus] if isinstance(addr, UsbAddress) else sorted(buses)
    for bus in candidates:
        taken = used.setdefault(bus, set())
        free = [p for p in range(1, buses.get(bus, 0) + 1) if p not in taken]
        if free:
            taken.add(free[0])
            return replace(
                dev, info=replace(dev.info, address=UsbAddress(bus=bus, port=str(free[0])))
            )
    if buses:
        ctx.error(codes.E303_NO_FREE_ADDRESS, dev.span, what="USB port", device=f"<{_tag(dev)}>")
    else:
        detail = f"USB is disabled for this domain, but a USB <{_tag(dev)}> is present"
        ctx.error(codes.E104_INVALID_CONFIG, dev.span, detail=detail)
    return dev


def _tag(dev: Any) -> str:
    return type(dev).__name__.lower()


def _ported(dom: Domain) -> bool:
    buses = {c.index for c in dom.controllers if c.type == "usb" and _port_count(c)}
    for field_name, wanted in CONSUMERS:
        for dev in getattr(dom, field_name):
            addr = dev.info.address
            if wanted(dev) and buses and addr is None:
                return False
            if wanted(dev) and isinstance(addr, UsbAddress) and not addr.port:
                return False
    return True


PASS = Pass(
    name="assign-usb-ports",
    run=assign_usb_ports,
    summary="Give USB devices the first free port of a USB bus",
    ensures=_ported,
)
