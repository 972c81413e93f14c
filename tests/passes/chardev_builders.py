"""Small IR builders shared by the character-device pass tests."""

from __future__ import annotations

from compiler.ir.chardev import Chardev, ChardevKind, ChardevSource
from compiler.ir.domain import Controller, DeviceInfo
from tests.builders import SPAN, context, domain  # noqa: F401 - shared builders


def src(kind: str = "pty", **fields: object) -> ChardevSource:
    return ChardevSource(span=SPAN, type=kind, **fields)  # type: ignore[arg-type]


def chardev(kind: ChardevKind, source: ChardevSource | None = None, **fields: object) -> Chardev:
    return Chardev(span=SPAN, kind=kind, source=source or src(), **fields)  # type: ignore[arg-type]


def vserial(index: int, ports: int | None = None) -> Controller:
    return Controller(
        span=SPAN, type="virtio-serial", index=index, model="virtio-serial", ports=ports
    )


def info(**fields: object) -> DeviceInfo:
    return DeviceInfo(**fields)  # type: ignore[arg-type]
