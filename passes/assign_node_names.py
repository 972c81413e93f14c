"""Number the block nodes of every disk image chain, as libvirt does.

libvirt walks the disks from the last to the first, and each disk's chain from the top
image down its backing stores, giving each layer the next number; the layer's QEMU node
names are then 'libvirt-<n>-storage' and 'libvirt-<n>-format'. So the first disk on the
command line has the highest numbers. Empty drives (a cdrom without media) are numbered
too, although they have no nodes on the command line; SD cards and vhost-user disks,
which have no block nodes at all, are not.
Before: disks [hda, vda], no node ids.   After: vda top = 1, hda top = 2.
Postcondition: every layer has a node id; ids are unique.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Disk, Domain, StorageSource
from compiler.passmanager import Pass, PassContext


def assign_node_names(dom: Domain, ctx: PassContext) -> Domain:
    counter = 0
    disks = list(dom.disks)
    for i in range(len(disks) - 1, -1, -1):
        if not _has_nodes(disks[i]):
            continue
        chain = _layers(disks[i].source)
        ids = list(range(counter + 1, counter + 1 + len(chain)))
        counter += len(chain)
        disks[i] = replace(disks[i], source=_renumber(disks[i].source, ids))
    return replace(dom, disks=tuple(disks))


def _has_nodes(disk: Disk) -> bool:
    """SD cards are a legacy -drive and vhost-user disks a socket: neither has block nodes."""
    return disk.bus != "sd" and disk.source.type != "vhostuser"


def _layers(src: StorageSource | None) -> list[StorageSource]:
    layers = []
    while src is not None:
        layers.append(src)
        src = src.backing
    return layers


def _renumber(src: StorageSource, ids: list[int]) -> StorageSource:
    backing = None if src.backing is None else _renumber(src.backing, ids[1:])
    return replace(src, node_id=ids[0], backing=backing)


def _numbered(dom: Domain) -> bool:
    seen: set[int] = set()
    for disk in dom.disks:
        if not _has_nodes(disk):
            continue
        for layer in _layers(disk.source):
            if layer.node_id is None or layer.node_id in seen:
                return False
            seen.add(layer.node_id)
    return True


PASS = Pass(
    name="assign-node-names",
    run=assign_node_names,
    summary="Number block nodes: last disk first, each chain top to bottom",
    ensures=_numbered,
)
