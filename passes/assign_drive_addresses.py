"""Give IDE, SATA, SCSI and floppy disks without an address a drive address.

libvirt (virDomainDiskDefAssignAddress) derives the address from the target's index: IDE
has two buses of two units per controller, SATA six units, floppy two units, SCSI seven
units per lsi controller (the controller itself is unit 7) and more on wider controllers.
Before: Disk(target='hdc', bus='ide')   After: address DriveAddress(controller=0, bus=1, unit=0)
Postcondition: every disk on ide, sata, scsi or fdc has a DriveAddress.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Disk, Domain, DriveAddress
from compiler.ir.query import disk_index
from compiler.passmanager import Pass, PassContext

DRIVE_BUSES = frozenset({"ide", "sata", "scsi", "fdc"})
# virtio-scsi and other wide controllers take 16 units per target (SCSI_WIDE_BUS_MAX_CONT_UNIT).
_SCSI_NARROW_UNITS = 7
_SCSI_WIDE_UNITS = 16


def assign_drive_addresses(dom: Domain, ctx: PassContext) -> Domain:
    for disk in dom.disks:
        addr = disk.info.address
        if disk.bus in DRIVE_BUSES and addr is not None and not isinstance(addr, DriveAddress):
            ctx.error(
                codes.E304_BAD_ADDRESS,
                disk.span,
                detail=f"disk {q(disk.target)} on bus {q(disk.bus)} needs a drive "
                f"address, not a {_kind(addr)} address",
            )
    if ctx.has_errors():
        return dom
    disks = tuple(_assign(dom, d) for d in dom.disks)
    return replace(dom, disks=disks)


def _kind(addr: object) -> str:
    return type(addr).__name__.removesuffix("Address").lower()


def _assign(dom: Domain, disk: Disk) -> Disk:
    if disk.bus not in DRIVE_BUSES or disk.info.address is not None:
        return disk
    idx = disk_index(disk.target) or 0
    if disk.bus == "ide":
        addr = DriveAddress(controller=idx // 4, bus=(idx % 4) // 2, unit=idx % 2)
    elif disk.bus == "sata":
        addr = DriveAddress(controller=idx // 6, unit=idx % 6)
    elif disk.bus == "fdc":
        addr = DriveAddress(controller=idx // 2, unit=idx % 2)
    else:
        units = (
            _SCSI_NARROW_UNITS
            if _scsi_model(dom, idx // _SCSI_NARROW_UNITS) in (None, "lsilogic")
            else _SCSI_WIDE_UNITS
        )
        addr = DriveAddress(controller=idx // units, unit=idx % units)
    return replace(disk, info=replace(disk.info, address=addr))


def _scsi_model(dom: Domain, index: int) -> str | None:
    for ctrl in dom.controllers:
        if ctrl.type == "scsi" and ctrl.index == index:
            return ctrl.model
    return None


PASS = Pass(
    name="assign-drive-addresses",
    run=assign_drive_addresses,
    summary="Give ide/sata/scsi/fdc disks a drive address derived from the target",
    ensures=lambda d: all(
        isinstance(x.info.address, DriveAddress) for x in d.disks if x.bus in DRIVE_BUSES
    ),
)
