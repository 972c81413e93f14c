"""How each device family plugs into PCI (libvirt's qemuDomainDeviceCalculatePCIConnectFlags).

Not a pass: the connection flags that assign-pci-addresses' CONSUMERS table gives each
device. A device is a PCI Express endpoint on a machine with pcie-root and a conventional
PCI one elsewhere; virtio devices follow that rule except the transitional models, which
only work in conventional slots; a few devices (sound cards, the i6300esb watchdog, most
SCSI HBAs) are conventional PCI everywhere. ``None`` means the device takes no PCI address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler.ir.domain import Controller, Domain
from passes.pci_address_set import CONTROLLER_CONNECT, PCI_AUTO, PCIE_AUTO, Conn


def has_pcie_root(dom: Domain) -> bool:
    return any(c.type == "pci" and c.index == 0 and c.model == "pcie-root" for c in dom.controllers)


def endpoint(dom: Domain, *, pcie_capable: bool = True) -> Conn:
    """A PCI Express endpoint where the machine has PCIe, else a conventional one."""
    return PCIE_AUTO if pcie_capable and has_pcie_root(dom) else PCI_AUTO


def virtio(dom: Domain, model: str | None) -> Conn:
    """Virtio devices are PCIe, except transitional ones (conventional PCI slots only)."""
    return endpoint(dom, pcie_capable=model != "virtio-transitional")


_USB_PCIE = frozenset({"qemu-xhci", "nec-xhci"})
_USB_NOT_PCI = frozenset({"none", "qusb1", "qusb2"})
_SCSI_NOT_PCI = frozenset({"ncr53c90"})


def pci_controller(dom: Domain, ctrl: Controller) -> Conn | None:
    if ctrl.type != "pci":
        return None
    return CONTROLLER_CONNECT.get(ctrl.model or "")


def other_controller(dom: Domain, ctrl: Controller) -> Conn | None:
    if ctrl.type in ("sata", "ide"):
        return None if ctrl.index == 0 and ctrl.type == "ide" else PCI_AUTO
    if ctrl.type == "usb" and ctrl.model not in _USB_NOT_PCI:
        return endpoint(dom, pcie_capable=ctrl.model in _USB_PCIE)
    if ctrl.type == "scsi" and ctrl.model not in _SCSI_NOT_PCI:
        if ctrl.model in ("virtio-scsi", "virtio-non-transitional"):
            return virtio(dom, ctrl.model)
        return PCI_AUTO
    if ctrl.type == "virtio-serial":
        return virtio(dom, ctrl.model)
    return None


def pci_model(*models: str) -> Callable[[Domain, Any], Conn | None]:
    """Conventional PCI for these models, no PCI for the others."""
    return lambda dom, dev: PCI_AUTO if dev.model in models else None


def virtio_model(dom: Domain, dev: Any) -> Conn | None:
    return None if dev.model == "none" else virtio(dom, dev.model)


def net(dom: Domain, net: Any) -> Conn | None:
    if net.type == "hostdev" or net.model == "usb-net":
        return None
    if net.model in ("virtio", "virtio-non-transitional", "virtio-transitional"):
        return virtio(dom, net.model)
    return endpoint(dom, pcie_capable=net.model in ("e1000e", "igb", None))


def filesystem(dom: Domain, fs: Any) -> Conn | None:
    return virtio(dom, fs.model) if fs.driver in (None, "path", "handle", "virtiofs") else None


def virtio_disk(dom: Domain, disk: Any) -> Conn | None:
    return virtio(dom, getattr(disk, "model", None)) if disk.bus == "virtio" else None


def video(dom: Domain, video: Any) -> Conn | None:
    if video.type == "virtio":
        return virtio(dom, None)
    if video.type == "bochs":
        return endpoint(dom)
    return None if video.type in (None, "none", "ramfb", "gop") else PCI_AUTO


def virtio_input(dom: Domain, dev: Any) -> Conn | None:
    return virtio(dom, dev.model) if dev.bus == "virtio" else None


def pci_serial(dom: Domain, chr_: Any) -> Conn | None:
    return PCI_AUTO if chr_.target_type == "pci-serial" else None


def virtio_iommu(dom: Domain, iommu: Any) -> Conn | None:
    return endpoint(dom) | Conn.INTEGRATED if iommu.model == "virtio" else None


def virtio_memory(dom: Domain, mem: Any) -> Conn | None:
    return virtio(dom, None) if mem.model in ("virtio-pmem", "virtio-mem") else None


def pvpanic(dom: Domain, panic: Any) -> Conn | None:
    return PCI_AUTO | Conn.INTEGRATED if panic.model == "pvpanic" else None


def hostdev_net(dom: Domain, net: Any) -> Conn | None:
    """A type='hostdev' NIC is a PCI host function, placed before the <hostdev>s."""
    return endpoint(dom) if net.type == "hostdev" else None


def hostdev(dom: Domain, dev: Any) -> Conn | None:
    """PCI functions and vfio-pci mdevs are endpoints (PCIe where the machine has it);
    vhost-scsi is a virtio device; USB, SCSI LUNs and s390 mdevs take no PCI slot."""
    if dev.type == "pci" or (dev.type == "mdev" and dev.model == "vfio-pci"):
        return endpoint(dom)
    if dev.type == "scsi_host":
        return virtio(dom, dev.model)
    return None
