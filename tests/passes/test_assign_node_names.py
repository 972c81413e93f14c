"""assign-node-names: last disk first, each chain top to bottom."""

from __future__ import annotations

from passes.assign_node_names import assign_node_names
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import disk, source


def test_numbering_runs_from_the_last_disk_down_each_chain() -> None:
    chain = source("/top", format="qcow2", backing=source("/base"))
    dom = domain(disks=(disk("hda", bus="ide", source=chain), disk("vda", bus="virtio")))
    out = assign_node_names(dom, context())
    top = out.disks[0].source
    assert (top.node_id, top.backing.node_id if top.backing else None) == (2, 3)
    assert out.disks[1].source.node_id == 1


def test_sd_cards_and_vhost_user_disks_have_no_nodes() -> None:
    vhost = disk("vdb", bus="virtio", source=source("/sock", type="vhostuser"))
    dom = domain(disks=(disk("sda", bus="sd"), vhost, disk("vda", bus="virtio")))
    out = assign_node_names(dom, context())
    assert [d.source.node_id for d in out.disks] == [None, None, 1]
