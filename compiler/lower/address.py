"""Device address properties (libvirt's qemuBuildDeviceAddressProps) and bus names."""

from __future__ import annotations

from compiler.ir.command import Obj
from compiler.ir.domain import DeviceInfo, Domain, PciAddress, UsbAddress
from compiler.lower.builder import props


def pci_bus_name(dom: Domain, bus: int) -> str:
    for ctrl in dom.controllers:
        if ctrl.type == "pci" and ctrl.index == bus and ctrl.info.alias:
            return ctrl.info.alias
    return f"pci.{bus}"


def pci_addr(addr: PciAddress) -> str:
    if addr.function:
        return f"0x{addr.slot:x}.0x{addr.function:x}"
    return f"0x{addr.slot:x}"


def address_props(dom: Domain, info: DeviceInfo) -> Obj:
    addr = info.address
    if isinstance(addr, PciAddress):
        return props(
            ("bus", pci_bus_name(dom, addr.bus)),
            ("multifunction", True if addr.multifunction else None),
            ("addr", pci_addr(addr)),
        )
    if isinstance(addr, UsbAddress):
        return props(("bus", usb_bus_name(dom, addr.bus)), ("port", addr.port or None))
    return props()


def usb_bus_name(dom: Domain, bus: int) -> str:
    for ctrl in dom.controllers:
        if ctrl.type == "usb" and ctrl.index == bus and ctrl.info.alias:
            return f"{ctrl.info.alias}.0"
    return f"usb{bus}.0"
