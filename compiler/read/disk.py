"""Read <disk>: the image chain (<source>, <backingStore>), <driver>, <target> and flags.

libvirt accepts <auth> and <encryption> directly under <disk> (the historical place) as
well as under <source>; both are moved onto the top source layer, and giving one in both
places is refused, as libvirt refuses it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Disk, DiskDevice, DiskDriver, IoTune, StorageSource
from compiler.read.common import read_device_info
from compiler.read.node import Node
from compiler.read.storage_source import (
    choice,
    read_auth,
    read_backing_chain,
    read_encryption,
    read_metadata_cache,
    read_source,
)
from compiler.read.virtio import read_virtio_options

_INT_MAX = 2**31 - 1
_UINT_MAX = 2**32 - 1
IOTUNE_FIELDS = (
    "total_bytes_sec",
    "read_bytes_sec",
    "write_bytes_sec",
    "total_iops_sec",
    "read_iops_sec",
    "write_iops_sec",
    "total_bytes_sec_max",
    "read_bytes_sec_max",
    "write_bytes_sec_max",
    "total_iops_sec_max",
    "read_iops_sec_max",
    "write_iops_sec_max",
    "size_iops_sec",
    "total_bytes_sec_max_length",
    "read_bytes_sec_max_length",
    "write_bytes_sec_max_length",
    "total_iops_sec_max_length",
    "read_iops_sec_max_length",
    "write_iops_sec_max_length",
)


# The values libvirt's parser accepts (its VIR_ENUM tables); anything else is refused here
# rather than surfacing later as a lowering bug.
DEVICES = ("disk", "cdrom", "floppy", "lun")
BUSES = ("ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd")
CACHE_MODES = ("default", "none", "writethrough", "writeback", "directsync", "unsafe")
IO_MODES = ("default", "native", "threads", "io_uring")
DISCARD_MODES = ("default", "unmap", "ignore")
DETECT_ZEROES = ("default", "off", "on", "unmap")
TRANSLATIONS = ("default", "none", "auto", "lba")
ERROR_POLICIES = ("default", "stop", "report", "ignore", "enospace")
_WWN = re.compile(r"(0x)?[0-9a-fA-F]{16}\Z")


def read_disk(node: Node) -> Disk:
    device = choice(node, "device", DEVICES) or "disk"
    source = _top_source(node)
    driver = DiskDriver()
    driver_node = node.child("driver")
    if driver_node is not None:
        driver = _driver(driver_node)
        source = replace(
            source,
            format=driver_node.attr("type"),
            metadata_cache_bytes=read_metadata_cache(driver_node),
        )
    target = node.child("target")
    if target is None:
        raise node.fail(codes.E105_MISSING, what="<target> of <disk>")
    blockio = node.child("blockio")
    geometry = node.child("geometry")
    transient = node.child("transient")
    return Disk(
        span=node.span,
        device=cast(DiskDevice, device),
        source=source,
        target=target.req("dev"),
        target_span=target.span,
        bus=choice(target, "bus", BUSES),
        tray=target.attr("tray"),
        removable=target.on_off("removable"),
        rotation_rate=target.int_attr("rotation_rate", hex_ok=False, lo=1, hi=65534),
        model=node.attr("model"),
        driver=driver,
        readonly=node.child("readonly") is not None,
        shareable=node.child("shareable") is not None,
        transient=transient is not None,
        transient_share_backing=None if transient is None else transient.yes_no("shareBacking"),
        serial=_raw_text(node.child("serial")),
        wwn=_wwn(node.child("wwn")),
        vendor=node.child_text("vendor"),
        product=node.child_text("product"),
        cylinders=_block_size(geometry, "cyls"),
        heads=_block_size(geometry, "heads"),
        sectors=_block_size(geometry, "secs"),
        bios_translation=None if geometry is None else choice(geometry, "trans", TRANSLATIONS),
        logical_block_size=_block_size(blockio, "logical_block_size"),
        physical_block_size=_block_size(blockio, "physical_block_size"),
        iotune=_iotune(node.child("iotune")),
        rawio=node.yes_no("rawio"),
        sgio=node.attr("sgio"),
        snapshot=node.attr("snapshot"),
        acpi_index=_acpi_index(node.child("acpi")),
        virtio=read_virtio_options(driver_node),
        info=read_device_info(node),
    )


def _top_source(node: Node) -> StorageSource:
    """The top layer with its backing chain, the disk-level <auth>/<encryption> moved in."""
    source = read_source(node, node.attr("type") or "file", node.child("source"))
    backing, terminated = read_backing_chain(node.child("backingStore"))
    source = replace(source, backing=backing, backing_terminated=terminated)
    auth_node = node.child("auth")
    if auth_node is not None:
        if source.auth is not None:
            raise auth_node.fail(
                codes.E104_INVALID_CONFIG,
                detail="an <auth> definition already exists for the disk source",
            )
        source = replace(source, auth=read_auth(auth_node))
    enc_node = node.child("encryption")
    if enc_node is not None:
        if source.encryption is not None:
            raise enc_node.fail(
                codes.E104_INVALID_CONFIG,
                detail="an <encryption> definition already exists for the disk source",
            )
        source = replace(source, encryption=read_encryption(enc_node))
    return source


def _wwn(node: Node | None) -> str | None:
    """A World Wide Name: 16 hex digits, optionally 0x-prefixed (virValidateWWN)."""
    if node is None:
        return None
    text = node.text() or ""
    if not _WWN.match(text):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="<wwn>", value=q(text))
    return text


def _acpi_index(node: Node | None) -> int | None:
    return None if node is None else node.int_attr("index", hex_ok=False, hi=_INT_MAX)


def _raw_text(node: Node | None) -> str | None:
    """Element text exactly as written: a disk serial keeps its spaces (libvirt escapes them)."""
    if node is None:
        return None
    return node.elem.text or ""


def _block_size(node: Node | None, attr: str) -> int | None:
    """An unsigned attribute of <blockio> or <geometry>, when the element is there."""
    return None if node is None else node.int_attr(attr, hex_ok=False, hi=_UINT_MAX)


def _iotune(node: Node | None) -> IoTune | None:
    if node is None:
        return None
    values = []
    for name in IOTUNE_FIELDS:
        child = node.child(name)
        if child is not None:
            values.append((name, child.int_text(f"<iotune>/<{name}>")))
    return IoTune(span=node.span, values=tuple(values), group_name=node.child_text("group_name"))


def _driver(node: Node) -> DiskDriver:
    return DiskDriver(
        name=node.attr("name"),
        cache=choice(node, "cache", CACHE_MODES),
        io=choice(node, "io", IO_MODES),
        discard=choice(node, "discard", DISCARD_MODES),
        detect_zeroes=choice(node, "detect_zeroes", DETECT_ZEROES),
        error_policy=choice(node, "error_policy", ERROR_POLICIES),
        rerror_policy=choice(node, "rerror_policy", ERROR_POLICIES[:-1]),
        copy_on_read=node.on_off("copy_on_read"),
        ioeventfd=node.on_off("ioeventfd"),
        event_idx=node.on_off("event_idx"),
        iothread=node.int_attr("iothread", hex_ok=False, lo=1, hi=_INT_MAX),
        queues=node.int_attr("queues", hex_ok=False, lo=1, hi=_INT_MAX),
        queue_size=node.int_attr("queue_size", hex_ok=False, lo=1, hi=_INT_MAX),
    )
