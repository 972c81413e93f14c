"""Add the virtio-serial controllers that virtio channels and consoles need.

libvirt's virDomainDefMaybeAddVirtioSerialController: every <channel> and <console> with a
virtio target lives on a virtio-serial controller, the one its <address type='virtio-serial'
controller=N> names or else controller 0; a missing one is added (channels first, then
consoles), in libvirt's controller order. It runs after the machine's default controllers,
as libvirt adds implicit controllers after the driver's default devices: the order of the
controller list is the order of their PCI slots.
Before: <channel type='unix'><target type='virtio'/></channel>, no virtio-serial controller.
After:  Controller(type='virtio-serial', index=0, model='virtio-serial', implicit=True).
Postcondition: every virtio channel and console has its virtio-serial controller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from compiler.ir.chardev import Chardev
from compiler.ir.controller import Controller, insert_controller
from compiler.ir.domain import Domain, VirtioSerialAddress
from compiler.passmanager import Pass, PassContext


def fill_virtio_serial_controllers(dom: Domain, ctx: PassContext) -> Domain:
    ctrls = dom.controllers
    for dev in virtio_serial_ports(dom):
        index = controller_index(dev)
        if not any(c.type == "virtio-serial" and c.index == index for c in ctrls):
            new = Controller(
                span=dev.span,
                type="virtio-serial",
                index=index,
                model="virtio-serial",
                implicit=True,
            )
            ctrls = insert_controller(ctrls, new)
    return replace(dom, controllers=ctrls)


def virtio_serial_ports(dom: Domain) -> Iterator[Chardev]:
    """The devices that are ports of a virtio-serial controller: channels, then consoles."""
    yield from (c for c in dom.channels if c.target_type == "virtio")
    yield from (c for c in dom.consoles if c.target_type == "virtio")


def controller_index(dev: Chardev) -> int:
    addr = None if dev.info is None else dev.info.address
    return addr.controller if isinstance(addr, VirtioSerialAddress) else 0


def _ok(dom: Domain) -> bool:
    have = {c.index for c in dom.controllers if c.type == "virtio-serial"}
    return all(controller_index(d) in have for d in virtio_serial_ports(dom))


PASS = Pass(
    name="fill-virtio-serial-controllers",
    run=fill_virtio_serial_controllers,
    summary="Add the virtio-serial controllers of virtio channels and consoles",
    ensures=_ok,
)
