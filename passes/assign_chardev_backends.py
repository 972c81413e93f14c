"""Decide how each character backend reaches QEMU: pre-opened descriptors or paths.

Under libvirt (the libvirt-test profile) the management daemon opens host resources itself
and hands QEMU descriptors (qemuProcessPrepareHostBackendChardev): a file backend and a
log file each become an fd set (numbered from 0 in libvirt's device order: smartcards,
serials, parallels, channels, consoles), a listening unix socket an inherited fd.
Standalone, QEMU opens everything by path; a listening socket without a path gets one in
the domain's state directory (named after the channel, as qemuDomainPrepareChannel does).
Before: serial file '/tmp/s.log', channel unix bind without path.
After (libvirt-test): fdset=0; listen_fd=1729.  After (standalone): path=<state>/<name>.
Postcondition: every listening unix socket has a path or a descriptor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import count

from compiler.ir.chardev import Chardev, ChardevSource
from compiler.ir.domain import Domain, VirtioSerialAddress
from compiler.ir.query import prepared_fdsets
from compiler.passmanager import Pass, PassContext


def assign_chardev_backends(dom: Domain, ctx: PassContext) -> Domain:
    profile = ctx.profile
    # libvirt prepares the disks' fd sets first, then the character devices' ones.
    fdsets = count(max(prepared_fdsets(dom), default=-1) + 1)
    state_dir = profile.state_dir(dom.name)
    # The profile's monitor fd is the one fake listening descriptor libvirt's tests pass.
    listen_fd = profile.monitor_fd

    def backend(dev: Chardev) -> Chardev:
        if dev.kind == "console" and dev.target_type == "serial":
            return dev  # stands for serial 0, never opened on its own
        src = dev.source
        if profile.inherit_fds:
            src = _descriptors(src, fdsets, listen_fd)
        elif src.type == "unix" and src.path is None:
            src = replace(src, path=f"{state_dir}/{_socket_name(dev)}")
        return replace(dev, source=src)

    # libvirt's device order: smartcards come before the serial ports.
    smartcards = (
        tuple(
            c if c.source is None else replace(c, source=_descriptors(c.source, fdsets, listen_fd))
            for c in dom.smartcards
        )
        if profile.inherit_fds
        else dom.smartcards
    )
    return replace(
        dom,
        smartcards=smartcards,
        serials=tuple(backend(d) for d in dom.serials),
        parallels=tuple(backend(d) for d in dom.parallels),
        channels=tuple(backend(d) for d in dom.channels),
        consoles=tuple(backend(d) for d in dom.consoles),
    )


def _descriptors(src: ChardevSource, fdsets: Iterator[int], listen_fd: int | None) -> ChardevSource:
    fdset = next(fdsets) if src.type == "file" else None
    log_fdset = next(fdsets) if src.log_file is not None else None
    fd = listen_fd if src.type == "unix" and src.listen else None
    return replace(src, fdset=fdset, log_fdset=log_fdset, listen_fd=fd)


def _socket_name(dev: Chardev) -> str:
    if dev.target_name:
        return dev.target_name
    addr = None if dev.info is None else dev.info.address
    if isinstance(addr, VirtioSerialAddress):
        return f"vioser-{addr.controller:02d}-{addr.bus:02d}-{addr.port:02d}.sock"
    return f"{dev.kind}{dev.port or 0}.sock"


def _ready(dom: Domain) -> bool:
    devs = (*dom.serials, *dom.parallels, *dom.channels, *dom.consoles)
    return all(
        d.source.path is not None or d.source.listen_fd is not None
        for d in devs
        if d.source.type == "unix" and not (d.kind == "console" and d.target_type == "serial")
    )


PASS = Pass(
    name="assign-chardev-backends",
    run=assign_chardev_backends,
    summary="Give character backends inherited descriptors (libvirt) or paths (standalone)",
    ensures=_ready,
)
