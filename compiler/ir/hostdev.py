"""Domain IR for <hostdev mode='subsystem'>: host hardware handed to the guest.

A Hostdev keeps libvirt's split by ``type``: what the host side is (a PCI function, a USB
device, a SCSI LUN reached through a host adapter or iSCSI, a vhost-scsi target, a
mediated device) lives in ``source``, one dataclass per kind; what the guest sees (its
address, boot order, ROM, ACPI index) lives on the Hostdev itself. The lowering turns the
first into a backend (a -blockdev for SCSI, a sysfs path or host address for the others)
and the second into the -device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, PciAddress, Tristate
from compiler.ir.net import Rom
from compiler.ir.storage import StorageSource

HostdevType = Literal["pci", "usb", "scsi", "scsi_host", "mdev"]
# <hostdev type='scsi_host' model=...>: the vhost-scsi device flavours.
VhostScsiModel = Literal["virtio", "virtio-transitional", "virtio-non-transitional"]
MdevModel = Literal["vfio-pci", "vfio-ccw", "vfio-ap"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PciHostSource:
    """<source><address domain bus slot function/>: the host PCI function to assign."""

    address: PciAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class UsbHostSource:
    """<source>: a USB device by <vendor>/<product> ids, by <address bus device>, or both."""

    vendor: int | None = None
    product: int | None = None
    bus: int | None = None
    device: int | None = None
    guest_reset: Literal["off", "uninitialized", "on"] | None = None  # <source guestReset>


@dataclass(frozen=True, slots=True, kw_only=True)
class ScsiHostSource:
    """<source><adapter name/><address bus target unit/>: a LUN behind a host SCSI adapter."""

    adapter: str
    bus: int
    target: int
    unit: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IscsiHostSource:
    """<source protocol='iscsi' name='IQN/LUN'>: a LUN of a remote iSCSI target; ``storage``
    is the network layer (type 'network', protocol 'iscsi') with hosts, auth and initiator."""

    storage: StorageSource


@dataclass(frozen=True, slots=True, kw_only=True)
class VhostScsiSource:
    """<source protocol='vhost' wwpn>: a vhost-scsi target of the host kernel."""

    wwpn: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MdevSource:
    """<source><address uuid/>: a mediated device (a vGPU slice, an s390 AP queue...)."""

    uuid: str


HostdevSource = (
    PciHostSource | UsbHostSource | ScsiHostSource | IscsiHostSource | VhostScsiSource | MdevSource
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Hostdev:
    span: Span
    type: HostdevType
    source: HostdevSource
    managed: Tristate = None  # libvirt detaches the host driver itself: no argv effect
    driver: str | None = None  # PCI <driver name>: only 'vfio' exists for QEMU now
    readonly: bool = False  # SCSI <readonly/>
    shareable: bool = False  # SCSI <shareable/>
    sgio: str | None = None  # SCSI sgio='filtered'|'unfiltered': a host-side setting
    rawio: Tristate = None  # SCSI rawio: a host-side capability of the QEMU process
    model: str | None = None  # scsi_host: VhostScsiModel; mdev: MdevModel
    display: Tristate = None  # mdev vfio-pci display='on'
    ramfb: Tristate = None  # mdev vfio-pci ramfb='on': the boot display of a vGPU
    rom: Rom = Rom()
    acpi_index: int | None = None
    info: DeviceInfo = DeviceInfo()
    node_id: int | None = None  # SCSI backends: set by assign-hostdev-node-names
