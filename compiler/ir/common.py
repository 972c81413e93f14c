"""Pieces every device family shares: addresses and DeviceInfo (alias, address, boot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Tristate = bool | None
Pairs = tuple[tuple[str, str], ...]


def host_path(default: Any = None) -> Any:
    """A field holding a path on the host. ``--policy strict`` checks every such field."""
    return field(default=default, metadata={"host_path": True})


# --- addresses ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PciAddress:
    domain: int = 0
    bus: int = 0
    slot: int = 0
    function: int = 0
    multifunction: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DriveAddress:
    controller: int = 0
    bus: int = 0
    target: int = 0
    unit: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class UsbAddress:
    bus: int = 0
    port: str = ""  # dotted hub path, e.g. "1" or "1.2"


@dataclass(frozen=True, slots=True, kw_only=True)
class VirtioSerialAddress:
    """A port of a virtio-serial controller; port 0 means "not chosen yet"."""

    controller: int = 0
    bus: int = 0
    port: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherAddress:
    """Address types that no pass interprets yet (virtio-serial, ccid, isa...)."""

    type: str
    attrs: Pairs = ()


Address = PciAddress | DriveAddress | UsbAddress | VirtioSerialAddress | OtherAddress


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceInfo:
    """What every device has: alias (user-given or assigned), address, boot order."""

    alias: str | None = None  # 'ua-*' from the XML, else set by assign-aliases
    user_alias: bool = False
    address: Address | None = None
    boot_order: int | None = None
