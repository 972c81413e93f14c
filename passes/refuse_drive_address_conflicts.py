"""Refuse two disks on the same drive address (libvirt's virDomainDefCheckDuplicateDriveAddresses).

A drive address names a unit on one controller of the disk's bus type, so two IDE disks
at controller 0, bus 0, unit 0 collide while an IDE and a SCSI disk at the same numbers
do not; a SCSI host device (<hostdev type='scsi'>) holds its unit as a SCSI disk would.
Runs after assign-drive-addresses, so assigned and written addresses are checked alike.
Before: <disk> sda and sdb both at drive 0:0:0:0   After: E301 at sdb.
Postcondition: the Domain is unchanged; drive addresses are unique per bus type.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, DriveAddress
from compiler.passmanager import Pass, PassContext


def refuse_drive_address_conflicts(dom: Domain, ctx: PassContext) -> Domain:
    seen: dict[tuple[str | None, int, int, int, int], str] = {}
    for hostdev in dom.hostdevs:
        addr = hostdev.info.address
        if hostdev.type == "scsi" and isinstance(addr, DriveAddress):
            seen.setdefault(_key("scsi", addr), "a SCSI host device")
    for disk in dom.disks:
        addr = disk.info.address
        if not isinstance(addr, DriveAddress):
            continue
        other = seen.setdefault(_key(disk.bus, addr), f"disk {q(disk.target)}")
        if other != f"disk {q(disk.target)}":
            where = (
                f"drive address controller='{addr.controller}' bus='{addr.bus}' "
                f"target='{addr.target}' unit='{addr.unit}' of disk {q(disk.target)}"
            )
            ctx.error(codes.E301_ADDRESS_CONFLICT, disk.span, what=where, other=other)
    return dom


def _key(bus: str | None, addr: DriveAddress) -> tuple[str | None, int, int, int, int]:
    return (bus, addr.controller, addr.bus, addr.target, addr.unit)


PASS = Pass(
    name="refuse-drive-address-conflicts",
    run=refuse_drive_address_conflicts,
    summary="Refuse two disks on one drive address",
)
