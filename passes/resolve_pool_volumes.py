"""Translate type='volume' disks into the file, block, directory or iSCSI source they name.

libvirt asks its storage driver (qemuDomainPrepareDiskSource → virStorageTranslateDiskSourcePool):
a volume of a disk/dir/fs pool becomes its path with the volume's own type; a volume of
an iSCSI pool becomes, with mode='direct', an iSCSI LUN on the pool's host (the pool's
credentials replace the disk's) and otherwise the host's block device for that LUN.
xml2argv has no storage driver: the pools come from the profile. The libvirt-test
profile has the pools of libvirt's test suite and its fake volume lookup ('<type>+<name>'
is a <type> volume at /some/<type>/device/<name>); a standalone launch has none, so a
pool volume is refused there.
Before: <disk type='volume'><source pool='p' volume='dir+v'/>
After:  StorageSource(type='dir', path='/some/dir/device/v', format='fat')
Postcondition: no non-empty StorageSource has type 'volume'.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, NetworkHost, SourceType, StorageSource
from compiler.passmanager import Pass, PassContext
from compiler.profiles import StoragePool

_VOLUME_TYPES: dict[str, SourceType] = {"dir": "dir", "block": "block", "file": "file"}


def resolve_pool_volumes(dom: Domain, ctx: PassContext) -> Domain:
    daemon = ctx.profile.daemon
    pools = {} if daemon is None else {pool.name: pool for pool in daemon.pools}
    disks = []
    for disk in dom.disks:
        src = disk.source
        if src.type != "volume" or src.pool is None:
            disks.append(disk)
            continue
        pool = pools.get(src.pool.pool)
        if pool is None:
            detail = f"storage pool {q(src.pool.pool)} is unknown; use a file or block disk"
            ctx.error(codes.E104_INVALID_CONFIG, src.span, detail=detail)
            continue
        disks.append(replace(disk, source=_translate(src, pool)))
    return replace(dom, disks=tuple(disks))


def _translate(src: StorageSource, pool: StoragePool) -> StorageSource:
    assert src.pool is not None
    volume = src.pool.volume
    if pool.type == "iscsi" and src.pool.mode == "direct":
        lun = volume.rsplit(":", 1)[-1]
        return replace(
            src,
            type="network",
            protocol="iscsi",
            path=f"{pool.device}/{lun}",
            hosts=(NetworkHost(name=pool.host, port=3260),),
            auth=None,
            format=src.format or "raw",
        )
    kind, plus, name = volume.partition("+")
    if not plus:
        kind, name = "block", volume
    vtype = _VOLUME_TYPES.get(kind, "file")
    fmt = src.format
    if fmt is None:
        fmt = "fat" if vtype == "dir" else "raw"
    return replace(src, type=vtype, path=f"/some/{kind}/device/{name}", format=fmt)


PASS = Pass(
    name="resolve-pool-volumes",
    run=resolve_pool_volumes,
    summary="Translate storage pool volumes into the sources they name",
    ensures=lambda d: all(x.source.type != "volume" or x.source.pool is None for x in d.disks),
)
