"""Domain IR for audio backends, graphics, video and sound devices.

These four families refer to each other: graphics and sound devices name an audio backend
by id, graphics imply a video device, and SPICE selects the default audio backend. They
share one module so that those references read as one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate
from compiler.ir.devices import VirtioOptions

# --- <audio> ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioIO:
    """<audio><input|output .../>: common stream settings, then backend-specific ones."""

    mixing_engine: Tristate = None
    fixed_settings: Tristate = None
    voices: int | None = None
    buffer_length: int | None = None
    frequency: int | None = None  # <settings>; only meaningful with fixed_settings
    channels: int | None = None
    format: str | None = None
    dev: str | None = None  # alsa, oss
    buffer_count: int | None = None  # coreaudio, oss, sdl
    server_name: str | None = None  # jack
    client_name: str | None = None  # jack
    connect_ports: str | None = None  # jack
    exact_name: Tristate = None  # jack
    try_poll: Tristate = None  # oss
    name: str | None = None  # pulseaudio
    stream_name: str | None = None  # pulseaudio
    latency: int | None = None  # pulseaudio


@dataclass(frozen=True, slots=True, kw_only=True)
class Audio:
    span: Span
    id: int
    type: str  # none, alsa, coreaudio, jack, oss, pulseaudio, sdl, spice, file, dbus
    timer_period: int | None = None
    input: AudioIO = AudioIO()
    output: AudioIO = AudioIO()
    try_mmap: Tristate = None  # oss
    exclusive: Tristate = None  # oss
    dsp_policy: int | None = None  # oss
    server_name: str | None = None  # pulseaudio
    sdl_driver: str | None = None  # sdl: esd, alsa, arts, pulseaudio
    path: str | None = None  # file


# --- <graphics> -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphicsListen:
    type: str  # address, network, socket, none
    address: str | None = None
    network: str | None = None
    socket: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpiceOptions:
    """The SPICE-only children and attributes of <graphics type='spice'>."""

    tls_port: int | None = None
    x509_dir: str | None = None  # the TLS certificate directory; set by fill-graphics-defaults
    default_mode: str | None = None  # any, secure, insecure
    channels: tuple[tuple[str, str], ...] = ()  # (channel name, mode) in document order
    image: str | None = None
    jpeg: str | None = None
    zlib: str | None = None
    playback: Tristate = None
    streaming: str | None = None
    copypaste: Tristate = None
    filetransfer: Tristate = None
    mouse_mode: str | None = None  # server, client


@dataclass(frozen=True, slots=True, kw_only=True)
class Graphics:
    span: Span
    type: str  # vnc, spice, sdl, egl-headless; curses only until refuse-curses-graphics
    port: int | None = None  # None: not set; decided by fill-graphics-defaults for autoport
    autoport: bool = False
    websocket: int | None = None
    listens: tuple[GraphicsListen, ...] = ()
    share_policy: str | None = None
    keymap: str | None = None
    has_password: bool = False  # passwd=, or a password the driver config always sets
    power_control: Tristate = None
    audio_id: int | None = None
    gl: Tristate = None  # spice/sdl <gl enable=>; egl-headless is always GL
    rendernode: str | None = None
    spice: SpiceOptions = SpiceOptions()
    display: str | None = None  # sdl
    xauth: str | None = None  # sdl
    fullscreen: Tristate = None  # sdl


# --- <video> ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Video:
    span: Span
    type: str | None  # cirrus, vga, vmvga, qxl, virtio, bochs, ramfb, none; None → default
    primary: bool = False  # set on the first video by fill-video-defaults
    heads: int | None = None
    ram_kib: int | None = None  # qxl only
    vram_kib: int | None = None
    vram64_kib: int | None = None  # qxl only
    vgamem_kib: int | None = None  # qxl only
    accel3d: Tristate = None
    vhost_user: bool = False  # <driver name='vhostuser'/>: an external vhost-user-gpu backend
    rendernode: str | None = None  # the vhost-user backend's render node; not QEMU's
    resolution: tuple[int, int] | None = None
    virtio: VirtioOptions = VirtioOptions()
    acpi_index: int | None = None  # <acpi index=>: the guest's stable name for the PCI slot
    info: DeviceInfo = DeviceInfo()


# --- <sound> ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SoundCodec:
    type: str  # duplex, micro, output
    cad: int  # codec address: its position among the device's codecs


@dataclass(frozen=True, slots=True, kw_only=True)
class Sound:
    span: Span
    model: str  # ich6, ich9, ac97, es1370, sb16, usb, pcspk, ich7
    codecs: tuple[SoundCodec, ...] = ()
    audio_id: int | None = None
    multichannel: Tristate = None  # usb only
    info: DeviceInfo = DeviceInfo()
