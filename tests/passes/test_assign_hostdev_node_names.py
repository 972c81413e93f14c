"""assign-hostdev-node-names: SCSI backends numbered on from the disks' block nodes."""

from __future__ import annotations

from dataclasses import replace

from passes.assign_hostdev_node_names import assign_hostdev_node_names
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import disk, source
from tests.passes.hostdev_builders import iscsi_lun, scsi_lun, vhost_scsi


def test_backends_follow_the_highest_disk_node() -> None:
    chain = source(node_id=2, backing=source(node_id=3))
    disks = (disk("vda", source=source(node_id=1)), disk("vdb", source=chain))
    dom = domain(disks=disks, hostdevs=(scsi_lun(), vhost_scsi(), iscsi_lun()))
    out = assign_hostdev_node_names(dom, context())
    assert [h.node_id for h in out.hostdevs] == [4, None, 5]


def test_without_disks_numbering_starts_at_1() -> None:
    out = assign_hostdev_node_names(domain(hostdevs=(scsi_lun(),)), context())
    assert replace(out.hostdevs[0], node_id=None) == scsi_lun()
    assert out.hostdevs[0].node_id == 1
