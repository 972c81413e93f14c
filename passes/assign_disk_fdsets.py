"""Put the descriptors of every <source fdgroup=...> into a QEMU fd set.

A management application can hand libvirt open file descriptors for an image
(virDomainFDAssociate) instead of letting it open the path; libvirt passes them to QEMU
with -add-fd and opens '/dev/fdset/N'. Fd sets are numbered from 0 in the order libvirt
prepares storage: disks from the last to the first, each chain from the top image down
(as assign-node-names). The groups a caller associated are a runtime fact: the
libvirt-test profile has the ones libvirt's test harness associates; a standalone launch
inherits no descriptors, so there the image is opened by its path.
Before: StorageSource(fdgroup='testgroup5')   After: StorageSource(fdset=0, fds=(704,))
Postcondition: with a descriptor-passing profile, every layer with an fd group has an fd set.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, StorageSource
from compiler.passmanager import Pass, PassContext


def assign_disk_fdsets(dom: Domain, ctx: PassContext) -> Domain:
    daemon = ctx.profile.daemon
    if daemon is None:
        return dom
    groups = dict(daemon.fd_groups)
    counter = [0]
    disks = list(dom.disks)
    for i in range(len(disks) - 1, -1, -1):
        disks[i] = replace(disks[i], source=_number(disks[i].source, groups, counter, ctx))
    return replace(dom, disks=tuple(disks))


def _number(
    src: StorageSource, groups: dict[str, tuple[int, ...]], counter: list[int], ctx: PassContext
) -> StorageSource:
    fdset = None
    fds: tuple[int, ...] = ()
    if src.fdgroup is not None:
        fds = groups.get(src.fdgroup, ())
        if not fds:
            detail = f"no file descriptors are associated with fd group {q(src.fdgroup)}"
            ctx.error(codes.E104_INVALID_CONFIG, src.span, detail=detail)
        else:
            fdset = counter[0]
            counter[0] += 1
    backing = None if src.backing is None else _number(src.backing, groups, counter, ctx)
    return replace(src, fdset=fdset, fds=fds, backing=backing)


PASS = Pass(
    name="assign-disk-fdsets",
    run=assign_disk_fdsets,
    summary="Number the fd sets of disk images opened from passed descriptors",
)
