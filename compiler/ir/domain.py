"""The Domain IR: typed, frozen dataclasses in libvirt's vocabulary.

Readers in ``compiler.read`` build it from XML; passes return new trees with
``dataclasses.replace``. ``None`` means "not decided yet": the pass that decides a field
says so in its docstring, and the verifier checks that nothing is left undecided after it.
QEMU words (drive, netdev, blockdev) never appear here; they belong to the Command IR.
Device families live in their own modules (storage, controller, devices, graphics...);
this module holds the domain-level nodes and the root, and re-exports the families.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.chardev import Chardev, ChardevSource, Smartcard
from compiler.ir.common import (
    Address,
    DeviceInfo,
    DriveAddress,
    OtherAddress,
    Pairs,
    PciAddress,
    Tristate,
    UsbAddress,
    VirtioSerialAddress,
    host_path,
)
from compiler.ir.controller import Controller, ControllerDriver, PciControllerOptions
from compiler.ir.devices import (
    Filesystem,
    Input,
    Iommu,
    Memballoon,
    Panic,
    Redirdev,
    Rng,
    Tpm,
    VirtioOptions,
    Vsock,
    Watchdog,
)
from compiler.ir.graphics import Audio, Graphics, Sound, Video
from compiler.ir.hostdev import Hostdev
from compiler.ir.memory import (
    HugePage,
    MemoryBacking,
    MemoryDevice,
    Numa,
    NumaCache,
    NumaCell,
    NumaInterconnect,
    NumaMemnode,
    Numatune,
)
from compiler.ir.net import Net
from compiler.ir.storage import (
    Cookie,
    Disk,
    DiskDevice,
    DiskDriver,
    Encryption,
    IoTune,
    NetworkHost,
    PoolVolume,
    Reservations,
    SecretRef,
    SourceType,
    StorageAuth,
    StorageSlice,
    StorageSource,
)

# --- domain-level ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Memory:
    """<memory>, <currentMemory>, <maxMemory>: sizes in KiB."""

    total_kib: int  # <memory>: everything, including memory devices
    current_kib: int | None = None  # <currentMemory>
    max_kib: int | None = None  # <maxMemory>
    slots: int | None = None
    dump_core: Tristate = None
    aligned: bool = False  # set by align-memory
    # What QEMU gets with -m: the NUMA cells' sum, else total minus memory devices.
    # None until align-memory.
    initial_kib: int | None = None


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
    vendor_id: str | None = None  # <model vendor_id=>: the CPUID vendor string shown
    migratable: Tristate = None
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
class Loader:
    """<os><loader>: the firmware image (a ROM, or a pflash device QEMU maps)."""

    span: Span
    path: str | None = host_path()  # None until the firmware is selected (firmware='efi'...)
    type: Literal["rom", "pflash"] | None = None
    readonly: Tristate = None
    secure: Tristate = None
    stateless: Tristate = None
    format: str | None = None  # raw, qcow2


@dataclass(frozen=True, slots=True, kw_only=True)
class Nvram:
    """<os><nvram>: the writable variable store of a pflash firmware."""

    span: Span
    source: StorageSource | None = None  # None until fill-nvram-path (from the template)
    template: str | None = host_path()


@dataclass(frozen=True, slots=True, kw_only=True)
class Os:
    span: Span
    type: str  # hvm
    arch: str | None = None  # None until fill-os-defaults
    machine: str | None = None  # None until fill-os-defaults
    boot: BootConfig = BootConfig()
    kernel: str | None = host_path()
    initrd: str | None = host_path()
    cmdline: str | None = None
    dtb: str | None = host_path()
    slic_table: str | None = host_path()  # <acpi><table type='slic'>
    smbios_mode: Literal["emulate", "host", "sysinfo"] | None = None  # <os><smbios mode=>
    firmware: Literal["bios", "efi"] | None = None  # <os firmware=>: auto-selection
    firmware_features: tuple[tuple[str, bool], ...] = ()  # <firmware><feature name enabled>
    loader: Loader | None = None
    nvram: Nvram | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Feature:
    """One element under <features>: its name, on/off state and simple attributes."""

    span: Span
    name: str
    state: Tristate = None
    attrs: Pairs = ()
    children: tuple[Feature, ...] = ()
    size_kib: int | None = None  # the sized features: <tseg>, <tb-cache>


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
class FwCfgEntry:
    name: str
    value: str | None = None  # exactly one of value and file
    file: str | None = host_path()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sysinfo:
    """<sysinfo type='smbios'> tables (bios, system, baseBoard, chassis, oemStrings) or
    <sysinfo type='fwcfg'> entries; entries keep the XML order of their section."""

    span: Span
    type: Literal["smbios", "fwcfg"]
    bios: Pairs = ()
    system: Pairs = ()
    base_boards: tuple[Pairs, ...] = ()
    chassis: Pairs = ()
    oem_strings: tuple[str, ...] = ()
    fw_cfg: tuple[FwCfgEntry, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LaunchSecurity:
    """<launchSecurity type='sev'>: an AMD SEV guest (memory encrypted by the CPU)."""

    span: Span
    type: Literal["sev"]
    cbitpos: int
    reduced_phys_bits: int
    policy: int
    dh_cert: str | None = None  # base64 text the management layer writes to a file
    session: str | None = None
    kernel_hashes: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IOThread:
    span: Span
    id: int
    pool_min: int | None = None
    pool_max: int | None = None
    poll_max_ns: int | None = None
    poll_grow: int | None = None
    poll_shrink: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IOThreads:
    """<iothreads> count, <iothreadids>, <defaultiothread> (the main loop's thread pool)."""

    count: int = 0
    ids: tuple[IOThread, ...] = ()  # complete (count entries) after fill-domain-defaults
    main_pool: tuple[int | None, int | None] | None = None  # <defaultiothread> min, max


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
    memory_backing: MemoryBacking | None = None
    numa: Numa | None = None  # <cpu><numa>
    numatune: Numatune | None = None
    iothreads: IOThreads = IOThreads()
    genid: str | None = None
    sysinfo: tuple[Sysinfo, ...] = ()
    launch_security: LaunchSecurity | None = None
    emulator: str | None = None  # None until fill-domain-defaults
    disks: tuple[Disk, ...] = ()
    nets: tuple[Net, ...] = ()
    controllers: tuple[Controller, ...] = ()
    memories: tuple[MemoryDevice, ...] = ()  # <devices><memory>
    inputs: tuple[Input, ...] = ()
    memballoon: Memballoon | None = None  # None until fill-default-devices
    filesystems: tuple[Filesystem, ...] = ()
    tpms: tuple[Tpm, ...] = ()
    watchdog: Watchdog | None = None
    redirdevs: tuple[Redirdev, ...] = ()
    rngs: tuple[Rng, ...] = ()
    panics: tuple[Panic, ...] = ()
    vsock: Vsock | None = None
    iommu: Iommu | None = None
    audios: tuple[Audio, ...] = ()
    graphics: tuple[Graphics, ...] = ()
    videos: tuple[Video, ...] = ()  # the primary one first, after fill-video-defaults
    sounds: tuple[Sound, ...] = ()
    serials: tuple[Chardev, ...] = ()
    parallels: tuple[Chardev, ...] = ()
    channels: tuple[Chardev, ...] = ()
    consoles: tuple[Chardev, ...] = ()
    smartcards: tuple[Smartcard, ...] = ()
    hostdevs: tuple[Hostdev, ...] = ()
    qemu: QemuNamespace = QemuNamespace()


# Everything the Domain IR vocabulary offers, re-exported from the family modules.
__all__ = [
    "Address",
    "Audio",
    "BootConfig",
    "Chardev",
    "ChardevSource",
    "Clock",
    "Controller",
    "ControllerDriver",
    "Cookie",
    "Cpu",
    "CpuFeature",
    "CpuTopology",
    "DeviceInfo",
    "Disk",
    "DiskDevice",
    "DiskDriver",
    "Domain",
    "DriveAddress",
    "Encryption",
    "Feature",
    "Filesystem",
    "FwCfgEntry",
    "Graphics",
    "Hostdev",
    "HugePage",
    "IOThread",
    "IOThreads",
    "Input",
    "IoTune",
    "Iommu",
    "LaunchSecurity",
    "Lifecycle",
    "Loader",
    "Memballoon",
    "Memory",
    "MemoryBacking",
    "MemoryDevice",
    "Net",
    "NetworkHost",
    "Numa",
    "NumaCache",
    "NumaCell",
    "NumaInterconnect",
    "NumaMemnode",
    "Numatune",
    "Nvram",
    "Os",
    "OtherAddress",
    "Pairs",
    "Panic",
    "PciAddress",
    "PciControllerOptions",
    "PoolVolume",
    "PowerManagement",
    "QemuArg",
    "QemuEnv",
    "QemuNamespace",
    "QemuOverride",
    "QemuOverrideProperty",
    "Redirdev",
    "Reservations",
    "Rng",
    "SecretRef",
    "Smartcard",
    "Sound",
    "SourceType",
    "StorageAuth",
    "StorageSlice",
    "StorageSource",
    "Sysinfo",
    "Timer",
    "Tpm",
    "Tristate",
    "UsbAddress",
    "Vcpu",
    "Video",
    "VirtioOptions",
    "VirtioSerialAddress",
    "Vsock",
    "Watchdog",
    "host_path",
]
