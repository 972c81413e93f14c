"""refuse-invalid-display: libvirt's graphics, video and audio validation rules."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo, PciAddress
from compiler.ir.domain import Domain
from compiler.ir.graphics import Audio, Graphics, Sound, Video
from passes.refuse_invalid_display import refuse_invalid_display
from tests.passes.graphics_builders import SPAN, context, domain


def _messages(dom: Domain) -> list[str]:
    ctx = context()
    refuse_invalid_display(dom, ctx)
    return [d.message for d in ctx.diagnostics]


def test_egl_headless_with_vnc_is_accepted() -> None:
    graphics = (Graphics(span=SPAN, type="vnc"), Graphics(span=SPAN, type="egl-headless"))
    assert _messages(domain(graphics=graphics)) == []


def test_egl_headless_with_sdl_is_refused() -> None:
    graphics = (Graphics(span=SPAN, type="sdl"), Graphics(span=SPAN, type="egl-headless"))
    (msg,) = _messages(domain(graphics=graphics))
    assert "only supported with one of: 'vnc', 'spice'" in msg


def test_spice_gl_with_egl_headless_is_refused() -> None:
    graphics = (
        Graphics(span=SPAN, type="spice", gl=True),
        Graphics(span=SPAN, type="egl-headless"),
    )
    (msg,) = _messages(domain(graphics=graphics))
    assert "multiple OpenGL displays" in msg


def test_ramfb_with_an_address_is_refused() -> None:
    video = Video(span=SPAN, type="ramfb", info=DeviceInfo(address=PciAddress(slot=2)))
    (msg,) = _messages(domain(videos=(video,)))
    assert msg == "address not supported for video type ramfb"


def test_sound_naming_a_missing_audio_backend_is_refused() -> None:
    dom = domain(
        audios=(Audio(span=SPAN, id=1, type="none"),),
        sounds=(Sound(span=SPAN, model="ac97", audio_id=2),),
    )
    (msg,) = _messages(dom)
    assert "no <audio> backend with id 2" in msg


def test_vnc_port_below_5900_is_refused() -> None:
    (msg,) = _messages(domain(graphics=(Graphics(span=SPAN, type="vnc", port=5800),)))
    assert msg == "vnc port must be in range [5900,65535]"


def test_duplicate_audio_ids_are_refused() -> None:
    audios = (Audio(span=SPAN, id=1, type="none"), Audio(span=SPAN, id=1, type="alsa"))
    (msg,) = _messages(domain(audios=audios))
    assert "audio id 1 is used by more than one" in msg
