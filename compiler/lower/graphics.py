"""Lower audio backends, graphics, video and sound devices.

Mirrors qemuBuildAudioCommandLine (``-audiodev`` JSON), qemuBuildGraphicsCommandLine
(``-vnc``/``-spice`` key=value strings, ``-display``), qemuBuildVideoCommandLine and
qemuBuildSoundCommandLine. The settings libvirt takes from qemu.conf (listen address, SPICE
TLS and password, render node) were already written into the IR by fill-graphics-defaults.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Obj
from compiler.ir.graphics import Audio, AudioIO, Graphics, Sound, Video
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props
from compiler.lower.virtio import virtio_head

# --- -audiodev --------------------------------------------------------------------------------

_AUDIO_DRIVERS = {"pulseaudio": "pa", "file": "wav"}

# Backend → its extra per-direction keys, in libvirt's order: (QEMU key, AudioIO field).
_IO_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "alsa": (("dev", "dev"),),
    "coreaudio": (("buffer-count", "buffer_count"),),
    "jack": (
        ("server-name", "server_name"),
        ("client-name", "client_name"),
        ("connect-ports", "connect_ports"),
        ("exact-name", "exact_name"),
    ),
    "oss": (("dev", "dev"), ("buffer-count", "buffer_count"), ("try-poll", "try_poll")),
    "pulseaudio": (("name", "name"), ("stream-name", "stream_name"), ("latency", "latency")),
    "sdl": (("buffer-count", "buffer_count"),),
}


def lower_audio(b: Builder) -> None:
    for audio in b.dom.audios:
        b.json("-audiodev", audiodev_props(audio), audio.span)
        if audio.type == "sdl" and audio.sdl_driver:
            b.set_env("SDL_AUDIODRIVER", audio.sdl_driver)


def audiodev_props(audio: Audio) -> Obj:
    head = props(
        ("id", f"audio{audio.id}"),
        ("driver", _AUDIO_DRIVERS.get(audio.type, audio.type)),
        ("timer-period", audio.timer_period or None),
    )
    backend = props(
        ("try-mmap", audio.try_mmap),
        ("exclusive", audio.exclusive),
        ("dsp-policy", audio.dsp_policy),
        ("server", audio.server_name),
        ("path", audio.path),
    )
    streams = props(
        ("in", _audio_io(audio.type, audio.input)), ("out", _audio_io(audio.type, audio.output))
    )
    return merge(head, backend, streams)


def _audio_io(kind: str, io: AudioIO) -> Obj | None:
    """One direction's settings; None (left out) when nothing is set."""
    fixed = io.fixed_settings is True  # the stream format only applies to fixed settings
    common = props(
        ("mixing-engine", io.mixing_engine),
        ("fixed-settings", io.fixed_settings),
        ("voices", io.voices or None),
        ("buffer-length", io.buffer_length or None),
        ("frequency", (io.frequency or None) if fixed else None),
        ("channels", (io.channels or None) if fixed else None),
        ("format", io.format if fixed else None),
    )
    extra = props(*((key, _positive(getattr(io, f))) for key, f in _IO_KEYS.get(kind, ())))
    obj = merge(common, extra)
    return obj if obj.items else None


def _positive(value: object) -> object:
    """libvirt's 'p:' marker: a zero count is 'not set' (booleans pass unchanged)."""
    return None if type(value) is int and value == 0 else value


# --- graphics ---------------------------------------------------------------------------------

VNC_BASE_PORT = 5900  # display :0
Items = list[tuple[str, str | None]]


def lower_graphics(b: Builder) -> None:
    for gfx in b.dom.graphics:
        if gfx.type == "vnc":
            _vnc(b, gfx)
        elif gfx.type == "spice":
            _spice(b, gfx)
        elif gfx.type == "egl-headless":
            items = [("rendernode", gfx.rendernode)] if gfx.rendernode else []
            b.kv("-display", "egl-headless", *items, span=gfx.span)
        elif gfx.type == "sdl":
            _sdl(b, gfx)
        else:
            b.ctx.error(codes.E101_NOT_SUPPORTED, gfx.span, what=f"graphics type {q(gfx.type)}")


