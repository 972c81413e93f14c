"""assign-hostdev-drive-addresses: the first free SCSI unit, controller by controller."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo
from passes.assign_hostdev_drive_addresses import assign_hostdev_drive_addresses
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import disk, drive
from tests.passes.hostdev_builders import scsi_controller, scsi_lun


def _addresses(dom):  # type: ignore[no-untyped-def]
    return [h.info.address for h in assign_hostdev_drive_addresses(dom, context()).hostdevs]


def test_units_used_by_disks_and_hostdevs_are_skipped() -> None:
    sda = disk("sda", bus="scsi", info=DeviceInfo(address=drive(unit=0)))
    dom = domain(
        controllers=(scsi_controller(),),
        disks=(sda,),
        hostdevs=(scsi_lun(), scsi_lun(drive(unit=1)), scsi_lun()),
    )
    assert _addresses(dom) == [drive(unit=2), drive(unit=1), drive(unit=3)]


def test_lsilogic_keeps_unit_7_for_itself() -> None:
    written = tuple(scsi_lun(drive(unit=u)) for u in range(7))
    dom = domain(controllers=(scsi_controller(model="lsilogic"),), hostdevs=(*written, scsi_lun()))
    assert _addresses(dom)[-1] == drive(unit=8)


def test_a_full_controller_moves_on_to_the_next() -> None:
    written = tuple(scsi_lun(drive(unit=u)) for u in range(16))
    dom = domain(controllers=(scsi_controller(),), hostdevs=(*written, scsi_lun()))
    assert _addresses(dom)[-1] == drive(controller=1)
