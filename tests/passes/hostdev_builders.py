"""Small Domain IR builders for the hostdev pass tests (no XML involved)."""

from __future__ import annotations

from typing import Any

from compiler.ir.common import DeviceInfo, DriveAddress
from compiler.ir.domain import Controller
from compiler.ir.hostdev import Hostdev, IscsiHostSource, ScsiHostSource, VhostScsiSource
from compiler.ir.storage import NetworkHost, StorageSource
from tests.passes.device_builders import SPAN


def scsi_lun(address: DriveAddress | None = None, **fields: Any) -> Hostdev:
    source = ScsiHostSource(adapter="scsi_host0", bus=0, target=0, unit=1)
    return Hostdev(
        span=SPAN, type="scsi", source=source, info=DeviceInfo(address=address), **fields
    )


def iscsi_lun(address: DriveAddress | None = None) -> Hostdev:
    storage = StorageSource(
        span=SPAN, type="network", protocol="iscsi", path="iqn.x/1", hosts=(NetworkHost(name="h"),)
    )
    source = IscsiHostSource(storage=storage)
    return Hostdev(span=SPAN, type="scsi", source=source, info=DeviceInfo(address=address))


def vhost_scsi(**fields: Any) -> Hostdev:
    source = VhostScsiSource(wwpn="naa.5123456789abcde0")
    return Hostdev(span=SPAN, type="scsi_host", source=source, **fields)


def scsi_controller(index: int = 0, model: str | None = "virtio-scsi") -> Controller:
    return Controller(span=SPAN, type="scsi", index=index, model=model)
