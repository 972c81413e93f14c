"""assign-disk-fdsets: fd sets in libvirt's storage walk, only where descriptors are passed."""

from __future__ import annotations

from dataclasses import replace

from compiler import profiles
from passes.assign_disk_fdsets import assign_disk_fdsets
from tests.passes.device_builders import context, domain
from tests.passes.disk_builders import disk, source


def test_fd_sets_follow_the_last_disk_first_walk() -> None:
    first = disk("vda", source=source(fdgroup="testgroup2"))
    chain = source(fdgroup="testgroup5", backing=source("/base", fdgroup="testgroup6"))
    out = assign_disk_fdsets(domain(disks=(first, disk("vdb", source=chain))), context())
    top = out.disks[1].source
    assert (top.fdset, top.backing.fdset if top.backing else None) == (0, 1)
    assert (out.disks[0].source.fdset, out.disks[0].source.fds) == (2, (700, 705))


def test_standalone_opens_the_path() -> None:
    ctx = replace(context(), profile=profiles.get("standalone"))
    out = assign_disk_fdsets(domain(disks=(disk("vda", source=source(fdgroup="g")),)), ctx)
    assert out.disks[0].source.fdset is None and not ctx.diagnostics


def test_an_unknown_group_is_refused() -> None:
    ctx = context()
    assign_disk_fdsets(domain(disks=(disk("vda", source=source(fdgroup="nope")),)), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]
