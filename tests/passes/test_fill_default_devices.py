"""fill-default-devices: the default balloon and the default audio backend."""

from __future__ import annotations

from compiler.ir.graphics import Audio, Graphics
from passes.fill_default_devices import fill_default_devices
from tests.passes.graphics_builders import SPAN, context, domain


def _audio_types(*graphics: str) -> list[str]:
    gfx = tuple(Graphics(span=SPAN, type=t) for t in graphics)
    return [a.type for a in fill_default_devices(domain(graphics=gfx), context()).audios]


def test_balloon_is_added() -> None:
    assert fill_default_devices(domain(), context()).memballoon is not None


def test_no_graphics_gets_none() -> None:
    assert _audio_types() == ["none"]


def test_vnc_gets_none_and_spice_gets_spice() -> None:
    assert _audio_types("vnc") == ["none"]
    assert _audio_types("spice") == ["spice"]


def test_sdl_and_egl_headless_alone_get_no_backend() -> None:
    assert _audio_types("sdl") == []
    assert _audio_types("egl-headless") == []


def test_explicit_audio_is_kept() -> None:
    dom = domain(audios=(Audio(span=SPAN, id=3, type="alsa"),))
    assert [a.id for a in fill_default_devices(dom, context()).audios] == [3]
