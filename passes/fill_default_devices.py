"""Add the default devices libvirt adds: the memory balloon and the default audio backend.

A domain without <memballoon> gets a virtio balloon (model='none' keeps it out). A domain
without <audio> gets one audio backend chosen from its displays (libvirt's
qemuDomainDefSuggestDefaultAudioBackend): 'none' without graphics or with VNC, 'spice' with
SPICE. SDL (and host audio in general) would follow the environment of the daemon
(QEMU_AUDIO_DRV), which a compiler never reads, so SDL, like egl-headless alone, gets no
backend. Sound devices and VNC refer to the backend as 'audio1'.
Before: no <memballoon>, no <audio>, no <graphics>.
After:  Memballoon(model='virtio'), Audio(id=1, type='none').
Postcondition: memballoon is set; an audio backend exists unless the displays forbid one.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.devices import Memballoon
from compiler.ir.domain import Domain
from compiler.ir.graphics import Audio
from compiler.passmanager import Pass, PassContext


def fill_default_devices(dom: Domain, ctx: PassContext) -> Domain:
    balloon = dom.memballoon or Memballoon(span=dom.span, model="virtio")
    audios = dom.audios
    default = default_audio_type(dom)
    if not audios and default is not None:
        audios = (Audio(span=dom.span, id=1, type=default),)
    return replace(dom, memballoon=balloon, audios=audios)


def default_audio_type(dom: Domain) -> str | None:
    """The backend libvirt would add, or None when it adds none.

    The last display decides: VNC mutes the guest, SPICE carries the audio, SDL plays it on
    the host (which needs the daemon's environment, so no backend is added here).
    """
    if not dom.graphics:
        return "none"
    backend: str | None = None
    host_audio = False
    for gfx in dom.graphics:
        if gfx.type == "vnc":
            backend, host_audio = "none", False
        elif gfx.type == "spice":
            backend, host_audio = "spice", False
        elif gfx.type == "sdl":
            host_audio = True
    return None if host_audio else backend


PASS = Pass(
    name="fill-default-devices",
    run=fill_default_devices,
    summary="Add the default memballoon and audio backend",
    ensures=lambda d: d.memballoon is not None,
)
