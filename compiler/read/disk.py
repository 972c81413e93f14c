"""Read <disk>: the image chain (<source>, <backingStore>), <driver>, <target> and flags."""

from __future__ import annotations

from typing import Literal, cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Disk, DiskDriver, NetworkHost, StorageSource
from compiler.read.common import read_device_info
from compiler.read.node import Node

SourceType = Literal["file", "block", "dir", "network", "volume", "nvme", "vhostuser"]
_PATH_ATTR = {"file": "file", "block": "dev", "dir": "dir"}


def read_disk(node: Node) -> Disk:
    device = node.attr("device") or "disk"
    source = _source(node, node.attr("type") or "file")
    driver_node = node.child("driver")
    driver = DiskDriver()
    if driver_node is not None:
        driver = _driver(driver_node)
        source = _with_format(source, driver_node.attr("type"))
    target = node.child("target")
    if target is None:
        raise node.fail(codes.E105_MISSING, what="<target> of <disk>")
    return Disk(
        span=node.span,
        device=cast(Literal["disk", "cdrom", "floppy", "lun"], device),
        source=source,
        target=target.req("dev"),
        bus=target.attr("bus"),
        tray=target.attr("tray"),
        driver=driver,
        readonly=node.child("readonly") is not None,
        shareable=node.child("shareable") is not None,
        transient=node.child("transient") is not None,
        serial=node.child_text("serial"),
        wwn=node.child_text("wwn"),
        vendor=node.child_text("vendor"),
        product=node.child_text("product"),
        info=read_device_info(node),
    )


def _with_format(source: StorageSource, fmt: str | None) -> StorageSource:
    from dataclasses import replace

    return source if fmt is None else replace(source, format=fmt)


def _source(disk: Node, kind: str) -> StorageSource:
    """The top image and, through <backingStore>, the chain below it."""
    src = disk.child("source")
    backing = _backing(disk.child("backingStore"))
    if kind not in ("file", "block", "dir", "network", "volume", "nvme", "vhostuser"):
        raise disk.fail(codes.E102_UNSUPPORTED_VALUE, what="disk type", value=q(kind))
    span = disk.span if src is None else src.span
    path = protocol = name = None
    hosts: tuple[NetworkHost, ...] = ()
    if src is not None:
        if kind in _PATH_ATTR:
            path = src.attr(_PATH_ATTR[kind])
        elif kind == "network":
            protocol = src.req("protocol")
            name = src.attr("name")
            hosts = tuple(
                NetworkHost(
                    name=h.attr("name"),
                    port=h.attr("port"),
                    transport=h.attr("transport"),
                    socket=h.attr("socket"),
                )
                for h in src.children("host")
            )
    return StorageSource(
        span=span,
        type=cast(SourceType, kind),
        path=path,
        protocol=protocol,
        name=name,
        hosts=hosts,
        backing=backing,
    )


def _backing(node: Node | None) -> StorageSource | None:
    if node is None:
        return None
    kind = node.attr("type")
    if kind is None:  # <backingStore/>: an explicitly empty chain
        return None
    source = _source(node, kind)
    fmt_node = node.child("format")
    fmt = None if fmt_node is None else fmt_node.req("type")
    from dataclasses import replace

    return replace(
        source, format=fmt, backing_index=node.int_attr("index", hex_ok=False, hi=2**31 - 1)
    )


def _driver(node: Node) -> DiskDriver:
    copy_on_read = node.on_off("copy_on_read")
    return DiskDriver(
        name=node.attr("name"),
        cache=node.attr("cache"),
        io=node.attr("io"),
        discard=node.attr("discard"),
        detect_zeroes=node.attr("detect_zeroes"),
        error_policy=node.attr("error_policy"),
        rerror_policy=node.attr("rerror_policy"),
        copy_on_read=copy_on_read,
        iothread=node.int_attr("iothread", hex_ok=False, lo=1, hi=2**31 - 1),
        queues=node.int_attr("queues", hex_ok=False, lo=1, hi=2**31 - 1),
        queue_size=node.int_attr("queue_size", hex_ok=False, lo=1, hi=2**31 - 1),
    )
