"""Enforce ``--policy strict`` (HOSTILE-INPUT.md §4), for domain XML from tenants.

Under the strict policy: the emulator is the target's QEMU; no QEMU namespace content;
every host path is absolute, free of '..', and below a root given with --allow-path-root;
no host block devices or host device assignment without --allow-host-devices; every disk
states its format. Host paths
are found generically: every IR field declared with ``host_path()``, plus local image
layers of disks. Runs before fill-disk-defaults, which would supply the missing formats.
Before: <disk type='block'><source dev='/dev/sda'/></disk> with --policy strict
After:  E222 at the <disk>; Domain unchanged.
Postcondition: with the strict policy and no errors, none of the rules above is broken.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator
from typing import Any

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.domain import ChardevSource, Disk, Domain, StorageSource
from compiler.passmanager import Pass, PassContext

_LOCAL_TYPES = frozenset({"file", "block", "dir"})
_CHARDEV_PATH_TYPES = frozenset({"dev", "file", "pipe", "unix"})
# Device families that pass host hardware to the guest (field names on Domain).
_HOST_DEVICE_FIELDS = ("hostdevs",)


def refuse_strict_policy(dom: Domain, ctx: PassContext) -> Domain:
    if not ctx.policy.strict:
        return dom
    if dom.emulator is not None and dom.emulator != ctx.target.emulator:
        ctx.error(
            codes.E224_STRICT_EMULATOR,
            dom.span,
            path=q(dom.emulator),
            expected=q(ctx.target.emulator),
        )
    ns = dom.qemu
    for items, element in ((ns.args, "arg"), (ns.env, "env"), (ns.overrides, "override")):
        for item in items:
            ctx.error(codes.E220_STRICT_PASSTHROUGH, item.span, element=element)
    for span, _name in (*ns.caps_add, *ns.caps_del):
        ctx.error(codes.E220_STRICT_PASSTHROUGH, span, element="capabilities")
    for span, path in host_paths(dom):
        why = _path_problem(path, ctx.policy.path_roots)
        if why:
            ctx.error(codes.E221_STRICT_PATH, span, path=q(path), why=why)
    if not ctx.policy.allow_host_devices:
        for disk in dom.disks:
            if any(layer.type == "block" for layer in _layers(disk.source)):
                ctx.error(
                    codes.E222_STRICT_HOST_DEVICE,
                    disk.span,
                    what=f"disk {q(disk.target)} on a host block device",
                )
        for field_name in _HOST_DEVICE_FIELDS:
            for dev in getattr(dom, field_name, ()):
                ctx.error(codes.E222_STRICT_HOST_DEVICE, dev.span, what="<hostdev>")
    for disk in dom.disks:
        if _needs_format(disk):
            ctx.error(codes.E223_STRICT_DISK_FORMAT, disk.span, target=q(disk.target))
    return dom


def host_paths(dom: Domain) -> Iterator[tuple[Span, str]]:
    """Every host path in the tree, in document order, with the span of its node."""
    yield from _walk(dom, dom.span)


def _walk(node: Any, span: Span) -> Iterator[tuple[Span, str]]:
    if isinstance(node, tuple):
        for item in node:
            yield from _walk(item, span)
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    own = getattr(node, "span", None)
    here = own if isinstance(own, Span) else span
    if isinstance(node, StorageSource) and node.type in _LOCAL_TYPES and node.path:
        yield here, node.path
    if isinstance(node, ChardevSource):
        if node.type in _CHARDEV_PATH_TYPES and node.path:
            yield here, node.path
        if node.log_file:
            yield here, node.log_file
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.metadata.get("host_path") and isinstance(value, str):
            yield here, value
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            yield from _walk(value, here)


def _path_problem(path: str, roots: tuple[str, ...]) -> str | None:
    if not path.startswith("/"):
        return "is not absolute"
    if ".." in path.split("/"):
        return "contains '..'"
    normal = posixpath.normpath(path)
    for root in roots:
        base = posixpath.normpath(root)
        if normal == base or normal.startswith(base.rstrip("/") + "/"):
            return None
    return "is not below an --allow-path-root directory"


def _layers(src: StorageSource | None) -> Iterator[StorageSource]:
    while src is not None:
        yield src
        src = src.backing


def _needs_format(disk: Disk) -> bool:
    return any(
        layer.type in _LOCAL_TYPES and layer.path and not layer.format
        for layer in _layers(disk.source)
    )


PASS = Pass(
    name="refuse-strict-policy",
    run=refuse_strict_policy,
    summary="Enforce --policy strict: no passthrough, confined host paths, stated formats",
)
