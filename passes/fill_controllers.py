"""Add the controllers libvirt adds implicitly, and fill controller models.

First the machine's default devices (qemuDomainDefAddDefaultDevices): a USB controller 0
unless the XML has one (qemu-xhci on q35, piix3-uhci on i440fx), q35's built-in SATA
controller 0, and the root bus (pcie-root on q35, pci-root on i440fx). Then one
controller of each index up to the highest one a disk's drive address names, per disk
bus (virDomainDefAddImplicitControllers). New controllers are inserted where libvirt
inserts them, which fixes their PCI slot order. Models default per type and target.
Before: <disk bus='scsi'> at drive controller 1, no <controller type='scsi'>.
After:  Controller(scsi, index=0) and Controller(scsi, index=1), both model 'lsilogic'.
Postcondition: every controller has a model (or is of a type without models); every
drive-addressed disk has its controller.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.controller import insert_controller
from compiler.ir.domain import Controller, Domain, DriveAddress
from compiler.ir.query import is_i440fx, is_q35
from compiler.passmanager import Pass, PassContext

_MODELLED = frozenset({"pci", "usb", "scsi", "virtio-serial"})
# Disk bus → the controller type its drive address names, in libvirt's order.
_DISK_CONTROLLERS = (("scsi", "scsi"), ("fdc", "fdc"), ("ide", "ide"), ("sata", "sata"))


def fill_controllers(dom: Domain, ctx: PassContext) -> Domain:
    ctrls = _add_default_controllers(dom, ctx, dom.controllers)
    for bus, ctype in _DISK_CONTROLLERS:
        indexes = [_controller_index(d.info.address) for d in dom.disks if d.bus == bus]
        for index in range(max(indexes, default=-1) + 1):
            ctrls = _maybe_add(dom, ctrls, ctype, index)
    return replace(dom, controllers=tuple(_fill_model(dom, c, ctx) for c in ctrls))


def _add_default_controllers(
    dom: Domain, ctx: PassContext, ctrls: tuple[Controller, ...]
) -> tuple[Controller, ...]:
    q35, i440fx = is_q35(dom), is_i440fx(dom)
    if (q35 or i440fx) and not any(c.type == "usb" and c.index == 0 for c in ctrls):
        for usb in _default_usb(dom, ctx) if q35 else (_implicit(dom, "usb", 0, "piix3-uhci"),):
            ctrls = insert_controller(ctrls, usb)
    if q35:
        ctrls = _maybe_add(dom, ctrls, "sata", 0)
    if q35 or i440fx:
        ctrls = _maybe_add(dom, ctrls, "pci", 0, "pcie-root" if q35 else "pci-root")
    return ctrls


def _default_usb(dom: Domain, ctx: PassContext) -> tuple[Controller, ...]:
    """q35 prefers USB3, then USB2 (an EHCI master and its three UHCI companions, as
    virDomainDefAddUSBController adds them); without either, no USB controller."""
    for model, cap in (("qemu-xhci", "qemu-xhci"), ("nec-xhci", "nec-usb-xhci")):
        if ctx.target.has(cap):
            return (_implicit(dom, "usb", 0, model),)
    if not ctx.target.has("ich9-usb-ehci1"):
        return ()
    companions = tuple(
        replace(_implicit(dom, "usb", 0, f"ich9-uhci{n}"), master_startport=2 * (n - 1))
        for n in (1, 2, 3)
    )
    return (_implicit(dom, "usb", 0, "ich9-ehci1"), *companions)


def _implicit(dom: Domain, ctype: str, index: int, model: str | None = None) -> Controller:
    return Controller(span=dom.span, type=ctype, index=index, model=model, implicit=True)


def _maybe_add(
    dom: Domain, ctrls: tuple[Controller, ...], ctype: str, index: int, model: str | None = None
) -> tuple[Controller, ...]:
    if any(c.type == ctype and c.index == index for c in ctrls):
        return ctrls
    return insert_controller(ctrls, _implicit(dom, ctype, index, model))


def _controller_index(addr: object) -> int:
    return addr.controller if isinstance(addr, DriveAddress) else 0


def _fill_model(dom: Domain, ctrl: Controller, ctx: PassContext) -> Controller:
    if ctrl.model is not None or ctrl.type not in _MODELLED:
        return ctrl
    if ctrl.type == "usb":
        model = "piix3-uhci"
    elif ctrl.type == "scsi":
        model = "lsilogic" if ctx.target.has("lsi") else "virtio-scsi"
    elif ctrl.type == "pci":
        model = ("pcie-root" if is_q35(dom) else "pci-root") if ctrl.index == 0 else "pci-bridge"
    else:
        model = "virtio"
    return replace(ctrl, model=model)


PASS = Pass(
    name="fill-controllers",
    run=fill_controllers,
    summary="Add implicit controllers (root bus, USB, disk controllers); fill models",
    ensures=lambda d: all(c.model is not None for c in d.controllers if c.type in _MODELLED),
)
