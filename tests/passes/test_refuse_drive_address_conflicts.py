"""refuse-drive-address-conflicts: two disks on one drive address."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo
from compiler.ir.hostdev import Hostdev, ScsiHostSource
from passes.refuse_drive_address_conflicts import refuse_drive_address_conflicts
from tests.passes.device_builders import SPAN, domain, messages
from tests.passes.disk_builders import disk, drive


def _at(target: str, bus: str, unit: int = 0):  # type: ignore[no-untyped-def]
    return disk(target, bus=bus, info=DeviceInfo(address=drive(unit=unit)))


def test_same_bus_same_address_conflicts() -> None:
    found = messages(
        refuse_drive_address_conflicts, domain(disks=(_at("sda", "scsi"), _at("sdb", "scsi")))
    )
    assert found == [
        "drive address controller='0' bus='0' target='0' unit='0' of disk 'sdb' "
        "is already in use by disk 'sda'"
    ]


def test_different_buses_or_units_do_not_conflict() -> None:
    disks = (_at("sda", "scsi"), _at("hda", "ide"), _at("sdb", "scsi", unit=1))
    assert messages(refuse_drive_address_conflicts, domain(disks=disks)) == []


def test_a_scsi_disk_cannot_take_a_scsi_host_device_unit() -> None:
    source = ScsiHostSource(adapter="scsi_host2", bus=0, target=0, unit=1)
    hostdev = Hostdev(span=SPAN, type="scsi", source=source, info=DeviceInfo(address=drive()))
    dom = domain(disks=(_at("sda", "scsi"),), hostdevs=(hostdev,))
    assert messages(refuse_drive_address_conflicts, dom) == [
        "drive address controller='0' bus='0' target='0' unit='0' of disk 'sda' "
        "is already in use by a SCSI host device"
    ]
