"""Refuse two SCSI host devices on one drive address.

libvirt's virDomainDefCheckDuplicateDriveAddresses also checks host devices: a SCSI
<hostdev> names a unit of a SCSI controller, which no other SCSI hostdev may share
(refuse-drive-address-conflicts checks them against the disks). Runs after
assign-hostdev-drive-addresses, so assigned and written addresses are checked alike.
Before: two SCSI <hostdev>s at drive 0:0:0:0   After: E301 at the second.
Postcondition: the Domain is unchanged; SCSI hostdev drive addresses are unique.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.domain import Domain, DriveAddress
from compiler.passmanager import Pass, PassContext


def refuse_hostdev_address_conflicts(dom: Domain, ctx: PassContext) -> Domain:
    taken: set[tuple[int, int, int, int]] = set()
    for dev in dom.hostdevs:
        addr = dev.info.address
        if dev.type != "scsi" or not isinstance(addr, DriveAddress):
            continue
        key = (addr.controller, addr.bus, addr.target, addr.unit)
        if key in taken:
            where = (
                f"SCSI host address controller='{addr.controller}' bus='{addr.bus}' "
                f"target='{addr.target}' unit='{addr.unit}'"
            )
            ctx.error(
                codes.E301_ADDRESS_CONFLICT, dev.span, what=where, other="another SCSI host device"
            )
        taken.add(key)
    return dom


PASS = Pass(
    name="refuse-hostdev-address-conflicts",
    run=refuse_hostdev_address_conflicts,
    summary="Refuse two SCSI hostdevs on one drive address",
)
