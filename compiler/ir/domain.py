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
from compiler.ir.common import (  # noqa: F401 - re-exported: the Domain IR is one vocabulary
    Address,
    DeviceInfo,
    DriveAddress,
    OtherAddress,
    Pairs,
    PciAddress,
    Tristate,
    UsbAddress,
)
from compiler.ir.controller import Controller
from compiler.ir.devices import Input, Memballoon
from compiler.ir.graphics import Audio
from compiler.ir.storage import (  # noqa: F401
    Disk,
    DiskDriver,
    NetworkHost,
    StorageSource,
)

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
