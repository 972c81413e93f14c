"""Host devices: libvirt's qemuBuildHostdevCommandLine, one builder per <hostdev> type.

PCI functions are always assigned through VFIO (the legacy KVM assignment is gone from
QEMU); USB devices become usb-host, named by their /dev/bus/usb node where QEMU takes one;
SCSI LUNs become a -blockdev backend (the host's sg node, or an iSCSI target) under a
scsi-generic device; vhost-scsi targets a vhost-scsi device fed a pre-opened
/dev/vhost-scsi descriptor; mediated devices are found by their sysfs path. Key order of
every JSON object follows the libvirt function named in each builder.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.diagnostics import Span
from compiler.ir.command import Obj
from compiler.ir.common import DeviceInfo, DriveAddress, PciAddress
from compiler.ir.hostdev import (
    Hostdev,
    IscsiHostSource,
    MdevSource,
    PciHostSource,
    ScsiHostSource,
    UsbHostSource,
    VhostScsiSource,
)
from compiler.ir.net import Net
from compiler.lower.address import address_props, rom_props, scsi_drive_props
from compiler.lower.blockdev import iscsi_props
from compiler.lower.builder import Builder, merge, props
from compiler.lower.secrets import secret_object
from compiler.lower.virtio import virtio_head


def lower_hostdevs(b: Builder) -> None:
    """libvirt keeps a type='hostdev' <interface> in its hostdev list too, ahead of the
    <hostdev> elements (they are parsed first): its NIC is the VF itself."""
    for net in b.dom.nets:
        if net.type == "hostdev":
            _net(b, net)
    for dev in b.dom.hostdevs:
        _BUILDERS[dev.type](b, dev)


def _net(b: Builder, net: Net) -> None:
    """The MAC address and VLAN are set on the VF by the host, never on the command line."""
    assert net.source is not None and net.source.host_pci is not None
    placement = _pci_placement(b, net.info, net.acpi_index)
    tail = merge(placement, rom_props(net.rom))
    _vfio_pci(b, net.source.host_pci, net.info, tail, net.span, failover=net.failover_pair)


def _pci(b: Builder, dev: Hostdev) -> None:
    assert isinstance(dev.source, PciHostSource)
    placement = _pci_placement(b, dev.info, dev.acpi_index)
    _vfio_pci(b, dev.source.address, dev.info, merge(placement, rom_props(dev.rom)), dev.span)


def _vfio_pci(
    b: Builder,
    host: PciAddress,
    info: DeviceInfo,
    tail: Obj,
    span: Span,
    *,
    failover: str | None = None,
) -> None:
    """qemuBuildPCIHostdevDevProps: vfio-pci on the host function's address; a VF that
    stands in for a virtio NIC names it as its failover pair."""
    head = props(
        ("driver", "vfio-pci"),
        ("host", f"{host.domain:04x}:{host.bus:02x}:{host.slot:02x}.{host.function:x}"),
        ("id", info.alias),
        ("bootindex", info.boot_order),
        ("failover_pair_id", failover),
    )
    b.device(merge(head, tail), span)


def _pci_placement(b: Builder, info: DeviceInfo, acpi_index: int | None) -> Obj:
    return merge(address_props(b.dom, info), props(("acpi-index", acpi_index)))


def _usb(b: Builder, dev: Hostdev) -> None:
    """qemuBuildUSBHostdevDevProps: the device node if QEMU takes one, else bus and
    address; a device given only by its ids is found by QEMU itself."""
    src = dev.source
    assert isinstance(src, UsbHostSource)
    located = src.bus is not None and src.device is not None
    by_node = located and b.ctx.target.has("usb-host.hostdevice")
    head = props(
        ("driver", "usb-host"),
        ("hostdevice", f"/dev/bus/usb/{src.bus:03d}/{src.device:03d}" if by_node else None),
        ("hostbus", src.bus if located and not by_node else None),
        ("hostaddr", src.device if located and not by_node else None),
        ("vendorid", src.vendor if not located else None),
        ("productid", src.product if not located else None),
        ("id", dev.info.alias),
        ("bootindex", dev.info.boot_order),
    )
    b.device(merge(head, _guest_reset(src), address_props(b.dom, dev.info)), dev.span)


def _guest_reset(src: UsbHostSource) -> Obj:
    """guestReset: 'off' never resets; 'uninitialized' only a device not yet configured."""
    if src.guest_reset is None:
        return props()
    if src.guest_reset == "off":
        return props(("guest-reset", False))
    return props(("guest-reset", True), ("guest-resets-all", src.guest_reset == "on"))


def _scsi(b: Builder, dev: Hostdev) -> None:
    """qemuBuildHostdevSCSIAttachPrepare + qemuBuildSCSIHostdevDevProps: the backend
    -blockdev (after its secret, for iSCSI with auth), then scsi-generic on it."""
    b.json("-blockdev", _backend_props(b, dev), dev.span)
    addr = dev.info.address
    assert isinstance(addr, DriveAddress)
    head = props(
        ("driver", "scsi-generic"),
        ("drive", _node_name(dev)),
        ("id", dev.info.alias),
        ("bootindex", dev.info.boot_order),
    )
    b.device(merge(head, scsi_drive_props(b.dom, addr)), dev.span)


def _node_name(dev: Hostdev) -> str:
    return f"libvirt-{dev.node_id}-backend"


def _backend_props(b: Builder, dev: Hostdev) -> Obj:
    src = dev.source
    tail = props(("node-name", _node_name(dev)), ("read-only", dev.readonly))
    if isinstance(src, IscsiHostSource):
        return merge(_iscsi_props(b, dev, src), tail)
    assert isinstance(src, ScsiHostSource)
    # The host's sg node of the LUN, which the daemon looks up (refuse-invalid-hostdevs
    # refuses a local LUN where there is no daemon).
    daemon = b.ctx.profile.daemon
    assert daemon is not None
    return merge(props(("driver", "host_device"), ("filename", daemon.scsi_sg_device)), tail)


def _iscsi_props(b: Builder, dev: Hostdev, src: IscsiHostSource) -> Obj:
    """The LUN's -blockdev, after the secret object of its password (named after the
    backend node, unlike a disk's)."""
    auth = src.storage.auth
    if auth is None:
        return iscsi_props(src.storage, None)
    secret = f"{_node_name(dev)}-secret0"
    b.json("-object", secret_object(b, secret, auth.secret), auth.span)
    return iscsi_props(src.storage, secret)