def _audio_ref(b: Builder, audio_id: int | None) -> str | None:
    """libvirt's qemuGetAudioIDString: the backend with that id, or the first one."""
    for audio in b.dom.audios:
        if audio_id in (None, audio.id):
            return f"audio{audio.id}"
    return None


def _vnc(b: Builder, gfx: Graphics) -> None:
    listen = gfx.listens[0]
    items: Items = []
    head: str | None
    if listen.type == "socket":
        head = None
        items.append(("vnc", f"unix:{listen.socket}"))
    elif listen.type == "none":
        head = "none"
    else:
        address = listen.address or ""
        host = f"[{address}]" if ":" in address else address
        head = f"{host}:{(gfx.port or VNC_BASE_PORT) - VNC_BASE_PORT}"  # the display number
        if gfx.websocket:
            items.append(("websocket", str(gfx.websocket)))
    if gfx.share_policy:
        items.append(("share", gfx.share_policy))
    if gfx.has_password:
        items.append(("password", "on"))
    if gfx.power_control is not None:
        items.append(("power-control", "on" if gfx.power_control else "off"))
    audio = _audio_ref(b, gfx.audio_id)
    if audio is None:
        b.ctx.error(codes.E104_INVALID_CONFIG, gfx.span, detail="no audio backend for VNC")
        return
    items.append(("audiodev", audio))
    b.kv("-vnc", head, *items, span=gfx.span)
    if gfx.keymap:
        b.word("-k", gfx.keymap, gfx.span)


def _spice(b: Builder, gfx: Graphics) -> None:
    """qemuBuildGraphicsSPICECommandLine: listen, security, channels, then features."""
    spice = gfx.spice
    head, items, secure, insecure = _spice_listen(gfx)
    if spice.mouse_mode in ("server", "client"):
        items.append(("agent-mouse", "on" if spice.mouse_mode == "client" else "off"))
    if not gfx.has_password:
        items.append(("disable-ticketing", "on"))
    if secure:
        if spice.x509_dir is None:
            b.ctx.error(
                codes.E104_INVALID_CONFIG,
                gfx.span,
                detail="a SPICE tlsPort needs TLS certificates, which this profile does not set up",
            )
            return
        items.append(("x509-dir", spice.x509_dir))
    modes = [("default", spice.default_mode), *spice.channels]
    for name, mode in modes:
        if (mode == "secure" and not secure) or (mode == "insecure" and not insecure):
            b.ctx.error(
                codes.E104_INVALID_CONFIG,
                gfx.span,
                detail=f"spice channel {q(name)} wants mode {q(mode)}, which is not available",
            )
            return
        if mode in ("secure", "insecure"):
            items.append(("tls-channel" if mode == "secure" else "plaintext-channel", name))
    items += _spice_features(gfx)
    # libvirt always asks for seamless migration; QEMU falls back silently without it.
    items.append(("seamless-migration", "on"))
    b.kv("-spice", head, *items, span=gfx.span)
    if gfx.keymap:
        b.word("-k", gfx.keymap, gfx.span)


def _spice_listen(gfx: Graphics) -> tuple[str | None, Items, bool, bool]:
    """(head, items, has a TLS port, has a plaintext port) for the first listen."""
    listen = gfx.listens[0]
    if listen.type == "socket":
        return "unix", [("addr", listen.socket)], False, True
    if listen.type == "none":
        return None, [("port", "0")], False, True  # QEMU needs some port argument
    items: Items = []
    if gfx.port:
        items.append(("port", str(gfx.port)))
    if gfx.spice.tls_port:
        items.append(("tls-port", str(gfx.spice.tls_port)))
    if items and listen.address:
        items.append(("addr", listen.address))
    return None, items, bool(gfx.spice.tls_port), bool(gfx.port)


