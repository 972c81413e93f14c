"""Add the default devices libvirt adds: the memory balloon and the default audio backend.

A domain without <memballoon> gets a virtio balloon (model='none' keeps it out). A domain
without <audio> gets one audio backend chosen from its graphics (libvirt's
qemuDomainDefSuggestDefaultAudioBackend): none without graphics or with VNC, spice with
SPICE. Sound devices and VNC refer to it as 'audio1'.
Before: no <memballoon>, no <audio>.
After:  Memballoon(model='virtio'), Audio(id=1, type='none').
Postcondition: memballoon is set; at least one audio backend exists.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Audio, Domain, Memballoon
from compiler.passmanager import Pass, PassContext


def fill_default_devices(dom: Domain, ctx: PassContext) -> Domain:
    balloon = dom.memballoon or Memballoon(span=dom.span, model="virtio")
    audios = dom.audios
    if not audios:
        audios = (Audio(span=dom.span, id=1, type=default_audio_type(dom)),)
    return replace(dom, memballoon=balloon, audios=audios)


def default_audio_type(dom: Domain) -> str:
    graphics = getattr(dom, "graphics", ())
    for g in graphics:
        if getattr(g, "type", None) == "spice":
            return "spice"
    return "none"


PASS = Pass(
    name="fill-default-devices",
    run=fill_default_devices,
    summary="Add the default memballoon and audio backend",
    ensures=lambda d: d.memballoon is not None and len(d.audios) > 0,
)
