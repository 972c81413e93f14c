"""Domain IR for storage: <disk> and its image chain.

A disk's guest-visible part (bus, target, device knobs) is :class:`Disk`; what backs it is
a chain of :class:`StorageSource` layers, the top image first, each pointing to its backing
store. Fields keep libvirt's vocabulary (source type, protocol, pool volume, slice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, PciAddress, Tristate
from compiler.ir.devices import VirtioOptions

SourceType = Literal["file", "block", "dir", "network", "volume", "nvme", "vhostuser"]
DiskDevice = Literal["disk", "cdrom", "floppy", "lun"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkHost:
    name: str | None = None
    port: int | None = None  # None until fill-disk-defaults (the protocol's default port)
    transport: str = "tcp"  # tcp, unix, rdma
    socket: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretRef:
    """A reference to a secret held by the management layer (by UUID or usage name)."""

    span: Span
    type: str | None = None  # iscsi, ceph (auth); passphrase (encryption)
    uuid: str | None = None
    usage: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageAuth:
    span: Span
    username: str
    secret: SecretRef


@dataclass(frozen=True, slots=True, kw_only=True)
class Encryption:
    span: Span
    format: str  # luks, luks2, luks-any, qcow, default
    engine: str | None = None  # qemu, librbd; None until fill-disk-defaults
    secrets: tuple[SecretRef, ...] = ()
    has_cipher: bool = False  # <cipher>/<ivgen>: only for creating images, refused here


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageSlice:
    offset: int
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Reservations:
    span: Span
    managed: bool
    path: str | None = None  # the pr-helper socket of an unmanaged manager


@dataclass(frozen=True, slots=True, kw_only=True)
class Cookie:
    name: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolVolume:
    """<source pool=... volume=... mode=...> of a type='volume' disk."""

    pool: str
    volume: str
    mode: str | None = None  # host, direct (iSCSI pools)


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageSource:
    """One layer of a disk's image chain: the top image or one of its backing stores."""

    span: Span
    type: SourceType
    path: str | None = None  # file/dev/dir path, network image path; None = empty drive
    format: str | None = None  # raw, qcow2, fat... None until fill-disk-defaults
    protocol: str | None = None  # network: nbd, iscsi, rbd, gluster, http, nfs...
    volume: str | None = None  # network: the rbd pool or gluster volume split off the name
    hosts: tuple[NetworkHost, ...] = ()
    query: str | None = None
    snapshot: str | None = None  # rbd snapshot name
    config_file: str | None = None  # rbd config
    auth: StorageAuth | None = None
    encryption: Encryption | None = None
    initiator_iqn: str | None = None
    tls: Tristate = None
    tls_hostname: str | None = None
    timeout: int | None = None
    readahead: int | None = None
    ssl_verify: Tristate = None
    cookies: tuple[Cookie, ...] = ()
    nfs_user: int | None = None
    nfs_group: int | None = None
    slice: StorageSlice | None = None
    pool: PoolVolume | None = None
    nvme_address: PciAddress | None = None
    nvme_namespace: int | None = None
    nvme_managed: Tristate = None
    reservations: Reservations | None = None
    fdgroup: str | None = None  # <source fdgroup=...>: descriptors the caller passes in
    fdset: int | None = None  # set by assign-disk-fdsets (profiles that pass descriptors)
    fds: tuple[int, ...] = ()  # the descriptors of the fd group, in fdset order
    reconnect_timeout: int | None = None  # vhostuser: seconds before reconnecting
    metadata_cache_bytes: int | None = None
    source_index: int | None = None  # <source index=N> (a running domain's node id)
    backing: StorageSource | None = None
    backing_terminated: bool = False  # an explicit empty <backingStore/> ends the chain
    backing_index: int | None = None  # <backingStore index=N>
    node_id: int | None = None  # set by assign-node-names
    # A fixed node-name stem used instead of node_id, for a store outside the disk chains
    # (the NVRAM's 'pflash1'): its nodes are libvirt-<stem>-storage/-format.
    node_stem: str | None = None


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
    ioeventfd: Tristate = None
    event_idx: Tristate = None
    iothread: int | None = None
    queues: int | None = None
    queue_size: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IoTune:
    """<iotune>: applied by libvirt over QMP after start, never on the command line."""

    span: Span
    values: tuple[tuple[str, int], ...] = ()
    group_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Disk:
    span: Span
    device: DiskDevice
    source: StorageSource
    target: str  # 'vda', 'hdc', ...
    target_span: Span | None = None
    bus: str | None = None  # None until fill-disk-defaults (derived from target)
    model: str | None = None  # virtio, virtio-transitional, virtio-non-transitional
    tray: str | None = None
    removable: Tristate = None
    rotation_rate: int | None = None
    driver: DiskDriver = DiskDriver()
    readonly: bool = False
    shareable: bool = False
    transient: bool = False
    transient_share_backing: Tristate = None
    serial: str | None = None
    wwn: str | None = None
    vendor: str | None = None
    product: str | None = None
    cylinders: int | None = None  # <geometry cyls heads secs trans>
    heads: int | None = None
    sectors: int | None = None
    bios_translation: str | None = None  # none, lba, auto
    logical_block_size: int | None = None
    physical_block_size: int | None = None
    iotune: IoTune | None = None
    rawio: Tristate = None
    sgio: str | None = None
    snapshot: str | None = None
    acpi_index: int | None = None
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()
