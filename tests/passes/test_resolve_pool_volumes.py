"""resolve-pool-volumes: pool volumes become the sources the profile's pools give."""

from __future__ import annotations

from dataclasses import replace

from compiler import profiles
from compiler.ir.domain import PoolVolume
from passes.resolve_pool_volumes import resolve_pool_volumes
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import disk, source


def _vol(pool: str, volume: str, mode: str | None = None):  # type: ignore[no-untyped-def]
    return disk(
        "vda",
        source=source(None, type="volume", pool=PoolVolume(pool=pool, volume=volume, mode=mode)),
    )


def test_a_directory_volume_becomes_a_fat_directory() -> None:
    src = (
        resolve_pool_volumes(domain(disks=(_vol("pool-disk", "dir+vol1"),)), context())
        .disks[0]
        .source
    )
    assert (src.type, src.path, src.format) == ("dir", "/some/dir/device/vol1", "fat")


def test_a_direct_iscsi_volume_becomes_an_iscsi_lun() -> None:
    dom = domain(disks=(_vol("pool-iscsi", "unit:0:0:3", "direct"),))
    src = resolve_pool_volumes(dom, context()).disks[0].source
    assert (src.type, src.protocol, src.path, src.hosts[0].name) == (
        "network",
        "iscsi",
        "demo-target/3",
        "iscsi.example.com",
    )


def test_standalone_has_no_pools() -> None:
    ctx = replace(context(), profile=profiles.get("standalone"))
    resolve_pool_volumes(domain(disks=(_vol("pool-disk", "dir+vol1"),)), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]
