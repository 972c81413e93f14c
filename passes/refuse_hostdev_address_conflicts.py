"""Refuse a SCSI host device on a drive address another SCSI device already uses.

libvirt's virDomainDefCheckDuplicateDriveAddresses also checks host devices: a SCSI
<hostdev> names a unit of a SCSI controller just as a SCSI <disk> does, so it may share
it neither with another SCSI hostdev nor with a SCSI disk (whose address may have been
derived from its target name). Runs after assign-drive-addresses.
Before: <disk> sda (drive 0:0:0:0) and a SCSI <hostdev> at drive 0:0:0:0
After:  E301 at the <disk>; Domain unchanged.
Postcondition: no two SCSI disks or hostdevs share a drive address.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, DriveAddress
from compiler.passmanager import Pass, PassContext

_Key = tuple[int, int, int, int]


def refuse_hostdev_address_conflicts(dom: Domain, ctx: PassContext) -> Domain:
    taken: dict[_Key, str] = {}
    for dev in dom.hostdevs:
        addr = dev.info.address
        if dev.type != "scsi" or not isinstance(addr, DriveAddress):
            continue
        key = _key(addr)
        if key in taken:
            ctx.error(
                codes.E301_ADDRESS_CONFLICT,
                dev.span,
                what=f"SCSI host device address {_describe(addr)}",
                other="another SCSI host device",
            )
        taken[key] = "a SCSI host device"
    for disk in dom.disks:
        addr = disk.info.address
        if disk.bus == "scsi" and isinstance(addr, DriveAddress) and _key(addr) in taken:
            ctx.error(
                codes.E301_ADDRESS_CONFLICT,
                disk.span,
                what=f"drive address {_describe(addr)} of disk {q(disk.target)}",
                other=taken[_key(addr)],
            )
    return dom


def _key(addr: DriveAddress) -> _Key:
    return (addr.controller, addr.bus, addr.target, addr.unit)


def _describe(addr: DriveAddress) -> str:
    return (
        f"controller='{addr.controller}' bus='{addr.bus}' target='{addr.target}' unit='{addr.unit}'"
    )


PASS = Pass(
    name="refuse-hostdev-address-conflicts",
    run=refuse_hostdev_address_conflicts,
    summary="Refuse SCSI hostdevs sharing a drive address with a disk or each other",
)
