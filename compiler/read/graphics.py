"""Read <audio>, <graphics>, <video> and <sound>.

Each backend or display type reads only the attributes libvirt defines for it
(virDomainAudioDefParseXML, virDomainGraphicsDefParseXML...): an attribute of another
backend stays unconsumed and is reported, instead of being silently dropped.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.graphics import (
    Audio,
    AudioIO,
    Graphics,
    GraphicsListen,
    Sound,
    SoundCodec,
    SpiceOptions,
    Video,
)
from compiler.read.common import read_device_info
from compiler.read.node import Node
from compiler.read.virtio import read_virtio_options

_INT31 = 2**31 - 1

# --- <audio> ----------------------------------------------------------------------------------

# Backend → the extra <input>/<output> attributes it defines, as (XML name, AudioIO field).
_IO_ATTRS: dict[str, tuple[tuple[str, str], ...]] = {
    "none": (),
    "alsa": (("dev", "dev"),),
    "coreaudio": (("bufferCount", "buffer_count"),),
    "jack": (
        ("serverName", "server_name"),
        ("clientName", "client_name"),
        ("connectPorts", "connect_ports"),
        ("exactName", "exact_name"),
    ),
    "oss": (("dev", "dev"), ("bufferCount", "buffer_count"), ("tryPoll", "try_poll")),
    "pulseaudio": (("name", "name"), ("streamName", "stream_name"), ("latency", "latency")),
    "sdl": (("bufferCount", "buffer_count"),),
    "spice": (),
    "file": (),
    "dbus": (),
}
_YES_NO_FIELDS = frozenset({"exact_name", "try_poll"})
_INT_FIELDS = frozenset({"buffer_count", "latency"})


def read_audio(node: Node) -> Audio:
    kind = node.req("type")
    if kind not in _IO_ATTRS:
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="audio type", value=q(kind))
    return Audio(
        span=node.span,
        id=node.int_attr("id", hex_ok=False, lo=1, hi=_INT31) or 0,
        type=kind,
        timer_period=node.int_attr("timerPeriod", hex_ok=False, hi=_INT31),
        input=_read_audio_io(node.child("input"), kind),
        output=_read_audio_io(node.child("output"), kind),
        try_mmap=node.yes_no("tryMMap") if kind == "oss" else None,
        exclusive=node.yes_no("exclusive") if kind == "oss" else None,
        dsp_policy=node.int_attr("dspPolicy", hex_ok=False, hi=_INT31) if kind == "oss" else None,
        server_name=node.attr("serverName") if kind == "pulseaudio" else None,
        sdl_driver=node.attr("driver") if kind == "sdl" else None,
        path=node.attr("path") if kind == "file" else None,
    )


def _read_audio_io(node: Node | None, kind: str) -> AudioIO:
    if node is None:
        return AudioIO()
    extra: dict[str, object] = {}
    for xml_name, field in _IO_ATTRS[kind]:
        if field in _YES_NO_FIELDS:
            extra[field] = node.yes_no(xml_name)
        elif field in _INT_FIELDS:
            extra[field] = node.int_attr(xml_name, hex_ok=False, hi=_INT31)
        else:
            extra[field] = node.attr(xml_name)
    settings = node.child("settings")
    return AudioIO(
        mixing_engine=node.yes_no("mixingEngine"),
        fixed_settings=node.yes_no("fixedSettings"),
        voices=node.int_attr("voices", hex_ok=False, hi=_INT31),
        buffer_length=node.int_attr("bufferLength", hex_ok=False, hi=_INT31),
        frequency=None if settings is None else settings.int_attr("frequency", hex_ok=False),
        channels=None if settings is None else settings.int_attr("channels", hex_ok=False),
        format=None if settings is None else settings.attr("format"),
        **extra,  # type: ignore[arg-type]
    )


def _audio_ref(node: Node) -> int | None:
    """The id of a child <audio id='N'/> that selects an audio backend."""
    ref = node.child("audio")
    return None if ref is None else ref.int_attr("id", hex_ok=False, lo=1, hi=_INT31)


# --- <graphics> -------------------------------------------------------------------------------


def read_graphics(node: Node) -> Graphics:
    kind = node.req("type")
    if kind in ("vnc", "spice"):
        return _read_remote_display(node, kind)
    gl = node.child("gl")
    if kind == "egl-headless":
        return Graphics(
            span=node.span, type=kind, rendernode=None if gl is None else gl.attr("rendernode")
        )
    if kind == "sdl":
        return Graphics(
            span=node.span,
            type=kind,
            display=node.attr("display"),
            xauth=node.attr("xauth"),
            fullscreen=node.yes_no("fullscreen"),
            gl=None if gl is None else gl.yes_no("enable"),
        )
    if kind == "curses":
        return Graphics(span=node.span, type=kind)  # only to be refused by its pass
    # rdp, desktop, dbus: not lowered yet; never emitted.
    raise node.fail(codes.E101_NOT_SUPPORTED, what=f"graphics type {q(kind)}")


def _read_remote_display(node: Node, kind: str) -> Graphics:
    port = _port(node, "port")
    autoport = node.yes_no("autoport")
    for ignored in ("passwdValidTo", "connected"):
        node.attr(ignored)  # applied through the monitor at run time, not on the command line
    common = {
        "span": node.span,
        "type": kind,
        "keymap": node.attr("keymap"),
        "has_password": node.attr("passwd") is not None,
        "listens": _read_listens(node, kind),
    }
    if kind == "vnc":
        # A missing port, or the legacy port='-1', means "allocate one" (autoport).
        return Graphics(
            **common,  # type: ignore[arg-type]
            port=None if port in (None, -1) else port,
            autoport=autoport if autoport is not None else port in (None, -1),
            websocket=_port(node, "websocket"),  # -1: allocate one
            share_policy=node.attr("sharePolicy"),
            power_control=node.yes_no("powerControl"),
            audio_id=_audio_ref(node),
        )
    tls_port = _port(node, "tlsPort")
    gl = node.child("gl")
    return Graphics(
        **common,  # type: ignore[arg-type]
        port=None if port == -1 else port,
        # The legacy spelling of autoport: both ports -1.
        autoport=bool(autoport) or (port == -1 and tls_port == -1),
        gl=None if gl is None else gl.yes_no("enable"),
        rendernode=None if gl is None else gl.attr("rendernode"),
        spice=_read_spice(node, None if tls_port == -1 else tls_port),
    )


def _port(node: Node, name: str) -> int | None:
    """A TCP port attribute; -1 is libvirt's legacy 'pick one for me'."""
    if node.attr(name) == "-1":
        return -1
    return node.int_attr(name, hex_ok=False, hi=65535)


