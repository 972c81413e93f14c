"""Domain IR for <controller>: PCI buses, USB, SCSI, SATA, IDE, virtio-serial, CCID...

A controller is identified by (type, index). PCI controllers carry the options libvirt
keeps in virDomainPCIControllerOpts; the address pass fills the ones left out (chassis,
port, the QEMU model name). USB2 companion controllers (ich9-uhci*) share the index of
their EHCI master and name its first port in ``master_startport``.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate
from compiler.ir.devices import VirtioOptions


@dataclass(frozen=True, slots=True, kw_only=True)
class PciControllerOptions:
    """<model name=...> and <target .../> of a PCI controller."""

    model_name: str | None = None  # None until assign-pci-addresses picks the default
    chassis_nr: int | None = None  # pci-bridge; defaults to the index
    chassis: int | None = None  # root and downstream ports; defaults to the index
    port: int | None = None  # root ports: (slot << 3) + function; downstream: slot
    bus_nr: int | None = None  # expander buses
    numa_node: int | None = None
    hotplug: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ControllerDriver:
    """<driver .../>: queue and I/O knobs of SCSI and virtio-serial controllers."""

    queues: int | None = None
    cmd_per_lun: int | None = None
    max_sectors: int | None = None
    ioeventfd: Tristate = None
    iothread: int | None = None
    virtio: VirtioOptions = VirtioOptions()


@dataclass(frozen=True, slots=True, kw_only=True)
class Controller:
    span: Span
    type: str  # pci, usb, ide, sata, scsi, fdc, virtio-serial, ccid, xenbus, isa
    index: int | None = None  # None until assign-controller-indexes
    model: str | None = None  # None until fill-controllers
    ports: int | None = None  # usb ports / virtio-serial max ports
    vectors: int | None = None
    pci: PciControllerOptions = PciControllerOptions()
    driver: ControllerDriver = ControllerDriver()
    master_startport: int | None = None  # <master startport=...> of a USB companion
    implicit: bool = False  # added by a pass, not written in the XML
    info: DeviceInfo = DeviceInfo()


USB2_MODELS = frozenset({"ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3"})


def is_usb2(ctrl: Controller) -> bool:
    """An ICH9 EHCI master or one of its UHCI companions (libvirt's IS_USB2_CONTROLLER)."""
    return ctrl.type == "usb" and ctrl.model in USB2_MODELS


def insert_controller(ctrls: tuple[Controller, ...], new: Controller) -> tuple[Controller, ...]:
    """Insert as libvirt's virDomainControllerInsertPreAlloced does.

    Controllers of one type stay together, ordered by index, with a master before the
    companions of the same index; a controller of a new type, or one without an index
    yet, goes after the last controller of its type (or at the end).
    """
    at = -1
    for i in range(len(ctrls) - 1, -1, -1):
        cur = ctrls[i]
        if cur.type != new.type:
            continue
        if new.index is None:
            at = i + 1
            break
        after = cur.index is not None and cur.index > new.index
        master_first = (
            new.master_startport is None
            and cur.master_startport is not None
            and cur.index == new.index
        )
        if after or master_first:
            at = i
        elif at == -1:
            at = i + 1
    if at == -1:
        return (*ctrls, new)
    return (*ctrls[:at], new, *ctrls[at:])
