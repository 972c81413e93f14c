"""Fill each disk's bus and image format, as libvirt's disk post-parse does.

The bus follows the target name when the XML gives none ('hd*' ide, 'sd*' scsi, 'vd*'
virtio, 'fd*' fdc); a floppy is always on fdc. Local images without a format are raw:
xml2argv, like libvirt with probing disabled, never guesses a format from the content.
Before: <disk><target dev='vdb'/><source file='a.img'/></disk>
After:  Disk(bus='virtio', source=StorageSource(format='raw'))
Postcondition: every disk has a bus; every non-empty local image layer has a format.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Disk, Domain, StorageSource
from compiler.ir.query import disk_index
from compiler.passmanager import Pass, PassContext

_BUS_BY_PREFIX = (
    ("xvd", "xen"),
    ("ubd", "uml"),
    ("hd", "ide"),
    ("sd", "scsi"),
    ("vd", "virtio"),
    ("fd", "fdc"),
)


def fill_disk_defaults(dom: Domain, ctx: PassContext) -> Domain:
    disks = []
    for disk in dom.disks:
        if disk_index(disk.target) is None:
            ctx.error(
                codes.E104_INVALID_CONFIG,
                disk.span,
                detail=f"disk target {q(disk.target)} is not a valid disk name",
            )
            continue
        bus = disk.bus or _default_bus(disk)
        disks.append(replace(disk, bus=bus, source=_fill_format(disk.source)))
    return replace(dom, disks=tuple(disks))


def _default_bus(disk: Disk) -> str:
    if disk.device == "floppy":
        return "fdc"
    for prefix, bus in _BUS_BY_PREFIX:
        if disk.target.startswith(prefix):
            return bus
    return "ide"


def _fill_format(src: StorageSource) -> StorageSource:
    backing = None if src.backing is None else _fill_format(src.backing)
    fmt = src.format
    if fmt is None and src.type in ("file", "block", "dir") and src.path is not None:
        fmt = "raw"
    return replace(src, format=fmt, backing=backing)


PASS = Pass(
    name="fill-disk-defaults",
    run=fill_disk_defaults,
    summary="Derive disk buses from target names; default local image formats to raw",
    ensures=lambda d: all(disk.bus for disk in d.disks),
)
