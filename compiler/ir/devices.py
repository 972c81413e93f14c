"""Domain IR for the small devices: input, redirdev, memballoon, watchdog, panic, rng, tpm,
vsock, iommu and filesystem, plus the virtio <driver> options that many families share."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.chardev import ChardevSource
from compiler.ir.common import DeviceInfo, Tristate


@dataclass(frozen=True, slots=True, kw_only=True)
class VirtioOptions:
    """<driver iommu= ats= packed= page_per_vq=/> of any virtio device."""

    iommu: Tristate = None
    ats: Tristate = None
    packed: Tristate = None
    page_per_vq: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    span: Span
    type: str  # mouse, keyboard, tablet, passthrough, evdev
    bus: str | None = None  # ps2, usb, virtio (None for evdev)
    model: str | None = None  # virtio, virtio-transitional, virtio-non-transitional
    evdev: str | None = None  # <source evdev=...> (passthrough) or <source dev=...> (evdev)
    grab: str | None = None  # all
    grab_toggle: str | None = None  # ctrl-ctrl, alt-alt, ...
    repeat: Tristate = None
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Redirdev:
    """<redirdev bus='usb'>: a USB device forwarded from a character device (usbredir)."""

    span: Span
    bus: str  # usb
    source: ChardevSource
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Memballoon:
    span: Span
    model: str  # virtio, virtio-transitional, virtio-non-transitional, none
    autodeflate: Tristate = None
    free_page_reporting: Tristate = None
    stats_period: int | None = None
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Watchdog:
    span: Span
    model: str  # i6300esb, ib700, diag288
    action: str = "reset"  # reset, shutdown, poweroff, pause, dump, none, inject-nmi
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Panic:
    """<panic>: no alias (libvirt names none), only an optional ISA I/O port."""

    span: Span
    model: str | None = None  # isa, hyperv, pseries, s390; None: the arch default (isa on x86)
    iobase: int | None = None  # <address type='isa' iobase=...>


@dataclass(frozen=True, slots=True, kw_only=True)
class Rng:
    span: Span
    model: str  # virtio, virtio-transitional, virtio-non-transitional
    backend: str  # random, egd, builtin
    file: str | None = None  # random: the host file (default /dev/urandom)
    source: ChardevSource | None = None  # egd: the daemon's character device
    rate_bytes: int | None = None
    rate_period: int | None = None
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Tpm:
    span: Span
    model: str  # tpm-tis, tpm-crb, tpm-spapr, spapr-tpm-proxy
    backend: str  # passthrough, emulator, external
    device_path: str | None = None  # passthrough: <device path>
    socket_path: str | None = None  # external: <source type='unix' path>
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Vsock:
    span: Span
    model: str | None = None  # virtio, virtio-transitional, virtio-non-transitional
    cid: int | None = None  # None with auto='yes': chosen at start-up
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Iommu:
    span: Span
    model: str  # intel, virtio, smmuv3
    intremap: Tristate = None
    caching_mode: Tristate = None
    eim: Tristate = None
    iotlb: Tristate = None
    aw_bits: int | None = None
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Filesystem:
    span: Span
    type: str  # mount (the only type QEMU shares)
    driver: str | None = None  # path, handle, virtiofs (None: the default, path)
    accessmode: str | None = None  # passthrough, mapped, squash
    wrpolicy: str | None = None
    multidevs: str | None = None
    fmode: int | None = None
    dmode: int | None = None
    model: str | None = None
    source: str = ""  # <source dir>
    target: str = ""  # <target dir>: the mount tag
    readonly: bool = False
    queue_size: int | None = None  # virtiofs <driver queue>
    virtio: VirtioOptions = VirtioOptions()
    info: DeviceInfo = DeviceInfo()