def _spice_features(gfx: Graphics) -> Items:
    spice = gfx.spice
    features: Items = [
        ("image-compression", spice.image),
        ("jpeg-wan-compression", spice.jpeg),
        ("zlib-glz-wan-compression", spice.zlib),
        ("playback-compression", _on_off(spice.playback)),
        ("streaming-video", spice.streaming),
        ("disable-copy-paste", "on" if spice.copypaste is False else None),
        ("disable-agent-file-xfer", "on" if spice.filetransfer is False else None),
    ]
    if gfx.gl:
        features += [("gl", "on"), ("rendernode", gfx.rendernode)]
    return [(key, value) for key, value in features if value is not None]


def _on_off(value: bool | None) -> str | None:
    return None if value is None else ("on" if value else "off")


def _sdl(b: Builder, gfx: Graphics) -> None:
    if gfx.xauth:
        b.set_env("XAUTHORITY", gfx.xauth)
    if gfx.display:
        b.set_env("DISPLAY", gfx.display)
    if gfx.fullscreen:
        b.flag("-full-screen", gfx.span)
    items = [("gl", _on_off(gfx.gl))] if gfx.gl is not None else []
    b.kv("-display", "sdl", *items, span=gfx.span)


# --- video ------------------------------------------------------------------------------------

# Video type → (driver as the primary VGA-compatible device, driver as a secondary device).
_VIDEO_DRIVERS: dict[str, tuple[str, str | None]] = {
    "vga": ("VGA", None),
    "cirrus": ("cirrus-vga", None),
    "vmvga": ("vmware-svga", None),
    "qxl": ("qxl-vga", "qxl"),
    "bochs": ("bochs-display", "bochs-display"),
    "ramfb": ("ramfb", "ramfb"),
}


def lower_videos(b: Builder) -> None:
    for video in b.dom.videos:
        if video.type == "none":
            continue
        if video.vhost_user:
            _vhost_user_video(b, video)
            continue
        head = _video_head(b, video)
        if head is not None:
            where = merge(address_props(b.dom, video.info), props(("acpi-index", video.acpi_index)))
            b.device(merge(head, _video_props(b, video), where), video.span)


def _vhost_user_video(b: Builder, video: Video) -> None:
    """A GPU rendered by an external vhost-user-gpu process, reached over a socket.

    libvirt starts that process and hands QEMU the connected socket as an fd; a standalone
    launch has nobody to start it.
    """
    fd = b.ctx.profile.monitor_fd
    if not b.ctx.profile.inherit_fds or fd is None or video.type != "virtio":
        b.ctx.error(codes.E101_NOT_SUPPORTED, video.span, what="vhost-user video in this profile")
        return
    chardev = f"chr-vu-{video.info.alias}"
    b.kv("-chardev", "socket", ("id", chardev), ("fd", str(fd)), span=video.span)
    if video.primary and b.ctx.target.has("vhost-user-vga"):
        head = props(("driver", "vhost-user-vga"))
    else:
        head = virtio_head(b, "vhost-user-gpu", options=video.virtio)
    tail = props(
        ("id", video.info.alias), ("max_outputs", video.heads or None), ("chardev", chardev)
    )
    where = merge(address_props(b.dom, video.info), props(("acpi-index", video.acpi_index)))
    b.device(merge(head, tail, where), video.span)


def _video_head(b: Builder, video: Video) -> Obj | None:
    """libvirt's qemuDeviceVideoGetModel: VGA-compatible models for the primary device."""
    accel = video.accel3d is True
    if video.type == "virtio":
        if video.primary and b.ctx.target.has("virtio-vga"):
            base = "virtio-vga-gl" if accel and b.ctx.target.has("virtio-vga-gl") else "virtio-vga"
            return virtio_head(b, base, options=video.virtio, bus_suffix=False)
        gl = accel and b.ctx.target.has("virtio-gpu-gl-pci")
        return virtio_head(b, "virtio-gpu-gl" if gl else "virtio-gpu", options=video.virtio)
    primary, secondary = _VIDEO_DRIVERS.get(video.type or "", (None, None))
    driver = primary if video.primary else secondary
    if driver is None:
        b.ctx.error(
            codes.E102_UNSUPPORTED_VALUE,
            video.span,
            what="secondary video model" if primary else "video model",
            value=q(video.type),
        )
        return None
    return props(("driver", driver))