def _read_spice(node: Node, tls_port: int | None) -> SpiceOptions:
    def child_attr(tag: str, attr: str) -> str | None:
        child = node.child(tag)
        return None if child is None else child.attr(attr)

    playback = node.child("playback")
    clipboard = node.child("clipboard")
    filetransfer = node.child("filetransfer")
    return SpiceOptions(
        tls_port=tls_port,
        default_mode=node.attr("defaultMode"),
        channels=tuple((c.req("name"), c.req("mode")) for c in node.children("channel")),
        image=child_attr("image", "compression"),
        jpeg=child_attr("jpeg", "compression"),
        zlib=child_attr("zlib", "compression"),
        playback=None if playback is None else playback.on_off("compression"),
        streaming=child_attr("streaming", "mode"),
        copypaste=None if clipboard is None else clipboard.yes_no("copypaste"),
        filetransfer=None if filetransfer is None else filetransfer.yes_no("enable"),
        mouse_mode=child_attr("mouse", "mode"),
    )


def _read_listens(node: Node, kind: str) -> tuple[GraphicsListen, ...]:
    """<listen> children; without them, the legacy listen= / socket= attributes."""
    listen_attr = node.attr("listen")
    socket_attr = node.attr("socket") if kind == "vnc" else None
    listens = tuple(
        GraphicsListen(
            type=child.req("type"),
            address=child.attr("address"),
            network=child.attr("network"),
            socket=child.attr("socket"),
        )
        for child in node.children("listen")
    )
    if listens:
        return listens  # the listen= attribute only repeats the first address
    if socket_attr is not None:
        return (GraphicsListen(type="socket", socket=socket_attr),)
    return (GraphicsListen(type="address", address=listen_attr),)


# --- <video> ----------------------------------------------------------------------------------


def read_video(node: Node) -> Video:
    driver = node.child("driver")
    backend = None if driver is None else driver.attr("name")
    if driver is not None and backend not in (None, "qemu", "vhostuser"):
        raise driver.fail(codes.E102_UNSUPPORTED_VALUE, what="video driver name", value=q(backend))
    common = {
        "span": node.span,
        "vhost_user": backend == "vhostuser",
        "virtio": read_virtio_options(driver),
        "acpi_index": _acpi_index(node),
        "info": read_device_info(node, boot=False),
    }
    model = node.child("model")
    if model is None:
        return Video(type=None, **common)  # type: ignore[arg-type]
    accel = model.child("acceleration")
    res = model.child("resolution")
    return Video(
        type=model.attr("type"),
        primary=model.yes_no("primary") is True,  # primary='no' is the default
        heads=_uint(model, "heads"),
        ram_kib=_uint(model, "ram"),
        vram_kib=_uint(model, "vram"),
        vram64_kib=_uint(model, "vram64"),
        vgamem_kib=_uint(model, "vgamem"),
        accel3d=None if accel is None else accel.yes_no("accel3d"),
        rendernode=None if accel is None else accel.attr("rendernode"),
        resolution=None if res is None else (_uint(res, "x") or 0, _uint(res, "y") or 0),
        **common,  # type: ignore[arg-type]
    )


def _acpi_index(node: Node) -> int | None:
    acpi = node.child("acpi")
    return None if acpi is None else acpi.int_attr("index", hex_ok=False, lo=1, hi=16383)


def _uint(node: Node, name: str) -> int | None:
    return node.int_attr(name, hex_ok=False, hi=2**32 - 1)


# --- <sound> ----------------------------------------------------------------------------------


def read_sound(node: Node) -> Sound:
    model = node.req("model")
    return Sound(
        span=node.span,
        model=model,
        codecs=tuple(
            SoundCodec(type=codec.req("type"), cad=cad)
            for cad, codec in enumerate(node.children("codec"))
        ),
        audio_id=_audio_ref(node),
        multichannel=node.yes_no("multichannel") if model == "usb" else None,
        info=read_device_info(node, boot=False),
    )
