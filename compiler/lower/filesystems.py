"""Lower <filesystem>: virtio-9p (-fsdev + -device) and virtiofs (vhost-user-fs).

Mirrors libvirt's qemuBuildFilesystemCommandLine. A 9p share is a ``-fsdev`` backend
(``local`` with a security model, or the old ``handle`` driver) plus a ``virtio-9p``
device; virtiofs talks to a virtiofsd daemon over a socket in the domain's state dir.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.devices import Filesystem
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props
from compiler.lower.virtio import virtio_head

_SECURITY_MODELS = {"passthrough": "passthrough", "mapped": "mapped", "squash": "none"}


def lower_filesystems(b: Builder) -> None:
    for fs in b.dom.filesystems:
        if fs.type != "mount":
            b.ctx.error(codes.E101_NOT_SUPPORTED, fs.span, what=f"filesystem type {q(fs.type)}")
        elif fs.driver == "virtiofs":
            _virtiofs(b, fs)
        elif fs.driver in (None, "path", "handle"):
            _nine_p(b, fs)
        else:
            b.ctx.error(codes.E101_NOT_SUPPORTED, fs.span, what=f"filesystem driver {q(fs.driver)}")


def _nine_p(b: Builder, fs: Filesystem) -> None:
    alias = fs.info.alias or ""
    fsdev = f"fsdev-{alias}"
    b.kv("-fsdev", _fsdev_head(fs), *_fsdev_options(fs, fsdev), span=fs.span)
    head = virtio_head(b, "virtio-9p", model=fs.model, options=fs.virtio)
    tail = props(("id", alias), ("fsdev", fsdev), ("mount_tag", fs.target))
    b.device(merge(head, tail, address_props(b.dom, fs.info)), fs.span)


def _fsdev_head(fs: Filesystem) -> str:
    return "handle" if fs.driver == "handle" else "local"


def _fsdev_options(fs: Filesystem, fsdev: str) -> list[tuple[str, str | None]]:
    options: list[tuple[str, str | None]] = []
    if fs.driver != "handle":
        # libvirt's post-parse default access mode for the path driver is passthrough.
        options.append(("security_model", _SECURITY_MODELS[fs.accessmode or "passthrough"]))
        if fs.multidevs not in (None, "default"):
            options.append(("multidevs", fs.multidevs))
        if fs.fmode is not None:
            options.append(("fmode", f"{fs.fmode:04o}"))
        if fs.dmode is not None:
            options.append(("dmode", f"{fs.dmode:04o}"))
    if fs.wrpolicy is not None:
        options.append(("writeout", fs.wrpolicy))
    options += [("id", fsdev), ("path", fs.source)]
    if fs.readonly:
        options.append(("readonly", None))
    return options


def _virtiofs(b: Builder, fs: Filesystem) -> None:
    alias = fs.info.alias or ""
    chardev = f"chr-vu-{alias}"
    socket = f"{b.ctx.profile.state_dir(b.dom.name)}/{alias}-fs.sock"
    b.kv("-chardev", "socket", ("id", chardev), ("path", socket), span=fs.span)
    head = virtio_head(b, "vhost-user-fs", model=fs.model, options=fs.virtio)
    tail = props(
        ("id", alias),
        ("chardev", chardev),
        ("queue-size", fs.queue_size),
        ("tag", fs.target),
        ("bootindex", fs.info.boot_order),
    )
    b.device(merge(head, tail, address_props(b.dom, fs.info)), fs.span)
