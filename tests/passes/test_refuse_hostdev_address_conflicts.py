"""refuse-hostdev-address-conflicts: two SCSI hostdevs on one drive address."""

from __future__ import annotations

from passes.refuse_hostdev_address_conflicts import refuse_hostdev_address_conflicts
from tests.passes.device_builders import domain, messages
from tests.passes.disk_builders import drive
from tests.passes.hostdev_builders import iscsi_lun, scsi_lun


def test_second_hostdev_on_a_unit_is_refused() -> None:
    dom = domain(hostdevs=(scsi_lun(drive()), iscsi_lun(drive())))
    assert messages(refuse_hostdev_address_conflicts, dom) == [
        "SCSI host address controller='0' bus='0' target='0' unit='0' "
        "is already in use by another SCSI host device"
    ]


def test_distinct_units_pass() -> None:
    dom = domain(hostdevs=(scsi_lun(drive()), iscsi_lun(drive(unit=1))))
    assert messages(refuse_hostdev_address_conflicts, dom) == []
