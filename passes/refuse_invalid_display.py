"""Refuse display, video and audio combinations that libvirt's validation refuses.

QEMU cannot run two displays of one kind, nor pair egl-headless (a GL renderer without a
window) with anything but VNC or SPICE, nor two OpenGL displays at once
(qemuValidateDomainDefGraphics); a VNC port names display port-5900, so it is at least
5900. ramfb is not a PCI device, so it cannot take an address
(qemuValidateDomainDeviceDefVideo). Audio backends are found by id, so ids are unique and
every reference must name an existing backend (virDomainDefValidate).
Before: <graphics type='sdl'/><graphics type='egl-headless'/>
After:  E104 at the SDL <graphics>; Domain unchanged.
Postcondition: the display, video and audio devices form a configuration QEMU accepts.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

_EGL_PARTNERS = frozenset({"egl-headless", "vnc", "spice"})
Problem = tuple[Span, str]


def refuse_invalid_display(dom: Domain, ctx: PassContext) -> Domain:
    for span, detail in (*_graphics_problems(dom), *_video_problems(dom), *_audio_problems(dom)):
        ctx.error(codes.E104_INVALID_CONFIG, span, detail=detail)
    return dom


def _graphics_problems(dom: Domain) -> Iterator[Problem]:
    seen: set[str] = set()
    egl = any(g.type == "egl-headless" for g in dom.graphics)
    for gfx in dom.graphics:
        if gfx.type in seen:
            yield gfx.span, f"only one graphics device of type {q(gfx.type)} is supported"
        seen.add(gfx.type)
        if egl and gfx.type not in _EGL_PARTNERS:
            yield (
                gfx.span,
                "graphics type 'egl-headless' is only supported with one of: "
                "'vnc', 'spice' graphics types",
            )
        if egl and gfx.type == "spice" and gfx.gl is True:
            yield gfx.span, "multiple OpenGL displays are not supported by QEMU"
        fixed_port = gfx.type == "vnc" and not gfx.autoport and gfx.port is not None
        if fixed_port and not 5900 <= (gfx.port or 0) <= 65535:
            yield gfx.span, "vnc port must be in range [5900,65535]"


def _video_problems(dom: Domain) -> Iterator[Problem]:
    for video in dom.videos:
        if video.type == "ramfb" and video.info.address is not None:
            yield video.span, "address not supported for video type ramfb"


def _audio_problems(dom: Domain) -> Iterator[Problem]:
    ids: set[int] = set()
    for audio in dom.audios:
        if audio.id in ids:
            yield audio.span, f"audio id {audio.id} is used by more than one <audio>"
        ids.add(audio.id)
    refs = [(g.span, g.audio_id) for g in dom.graphics] + [(s.span, s.audio_id) for s in dom.sounds]
    for span, ref in refs:
        if ref is not None and ref not in ids:
            yield span, f"no <audio> backend with id {ref}"


def _valid(dom: Domain) -> bool:
    return not any(v.type == "ramfb" and v.info.address is not None for v in dom.videos)


PASS = Pass(
    name="refuse-invalid-display",
    run=refuse_invalid_display,
    summary="Refuse display, video and audio combinations libvirt refuses",
    ensures=_valid,
)
