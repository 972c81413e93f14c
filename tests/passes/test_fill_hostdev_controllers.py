"""fill-hostdev-controllers: SCSI controllers up to the highest one a hostdev names."""

from __future__ import annotations

from passes.fill_hostdev_controllers import fill_hostdev_controllers
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import drive
from tests.passes.hostdev_builders import scsi_controller, scsi_lun


def test_missing_controllers_are_added_with_the_default_model() -> None:
    dom = domain(hostdevs=(scsi_lun(drive(controller=1)),))
    ctrls = fill_hostdev_controllers(dom, context()).controllers
    assert [(c.type, c.index, c.model, c.implicit) for c in ctrls] == [
        ("scsi", 0, "lsilogic", True),
        ("scsi", 1, "lsilogic", True),
    ]


def test_existing_controllers_are_kept() -> None:
    dom = domain(controllers=(scsi_controller(),), hostdevs=(scsi_lun(drive()),))
    assert fill_hostdev_controllers(dom, context()).controllers == (scsi_controller(),)
