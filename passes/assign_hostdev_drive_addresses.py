"""Give SCSI host devices without an address the first free unit, as libvirt does.

libvirt's virDomainHostdevAssignAddress: controller by controller from 0, the first unit
of bus 0, target 0 (up to the 16 units of a wide SCSI bus) that no SCSI disk or hostdev
uses and that the controller model allows (lsilogic and the other narrow HBAs keep unit 7
for themselves; a few take fewer units). Runs after assign-drive-addresses: disks are
placed first.
Before: SCSI disk sda at 0:0:0:0, a SCSI <hostdev> without <address>.
After:  the hostdev at drive 0:0:0:1.
Postcondition: every SCSI Hostdev has a DriveAddress.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain, DriveAddress
from compiler.ir.query import find_controller
from compiler.passmanager import Pass, PassContext

_WIDE_BUS_UNITS = 16
# SCSI model → (highest unit, the unit the HBA itself takes), per virDomainSCSIDriveAddressIsUsed.
_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "virtio-scsi": (16383, None),
    "virtio-transitional": (16383, None),
    "virtio-non-transitional": (16383, None),
    "ibmvscsi": (31, 7),
    "lsisas1068": (1, None),
    "lsisas1078": (255, None),
    "lsilogic": (None, 7),
    "vmpvscsi": (None, 7),
    "buslogic": (None, 7),
    "ncr53c90": (6, None),
    "dc390": (6, None),
    "am53c974": (6, None),
}
_Key = tuple[int, int, int, int]


def assign_hostdev_drive_addresses(dom: Domain, ctx: PassContext) -> Domain:
    scsi = [d for d in dom.disks if d.bus == "scsi"] + [h for h in dom.hostdevs if h.type == "scsi"]
    used = {_key(d.info.address) for d in scsi if isinstance(d.info.address, DriveAddress)}
    hostdevs = []
    for dev in dom.hostdevs:
        if dev.type == "scsi" and dev.info.address is None:
            addr = _next_free(dom, used)
            used.add(_key(addr))
            dev = replace(dev, info=replace(dev.info, address=addr))
        hostdevs.append(dev)
    return replace(dom, hostdevs=tuple(hostdevs))


def _key(addr: object) -> _Key:
    assert isinstance(addr, DriveAddress)
    return (addr.controller, addr.bus, addr.target, addr.unit)


def _next_free(dom: Domain, used: set[_Key]) -> DriveAddress:
    controller = 0
    while True:
        for unit in range(_WIDE_BUS_UNITS):
            if (controller, 0, 0, unit) not in used and _allowed(dom, controller, unit):
                return DriveAddress(controller=controller, bus=0, target=0, unit=unit)
        controller += 1


def _allowed(dom: Domain, controller: int, unit: int) -> bool:
    ctrl = find_controller(dom, "scsi", controller)
    highest, reserved = _LIMITS.get((ctrl.model or "") if ctrl else "", (None, None))
    return (highest is None or unit <= highest) and unit != reserved


PASS = Pass(
    name="assign-hostdev-drive-addresses",
    run=assign_hostdev_drive_addresses,
    summary="Give SCSI hostdevs without an address the first free SCSI unit",
    ensures=lambda d: all(
        isinstance(h.info.address, DriveAddress) for h in d.hostdevs if h.type == "scsi"
    ),
)
