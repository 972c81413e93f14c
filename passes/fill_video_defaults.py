"""Add the implicit video device and fill in video defaults, as libvirt's post-parse does.

A domain with graphics but no <video> gets one video device (virDomainDefAddImplicitVideo);
a <video> without a model gets the architecture's default, cirrus on x86
(qemuDomainDeviceVideoDefPostParse). The device marked primary='yes' moves to the front,
and the first device is the primary one: QEMU gives it the VGA-compatible model.
Memory sizes that QEMU needs are filled in (virDomainVideoDefaultRAM): 16 MiB of VRAM for
VGA-like models, 64 MiB of RAM and VRAM and 16 MiB of VGA memory for QXL; one head.
Before: <graphics type='vnc'/> and no <video>.
After:  Video(type='cirrus', primary=True, vram_kib=16384, heads=1).
Postcondition: every video has a type and heads, and only the first may be primary.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.domain import Domain
from compiler.ir.graphics import Video
from compiler.passmanager import Pass, PassContext

_VGA_LIKE_VRAM_KIB = 16 * 1024
_QXL_RAM_KIB = 64 * 1024
_QXL_VGAMEM_KIB = 16 * 1024


def fill_video_defaults(dom: Domain, ctx: PassContext) -> Domain:
    videos = dom.videos
    if dom.graphics and not videos:
        videos = (Video(span=dom.graphics[0].span, type=None),)
    primaries = [v for v in videos if v.primary]
    if len(primaries) > 1:
        ctx.error(
            codes.E104_INVALID_CONFIG,
            primaries[1].span,
            detail="only one primary video device is supported",
        )
        return dom
    videos = tuple(primaries) + tuple(v for v in videos if not v.primary)
    filled = tuple(_defaults(v, first=i == 0) for i, v in enumerate(videos))
    return replace(dom, videos=filled)


def _defaults(video: Video, *, first: bool) -> Video:
    kind = video.type or "cirrus"
    vram = video.vram_kib
    ram = video.ram_kib
    vgamem = video.vgamem_kib
    if kind in ("vga", "cirrus", "vmvga", "bochs") and not vram:
        vram = _VGA_LIKE_VRAM_KIB
    if kind == "qxl":
        vram = vram or _QXL_RAM_KIB
        ram = ram or _QXL_RAM_KIB
        vgamem = vgamem or _QXL_VGAMEM_KIB
    return replace(
        video,
        type=kind,
        primary=first and kind != "none",
        heads=video.heads or 1,
        vram_kib=vram,
        ram_kib=ram,
        vgamem_kib=vgamem,
    )


def _settled(dom: Domain) -> bool:
    return all(
        v.type is not None and v.heads is not None and (v.primary is False or i == 0)
        for i, v in enumerate(dom.videos)
    )


PASS = Pass(
    name="fill-video-defaults",
    run=fill_video_defaults,
    summary="Add the implicit video device; default model, memory sizes and primary",
    ensures=_settled,
)
