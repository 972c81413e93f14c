"""Domain IR for <controller>."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Pairs


@dataclass(frozen=True, slots=True, kw_only=True)
class Controller:
    span: Span
    type: str  # pci, usb, ide, sata, scsi, fdc, virtio-serial, ccid, xenbus, isa
    index: int
    model: str | None = None  # None until fill-controller-defaults
    ports: int | None = None  # usb ports
    vectors: int | None = None
    options: Pairs = ()  # model-specific extras (chassis, port, busNr, queues...)
    implicit: bool = False  # added by a pass, not written in the XML
    info: DeviceInfo = DeviceInfo()
