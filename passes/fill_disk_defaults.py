"""Fill each disk's post-parse defaults, as libvirt's disk post-parse and prepare steps do.

* the bus follows the target name when the XML gives none ('hd*' ide, 'sd*' scsi, 'vd*'
  virtio, 'fd*' fdc); a floppy is always on fdc;
* a CD-ROM is read-only;
* local images without a format are raw: xml2argv, like libvirt with probing disabled,
  never guesses a format from the content; a pool volume of a directory is 'fat';
* a shareable, writable disk without a cache mode gets cache='none' (libvirt's
  qemuDomainPrepareDiskCachemode: host caching would corrupt a shared image);
* network hosts without a port get the protocol's well-known port;
* encryption without an engine is done by QEMU.
Before: <disk><target dev='vdb'/><source file='a.img'/></disk>
After:  Disk(bus='virtio', source=StorageSource(format='raw'))
Postcondition: every disk has a bus; every non-empty image layer has a format.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Disk, Domain, StorageSource
from compiler.ir.query import disk_index, hosts_with_default_ports
from compiler.passmanager import Pass, PassContext

_BUS_BY_PREFIX = (
    ("xvd", "xen"),
    ("ubd", "uml"),
    ("hd", "ide"),
    ("sd", "scsi"),
    ("vd", "virtio"),
    ("fd", "fdc"),
)
# virStorageSourceNetworkDefaultPort; rbd and nfs have none.


def fill_disk_defaults(dom: Domain, ctx: PassContext) -> Domain:
    disks = []
    for disk in dom.disks:
        if disk_index(disk.target) is None:
            detail = f"disk target {q(disk.target)} is not a valid disk name"
            if disk_index(disk.target.rstrip("0123456789")) is not None:
                detail = f"invalid disk target {q(disk.target)}: partitions can't be disk targets"
            ctx.error(codes.E104_INVALID_CONFIG, disk.target_span or disk.span, detail=detail)
            continue
        disks.append(_fill(disk))
    return replace(dom, disks=tuple(disks))


def _fill(disk: Disk) -> Disk:
    bus = disk.bus or _default_bus(disk)
    readonly = disk.readonly or disk.device == "cdrom"
    driver = disk.driver
    if driver.cache in (None, "default") and disk.shareable and not readonly:
        driver = replace(driver, cache="none")
    return replace(
        disk, bus=bus, readonly=readonly, driver=driver, source=_fill_source(disk.source)
    )


def _default_bus(disk: Disk) -> str:
    if disk.device == "floppy":
        return "fdc"
    for prefix, bus in _BUS_BY_PREFIX:
        if disk.target.startswith(prefix):
            return bus
    return "ide"


def _fill_source(src: StorageSource) -> StorageSource:
    backing = None if src.backing is None else _fill_source(src.backing)
    fmt = src.format
    if fmt is None and (src.path is not None or src.type in ("network", "nvme")):
        fmt = "raw"
    hosts = hosts_with_default_ports(src)
    enc = src.encryption
    if enc is not None and enc.engine is None:
        enc = replace(enc, engine="qemu")
    return replace(src, format=fmt, backing=backing, hosts=hosts, encryption=enc)


def _formats_filled(dom: Domain) -> bool:
    for disk in dom.disks:
        src: StorageSource | None = disk.source
        while src is not None:
            if src.path is not None and src.format is None:
                return False
            src = src.backing
    return all(disk.bus for disk in dom.disks)


PASS = Pass(
    name="fill-disk-defaults",
    run=fill_disk_defaults,
    summary="Derive disk buses, read-only CD-ROMs, formats, cache modes and ports",
    ensures=_formats_filled,
)