def _video_props(b: Builder, video: Video) -> Obj:
    heads = video.heads if video.type in ("qxl", "virtio") else None
    pairs: list[tuple[str, object]] = [("id", video.info.alias), ("max_outputs", heads or None)]
    if video.type == "qxl":
        pairs += [
            ("ram_size", (video.ram_kib or 0) * 1024 or None),
            ("vram_size", (video.vram_kib or 0) * 1024 or None),
        ]
        if b.ctx.target.has("qxl.vram64_size_mb"):
            pairs.append(("vram64_size_mb", (video.vram64_kib or 0) // 1024))
        if b.ctx.target.has("qxl.vgamem_mb"):
            pairs.append(("vgamem_mb", (video.vgamem_kib or 0) // 1024))
    elif video.type in ("vga", "vmvga") and b.ctx.target.has(
        "VGA.vgamem_mb" if video.type == "vga" else "vmware-svga.vgamem_mb"
    ):
        pairs.append(("vgamem_mb", (video.vram_kib or 0) // 1024 or None))
    elif video.type == "bochs":
        pairs.append(("vgamem", (video.vram_kib or 0) * 1024 or None))
    if video.resolution is not None:
        pairs += [("xres", video.resolution[0] or None), ("yres", video.resolution[1] or None)]
    return props(*pairs)


# --- sound ------------------------------------------------------------------------------------

_SOUND_DRIVERS = {
    "es1370": "ES1370",
    "ac97": "AC97",
    "ich6": "intel-hda",
    "ich9": "ich9-intel-hda",
    "usb": "usb-audio",
    "sb16": "sb16",
}
_HDA_MODELS = frozenset({"ich6", "ich9", "ich7"})  # buses for hda codecs, not audio devices
_CODEC_DRIVERS = {"duplex": "hda-duplex", "micro": "hda-micro", "output": "hda-output"}


def lower_sounds(b: Builder) -> None:
    for sound in b.dom.sounds:
        if sound.model == "pcspk":
            # The PC speaker is a -machine property (pcspk-audiodev), not a -device.
            b.ctx.error(codes.E101_NOT_SUPPORTED, sound.span, what="sound model 'pcspk'")
            continue
        driver = _SOUND_DRIVERS.get(sound.model)
        audio = _audio_ref(b, sound.audio_id)
        if driver is None or audio is None:
            b.ctx.error(
                codes.E102_UNSUPPORTED_VALUE if driver is None else codes.E104_INVALID_CONFIG,
                sound.span,
                what="sound model",
                value=q(sound.model),
                detail="no audio backend for the sound device",
            )
            continue
        hda = sound.model in _HDA_MODELS
        b.device(
            merge(
                props(
                    ("driver", driver),
                    ("id", sound.info.alias),
                    ("audiodev", None if hda else audio),
                    ("multi", sound.multichannel),
                ),
                address_props(b.dom, sound.info),
            ),
            sound.span,
        )
        if hda:
            _codecs(b, sound, audio)


def _codecs(b: Builder, sound: Sound, audio: str) -> None:
    """An HDA controller gets its codecs, or one duplex codec when none is given."""
    codecs = sound.codecs or (None,)
    for codec in codecs:
        kind, cad = ("duplex", 0) if codec is None else (codec.type, codec.cad)
        b.device(
            props(
                ("driver", _CODEC_DRIVERS.get(kind, kind)),
                ("id", f"{sound.info.alias}-codec{cad}"),
                ("bus", f"{sound.info.alias}.0"),
                ("cad", cad),
                ("audiodev", audio),
            ),
            sound.span,
        )
