"""Lower the small devices: -audiodev backends and the memory balloon."""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props


def lower_audio(b: Builder) -> None:
    for audio in b.dom.audios:
        if audio.attrs or audio.type != "none":
            b.ctx.error(codes.E101_NOT_SUPPORTED, audio.span, what=f"audio backend {q(audio.type)}")
            continue
        b.json("-audiodev", props(("id", f"audio{audio.id}"), ("driver", audio.type)), audio.span)


_BALLOON_DRIVERS = {
    "virtio": "virtio-balloon-pci",
    "virtio-transitional": "virtio-balloon-pci-transitional",
    "virtio-non-transitional": "virtio-balloon-pci-non-transitional",
}


def lower_memballoon(b: Builder) -> None:
    balloon = b.dom.memballoon
    if balloon is None or balloon.model == "none":
        return
    driver = _BALLOON_DRIVERS.get(balloon.model)
    if driver is None:
        b.ctx.error(
            codes.E101_NOT_SUPPORTED, balloon.span, what=f"memballoon model {q(balloon.model)}"
        )
        return
    b.device(
        merge(
            props(("driver", driver), ("id", balloon.info.alias)),
            address_props(b.dom, balloon.info),
            props(
                ("deflate-on-oom", balloon.autodeflate),
                ("free-page-reporting", balloon.free_page_reporting),
            ),
        ),
        balloon.span,
    )


def lower_inputs(b: Builder) -> None:
    for dev in b.dom.inputs:
        if dev.bus in (None, "ps2") and dev.type in ("mouse", "keyboard"):
            continue  # the PS/2 mouse and keyboard are built into the PC
        b.ctx.error(
            codes.E101_NOT_SUPPORTED, dev.span, what=f"input type {q(dev.type)} on bus {q(dev.bus)}"
        )
