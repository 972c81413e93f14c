"""Domain IR for the small devices: <input>, <memballoon>."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    span: Span
    type: str  # mouse, keyboard, tablet, passthrough, evdev
    bus: str | None = None
    info: DeviceInfo = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Memballoon:
    span: Span
    model: str  # virtio, virtio-transitional, virtio-non-transitional, none
    autodeflate: Tristate = None
    free_page_reporting: Tristate = None
    stats_period: int | None = None
    info: DeviceInfo = DeviceInfo()
