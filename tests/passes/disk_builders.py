"""Small Domain IR builders for the disk pass tests (no XML involved)."""

from __future__ import annotations

from typing import Any

from compiler.ir.domain import Disk, DriveAddress, StorageSource
from tests.passes.device_builders import SPAN


def source(path: str | None = "/img", **fields: Any) -> StorageSource:
    return StorageSource(span=SPAN, type=fields.pop("type", "file"), path=path, **fields)


def disk(target: str, *, bus: str | None = None, **fields: Any) -> Disk:
    src = fields.pop("source", None) or source()
    return Disk(
        span=SPAN, device=fields.pop("device", "disk"), source=src, target=target, bus=bus, **fields
    )


def drive(controller: int = 0, bus: int = 0, target: int = 0, unit: int = 0) -> DriveAddress:
    return DriveAddress(controller=controller, bus=bus, target=target, unit=unit)