def _vhost_scsi(b: Builder, dev: Hostdev) -> None:
    """qemuBuildSCSIVHostHostdevDevProps: a virtio device on a pre-opened vhost-scsi fd
    (refuse-invalid-hostdevs refuses it where nothing hands QEMU that descriptor)."""
    assert isinstance(dev.source, VhostScsiSource)
    daemon = b.ctx.profile.daemon
    assert daemon is not None
    head = virtio_head(b, "vhost-scsi", model=dev.model)
    tail = props(
        ("wwpn", dev.source.wwpn),
        ("vhostfd", str(daemon.vhost_scsi_fd)),
        ("id", dev.info.alias),
        ("bootindex", dev.info.boot_order),
    )
    b.device(merge(head, tail, _pci_placement(b, dev.info, dev.acpi_index)), dev.span)


def _mdev(b: Builder, dev: Hostdev) -> None:
    """qemuBuildHostdevMediatedDevProps: the VFIO device on the mdev's sysfs node. A vGPU
    with a ramfb boot display cannot be unplugged, hence vfio-pci-nohotplug."""
    assert isinstance(dev.source, MdevSource)
    driver = "vfio-pci-nohotplug" if dev.ramfb else dev.model
    display = None if dev.display is None else ("on" if dev.display else "off")
    head = props(
        ("driver", driver),
        ("id", dev.info.alias),
        ("sysfsdev", f"/sys/bus/mdev/devices/{dev.source.uuid}"),
        ("display", display),
        ("ramfb", True if dev.ramfb else None),
        ("bootindex", dev.info.boot_order),
    )
    b.device(merge(head, _pci_placement(b, dev.info, dev.acpi_index)), dev.span)


_BUILDERS: dict[str, Callable[[Builder, Hostdev], None]] = {
    "pci": _pci,
    "usb": _usb,
    "scsi": _scsi,
    "scsi_host": _vhost_scsi,
    "mdev": _mdev,
}
