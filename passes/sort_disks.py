"""Order disks as libvirt's virDomainDiskInsert does.

libvirt inserts each parsed disk after the last disk of the same bus whose index is not
higher (or before the first one whose index is higher); a disk on a bus not seen yet goes
last.
The command line, the drive node numbering and PCI slots all follow this order.
Before: hdc, vdb, hda, vda      After: hda, hdc, vda, vdb
Postcondition: within each bus, disks are sorted by their target index.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Disk, Domain
from compiler.ir.query import disk_index
from compiler.passmanager import Pass, PassContext


def _index(disk: Disk) -> int:
    return disk_index(disk.target) or 0


def sort_disks(dom: Domain, ctx: PassContext) -> Domain:
    # Inserting one disk at a time as libvirt does keeps the disks of a bus together, in
    # the order their bus first appeared, each bus sorted by index (ties keep document
    # order). Grouping and one stable sort per bus gives that order in O(n log n).
    by_bus: dict[str | None, list[Disk]] = {}
    for disk in dom.disks:
        by_bus.setdefault(disk.bus, []).append(disk)
    ordered = [d for disks in by_bus.values() for d in sorted(disks, key=_index)]
    return replace(dom, disks=tuple(ordered))


def _sorted_per_bus(dom: Domain) -> bool:
    last: dict[str | None, int] = {}
    for disk in dom.disks:
        if _index(disk) < last.get(disk.bus, -1):
            return False
        last[disk.bus] = _index(disk)
    return True


PASS = Pass(
    name="sort-disks",
    run=sort_disks,
    summary="Order disks as libvirt inserts them",
    ensures=_sorted_per_bus,
)
