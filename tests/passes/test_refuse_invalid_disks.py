"""refuse-invalid-disks: libvirt's disk validation rules, one rule per test."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo
from compiler.ir.domain import (
    Encryption,
    IoTune,
    MemoryBacking,
    NetworkHost,
    PciAddress,
    SecretRef,
    StorageAuth,
)
from passes.refuse_invalid_disks import refuse_invalid_disks
from tests.passes.device_builders import SPAN, domain, messages
from tests.passes.disk_builders import disk, source


def _refusals(*disks):  # type: ignore[no-untyped-def]
    return messages(refuse_invalid_disks, domain(disks=disks))


def test_a_valid_disk_passes() -> None:
    assert _refusals(disk("vda", bus="virtio", source=source(format="qcow2"))) == []


def test_targets_must_be_unique() -> None:
    assert _refusals(disk("sda", bus="scsi"), disk("sda", bus="usb")) == [
        "target 'sda' is used by more than one disk"
    ]


def test_a_lun_needs_a_block_device() -> None:
    assert _refusals(disk("sda", bus="scsi", device="lun")) == [
        "disk device='lun' is only valid for block type disk source"
    ]
    assert _refusals(disk("sda", bus="scsi", device="lun", source=source(type="block"))) == []


def test_vendor_and_product_only_on_scsi() -> None:
    assert _refusals(disk("vda", bus="virtio", vendor="V")) == [
        "only SCSI disks support <vendor> and <product>"
    ]


def test_a_shared_writable_image_must_be_raw() -> None:
    shared = disk("hda", bus="ide", shareable=True, source=source(format="qcow2"))
    assert len(_refusals(shared)) == 1


def test_formats_qemu_cannot_open() -> None:
    assert "use 'raw' instead" in _refusals(disk("hda", bus="ide", source=source(format="iso")))[0]


def test_encryption_needs_raw_or_qcow2() -> None:
    enc = Encryption(span=SPAN, format="luks", engine="qemu")
    assert _refusals(disk("vda", bus="virtio", source=source(format="vmdk", encryption=enc))) == [
        "encryption is supported only with 'raw' and 'qcow2' image format"
    ]


def test_iscsi_auth_needs_an_iscsi_secret() -> None:
    auth = StorageAuth(span=SPAN, username="u", secret=SecretRef(span=SPAN, type="ceph"))
    hosts = (NetworkHost(name="h", port=3260),)
    src = source("iqn/1", type="network", protocol="iscsi", hosts=hosts, auth=auth)
    assert _refusals(disk("vda", bus="virtio", source=src)) == [
        "invalid secret type 'ceph', iscsi needs 'iscsi'"
    ]


def test_a_usb_disk_needs_a_usb_address() -> None:
    info = DeviceInfo(address=PciAddress(slot=5))
    assert _refusals(disk("sda", bus="usb", info=info)) == [
        "USB disk 'sda' needs a USB address, not a pci address"
    ]


def test_raw_images_have_no_backing_store() -> None:
    src = source(format="raw", backing=source("/base", format="qcow2"))
    assert _refusals(disk("vda", bus="virtio", source=src)) == [
        "storage format 'raw' does not support backing store"
    ]


def test_network_protocols_need_their_hosts() -> None:
    src = source("export", type="network", protocol="nbd")
    assert _refusals(disk("vda", bus="virtio", source=src)) == [
        "protocol 'nbd' accepts only one host"
    ]


def test_protocols_qemu_cannot_open_are_refused() -> None:
    src = source("vdisk", type="network", protocol="vxhs", hosts=(NetworkHost(name="h"),))
    assert _refusals(disk("vda", bus="virtio", source=src)) == [
        "network disk protocol 'vxhs' is not supported by QEMU"
    ]


def test_iotune_total_and_read_limits_exclude_each_other() -> None:
    tune = IoTune(span=SPAN, values=(("total_bytes_sec", 5), ("read_bytes_sec", 1)))
    assert _refusals(disk("vda", bus="virtio", iotune=tune)) == [
        "total and read/write bytes_sec cannot be set at the same time"
    ]


def test_a_vhost_user_disk_needs_shared_memory() -> None:
    vhost = disk("vda", bus="virtio", source=source("/sock", type="vhostuser"))
    assert len(_refusals(vhost)) == 1
    shared = domain(disks=(vhost,), memory_backing=MemoryBacking(span=SPAN, access="shared"))
    assert messages(refuse_invalid_disks, shared) == []


def test_rawio_only_on_a_lun() -> None:
    assert _refusals(disk("sda", bus="scsi", rawio=True)) == [
        "rawio can be used only with device='lun'"
    ]


def test_floppies_live_on_the_fdc_bus() -> None:
    assert _refusals(disk("fda", bus="ide", device="floppy")) == [
        "invalid bus type 'ide' for a floppy disk"
    ]
