"""Device address properties (libvirt's qemuBuildDeviceAddressProps) and bus names."""

from __future__ import annotations

from compiler.ir.command import Obj
from compiler.ir.domain import (
    DeviceInfo,
    Domain,
    DriveAddress,
    OtherAddress,
    PciAddress,
    UsbAddress,
    VirtioSerialAddress,
)
from compiler.ir.net import Rom
from compiler.ir.query import find_controller
from compiler.lower.builder import props


def pci_bus_name(dom: Domain, bus: int) -> str:
    """The alias of the bus's controller; the root buses keep QEMU's own names even when
    the XML gives them a user alias, since QEMU creates them (qemuBuildDeviceAddressPCIGetBus)."""
    for ctrl in dom.controllers:
        if ctrl.type == "pci" and ctrl.index == bus and ctrl.model == "pcie-root":
            return "pcie.0"
        if ctrl.type == "pci" and ctrl.index == bus and ctrl.model == "pci-root":
            return "pci.0"
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
            ("multifunction", addr.multifunction),
            ("addr", pci_addr(addr)),
        )
    if isinstance(addr, UsbAddress):
        return props(("bus", usb_bus_name(dom, addr.bus)), ("port", addr.port or None))
    if isinstance(addr, VirtioSerialAddress):
        return props(
            ("bus", f"{controller_alias(dom, 'virtio-serial', addr.controller)}.{addr.bus}"),
            ("nr", addr.port),
        )
    if isinstance(addr, OtherAddress) and addr.type == "isa":
        return _isa_props(dict(addr.attrs))
    if isinstance(addr, OtherAddress) and addr.type == "spapr-vio":
        reg = dict(addr.attrs).get("reg")
        return props(("reg", None if reg is None else int(reg, 0)))
    return props()


def _isa_props(attrs: dict[str, str]) -> Obj:
    """ISA: 'iobase' always (0 when unset), 'irq' only when set, as libvirt's u:/p: markers."""
    irq = int(attrs.get("irq", "0"), 0)
    return props(("iobase", int(attrs.get("iobase", "0"), 0)), ("irq", irq or None))


def controller_alias(dom: Domain, ctype: str, index: int) -> str:
    """The alias of controller (type, index), or libvirt's default name for it."""
    for ctrl in dom.controllers:
        if ctrl.type == ctype and ctrl.index == index and ctrl.info.alias:
            return ctrl.info.alias
    return f"{ctype}{index}"


def usb_bus_name(dom: Domain, bus: int) -> str:
    for ctrl in dom.controllers:
        if ctrl.type == "usb" and ctrl.index == bus and ctrl.info.alias:
            return f"{ctrl.info.alias}.0"
    return f"usb{bus}.0"


def scsi_drive_props(dom: Domain, addr: DriveAddress) -> Obj:
    """A SCSI drive address: lsilogic numbers targets by unit on its bus, the other HBAs
    take channel, scsi-id and lun (qemuBuildDeviceAddressDriveProps)."""
    ctrl = find_controller(dom, "scsi", addr.controller)
    alias = controller_alias(dom, "scsi", addr.controller)
    if ctrl is not None and ctrl.model == "lsilogic":
        return props(("bus", f"{alias}.{addr.bus}"), ("scsi-id", addr.unit))
    return props(
        ("bus", f"{alias}.0"), ("channel", addr.bus), ("scsi-id", addr.target), ("lun", addr.unit)
    )


def rom_props(rom: Rom) -> Obj:
    """The option ROM of a PCI device (qemuBuildRomProps): enabled='no' is an empty file."""
    if rom.enabled is False:
        return props(("romfile", ""))
    bar = None if rom.bar is None else int(rom.bar)
    return props(("rombar", bar), ("romfile", rom.file))
