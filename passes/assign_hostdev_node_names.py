"""Number the -blockdev backends of SCSI host devices, after the disks' nodes.

libvirt numbers block nodes with one counter: the disks' image chains first
(assign-node-names), then each SCSI <hostdev> in document order, whose backend (the host's
sg node or an iSCSI LUN) becomes 'libvirt-<n>-backend'. Local and iSCSI LUNs alike.
Before: one disk (node 1), SCSI hostdevs A, B without node ids.
After:  A.node_id = 2, B.node_id = 3.
Postcondition: every SCSI Hostdev has a node id above every disk layer's.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain, StorageSource
from compiler.passmanager import Pass, PassContext


def assign_hostdev_node_names(dom: Domain, ctx: PassContext) -> Domain:
    counter = max((n for disk in dom.disks for n in _node_ids(disk.source)), default=0)
    hostdevs = []
    for dev in dom.hostdevs:
        if dev.type == "scsi":
            counter += 1
            dev = replace(dev, node_id=counter)
        hostdevs.append(dev)
    return replace(dom, hostdevs=tuple(hostdevs))


def _node_ids(src: StorageSource | None) -> list[int]:
    ids = []
    while src is not None:
        if src.node_id is not None:
            ids.append(src.node_id)
        src = src.backing
    return ids


PASS = Pass(
    name="assign-hostdev-node-names",
    run=assign_hostdev_node_names,
    summary="Number SCSI hostdev backends after the disks' block nodes",
    ensures=lambda d: all(h.node_id is not None for h in d.hostdevs if h.type == "scsi"),
)
