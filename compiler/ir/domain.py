"""The Domain IR: typed, frozen dataclasses in libvirt's vocabulary.

Readers in ``compiler.read`` build it from XML; passes return new trees with
``dataclasses.replace``. ``None`` means "not decided yet": the pass that decides a field
says so in its docstring, and the verifier checks that nothing is left undecided after it.
QEMU words (drive, netdev, blockdev) never appear here; they belong to the Command IR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span

Tristate = bool | None
Pairs = tuple[tuple[str, str], ...]


# --- addresses ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PciAddress:
    domain: int = 0
    bus: int = 0
    slot: int = 0
    function: int = 0
    multifunction: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DriveAddress:
    controller: int = 0
    bus: int = 0
    target: int = 0
    unit: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class UsbAddress:
    bus: int = 0
    port: str = ""  # dotted hub path, e.g. "1" or "1.2"


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherAddress:
    """Address types that no pass interprets yet (virtio-serial, ccid, isa...)."""

    type: str
    attrs: Pairs = ()


Address = PciAddress | DriveAddress | UsbAddress | OtherAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceInfo:
    """What every device has: alias (user-given or assigned), address, boot order."""

    alias: str | None = None  # 'ua-*' from the XML, else set by assign-aliases
    user_alias: bool = False
    address: Address | None = None
    boot_order: int | None = None


# --- storage --------------------------------------------------------------------------------


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


# --- controllers ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Controller:
    span: Span
    type: str  # pci, usb, ide, sata, scsi, fdc, virtio-serial, ccid, xenbus, isa
    index: int
    model: str | None = None  # None until fill-controller-defaults
    ports: int | None = None  # usb ports
    vectors: int | None = None
    options: Pairs = ()  # model-specific extras (chassis, port, busNr, queues...)
    implicit: bool = False  # added by a pass, not written in the XML
    info: DeviceInfo = DeviceInfo()


# --- input, balloon ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    span: Span
    type: str  # mouse, keyboard, tablet, passthrough, evdev
    bus: str | None = None
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Memballoon:
    span: Span
    model: str  # virtio, virtio-transitional, virtio-non-transitional, none
    autodeflate: Tristate = None
    free_page_reporting: Tristate = None
    stats_period: int | None = None
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Audio:
    span: Span
    id: int
    type: str  # none, alsa, pulseaudio, spice, sdl, file...
    attrs: Pairs = ()


# --- domain-level ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Memory:
    total_kib: int  # <memory>
    current_kib: int | None = None  # <currentMemory>
    max_kib: int | None = None  # <maxMemory>
    slots: int | None = None
    dump_core: Tristate = None
    aligned: bool = False  # set by align-memory


@dataclass(frozen=True, slots=True, kw_only=True)
class CpuTopology:
    sockets: int
    dies: int | None
    cores: int
    threads: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CpuFeature:
    name: str
    policy: str  # force, require, optional, disable, forbid


@dataclass(frozen=True, slots=True, kw_only=True)
class Cpu:
    span: Span
    mode: str | None = None  # custom, host-model, host-passthrough, maximum
    match: str | None = None
    check: str | None = None
    model: str | None = None
    fallback: str | None = None
    vendor: str | None = None
    topology: CpuTopology | None = None
    features: tuple[CpuFeature, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Vcpu:
    count: int
    current: int | None = None
    placement: str | None = None
    cpuset: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BootConfig:
    devices: tuple[str, ...] = ()  # <boot dev=...> in order: hd, cdrom, fd, network
    menu: Tristate = None
    menu_timeout: int | None = None
    reboot_timeout: int | None = None
    bios_useserial: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Os:
    span: Span
    type: str  # hvm
    arch: str | None = None  # None until fill-os-defaults
    machine: str | None = None  # None until fill-os-defaults
    boot: BootConfig = BootConfig()
    kernel: str | None = None
    initrd: str | None = None
    cmdline: str | None = None
    dtb: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Feature:
    """One element under <features>: its name, on/off state and simple attributes."""

    span: Span
    name: str
    state: Tristate = None
    attrs: Pairs = ()
    children: tuple[Feature, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Timer:
    name: str
    present: Tristate = None
    tickpolicy: str | None = None
    track: str | None = None
    frequency: int | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Clock:
    offset: str = "utc"  # utc, localtime, timezone, variable, absolute
    adjustment: str | None = None
    basis: str | None = None
    start: int | None = None
    timezone: str | None = None
    timers: tuple[Timer, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerManagement:
    suspend_to_mem: Tristate = None
    suspend_to_disk: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Lifecycle:
    on_poweroff: str | None = None
    on_reboot: str | None = None
    on_crash: str | None = None


# --- the QEMU namespace -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class QemuEnv:
    span: Span
    name: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QemuArg:
    span: Span
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QemuOverrideProperty:
    span: Span
    name: str
    type: Literal["string", "signed", "unsigned", "bool", "remove"]
    value: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class QemuOverride:
    span: Span
    alias: str
    properties: tuple[QemuOverrideProperty, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class QemuNamespace:
    args: tuple[QemuArg, ...] = ()
    env: tuple[QemuEnv, ...] = ()
    caps_add: tuple[tuple[Span, str], ...] = ()
    caps_del: tuple[tuple[Span, str], ...] = ()
    deprecation: str | None = None
    overrides: tuple[QemuOverride, ...] = ()


# --- the root ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Domain:
    span: Span
    virt_type: str  # qemu, kvm, hvf
    name: str
    uuid: str | None = None  # None until fill-domain-defaults (from the host profile)
    memory: Memory
    vcpu: Vcpu
    os: Os
    cpu: Cpu | None = None
    features: tuple[Feature, ...] = ()
    clock: Clock = Clock()
    pm: PowerManagement = PowerManagement()
    lifecycle: Lifecycle = Lifecycle()
    emulator: str | None = None  # None until fill-domain-defaults
    disks: tuple[Disk, ...] = ()
    controllers: tuple[Controller, ...] = ()
    inputs: tuple[Input, ...] = ()
    memballoon: Memballoon | None = None  # None until fill-default-devices
    audios: tuple[Audio, ...] = ()
    qemu: QemuNamespace = QemuNamespace()
