"""Add the SCSI controllers that SCSI host devices name but the XML lacks.

libvirt's virDomainDefMaybeAddHostdevSCSIcontroller, the last step of its implicit
controllers (after the disks', virtio-serial and CCID ones): one SCSI controller of each
index up to the highest a SCSI <hostdev> address names. The model is the one
fill-controllers gives a SCSI controller without one.
Before: a SCSI <hostdev> at drive controller 1, no <controller type='scsi'>.
After:  Controller(scsi, index=0) and Controller(scsi, index=1), implicit, model lsilogic.
Postcondition: the controller of every SCSI Hostdev's drive address exists.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.controller import Controller, insert_controller
from compiler.ir.domain import Domain, DriveAddress
from compiler.passmanager import Pass, PassContext


def fill_hostdev_controllers(dom: Domain, ctx: PassContext) -> Domain:
    indexes = [
        h.info.address.controller
        for h in dom.hostdevs
        if h.type == "scsi" and isinstance(h.info.address, DriveAddress)
    ]
    ctrls = dom.controllers
    model = "lsilogic" if ctx.target.has("lsi") else "virtio-scsi"  # as fill-controllers
    for index in range(max(indexes, default=-1) + 1):
        if not any(c.type == "scsi" and c.index == index for c in ctrls):
            new = Controller(span=dom.span, type="scsi", index=index, model=model, implicit=True)
            ctrls = insert_controller(ctrls, new)
    return replace(dom, controllers=ctrls)


def _has_controllers(dom: Domain) -> bool:
    present = {c.index for c in dom.controllers if c.type == "scsi"}
    return all(
        h.info.address.controller in present
        for h in dom.hostdevs
        if h.type == "scsi" and isinstance(h.info.address, DriveAddress)
    )


PASS = Pass(
    name="fill-hostdev-controllers",
    run=fill_hostdev_controllers,
    summary="Add the SCSI controllers SCSI hostdevs need",
    ensures=_has_controllers,
)
