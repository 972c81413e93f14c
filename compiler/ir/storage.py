"""Domain IR for storage: <disk> and its image chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageSource:
    """One layer of a disk's image chain: the top image or one of its backing stores."""

    span: Span
    type: Literal["file", "block", "dir", "network", "volume", "nvme", "vhostuser"]
    path: str | None = None  # file / block device / directory; None = empty (cdrom, floppy)
    format: str | None = None  # raw, qcow2, qcow, ... None until fill-disk-defaults
    protocol: str | None = None  # network: nbd, iscsi, rbd, gluster, http...
    name: str | None = None  # network export / volume name
    hosts: tuple[NetworkHost, ...] = ()
    backing: StorageSource | None = None
    backing_index: int | None = None  # <backingStore index=N>
    node_id: int | None = None  # set by assign-node-names


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkHost:
    name: str | None = None
    port: str | None = None
    transport: str | None = None
    socket: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DiskDriver:
    name: str | None = None
    cache: str | None = None
    io: str | None = None
    discard: str | None = None
    detect_zeroes: str | None = None
    error_policy: str | None = None
    rerror_policy: str | None = None
    copy_on_read: Tristate = None
    iothread: int | None = None
    queues: int | None = None
    queue_size: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Disk:
    span: Span
    device: Literal["disk", "cdrom", "floppy", "lun"]
    source: StorageSource
    target: str  # 'vda', 'hdc', ...
    bus: str | None = None  # None until fill-disk-defaults (derived from target)
    tray: str | None = None
    driver: DiskDriver = DiskDriver()
    readonly: bool = False
    shareable: bool = False
    transient: bool = False
    serial: str | None = None
    wwn: str | None = None
    vendor: str | None = None
    product: str | None = None
    info: DeviceInfo = DeviceInfo()
