"""fill-disk-defaults: libvirt's disk post-parse defaults, one behaviour per test."""

from __future__ import annotations

from compiler.ir.domain import Encryption, NetworkHost
from passes.fill_disk_defaults import fill_disk_defaults
from tests.passes.device_builders import SPAN, context, domain, messages
from tests.passes.disk_builders import disk, source


def _one(d):  # type: ignore[no-untyped-def]
    return fill_disk_defaults(domain(disks=(d,)), context()).disks[0]


def test_bus_follows_the_target_prefix() -> None:
    assert [_one(disk(t)).bus for t in ("hda", "sdb", "vdc", "fda")] == [
        "ide",
        "scsi",
        "virtio",
        "fdc",
    ]


def test_a_floppy_is_always_on_fdc() -> None:
    assert _one(disk("hda", device="floppy")).bus == "fdc"


def test_a_cdrom_is_read_only() -> None:
    assert _one(disk("hdc", device="cdrom")).readonly


def test_local_images_default_to_raw_and_empty_drives_stay_unformatted() -> None:
    assert _one(disk("vda")).source.format == "raw"
    assert _one(disk("hdc", device="cdrom", source=source(None))).source.format is None


def test_shareable_writable_disks_bypass_the_host_cache() -> None:
    assert _one(disk("vda", shareable=True)).driver.cache == "none"
    assert _one(disk("hdc", shareable=True, readonly=True)).driver.cache is None


def test_network_hosts_get_the_protocol_port() -> None:
    src = source("iqn.x/1", type="network", protocol="iscsi", hosts=(NetworkHost(name="h"),))
    assert _one(disk("vda", source=src)).source.hosts[0].port == 3260


def test_encryption_defaults_to_the_qemu_engine() -> None:
    src = source(encryption=Encryption(span=SPAN, format="luks"))
    enc = _one(disk("vda", source=src)).source.encryption
    assert enc is not None and enc.engine == "qemu"


def test_a_partition_is_not_a_disk_target() -> None:
    assert messages(fill_disk_defaults, domain(disks=(disk("vdb1"),))) == [
        "invalid disk target 'vdb1': partitions can't be disk targets"
    ]
