"""fill-video-defaults: implicit video, default model and sizes, primary first."""

from __future__ import annotations

from compiler.ir.graphics import Graphics, Video
from passes.fill_video_defaults import fill_video_defaults
from tests.passes.graphics_builders import SPAN, context, domain


def test_graphics_without_video_get_a_cirrus_primary() -> None:
    dom = fill_video_defaults(domain(graphics=(Graphics(span=SPAN, type="vnc"),)), context())
    (video,) = dom.videos
    assert (video.type, video.primary, video.vram_kib, video.heads) == ("cirrus", True, 16384, 1)


def test_no_graphics_no_video() -> None:
    assert fill_video_defaults(domain(), context()).videos == ()


def test_primary_yes_moves_to_the_front() -> None:
    videos = (Video(span=SPAN, type="qxl"), Video(span=SPAN, type="virtio", primary=True))
    dom = fill_video_defaults(domain(videos=videos), context())
    assert [(v.type, v.primary) for v in dom.videos] == [("virtio", True), ("qxl", False)]


def test_qxl_sizes_default() -> None:
    dom = fill_video_defaults(domain(videos=(Video(span=SPAN, type="qxl"),)), context())
    (video,) = dom.videos
    assert (video.ram_kib, video.vram_kib, video.vgamem_kib) == (65536, 65536, 16384)


def test_two_primaries_are_refused() -> None:
    videos = (
        Video(span=SPAN, type="qxl", primary=True),
        Video(span=SPAN, type="vga", primary=True),
    )
    ctx = context()
    fill_video_defaults(domain(videos=videos), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]
