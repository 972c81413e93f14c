"""Domain IR for audio, graphics, video and sound devices."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.common import Pairs


@dataclass(frozen=True, slots=True, kw_only=True)
class Audio:
    span: Span
    id: int
    type: str  # none, alsa, pulseaudio, spice, sdl, file...
    attrs: Pairs = ()
