"""Add the controllers libvirt adds implicitly, and fill controller models.

libvirt's post-parse gives every machine its root bus (pci-root on i440fx, pcie-root on
q35), a USB controller 0 unless the XML has one (model='none' suppresses it), the q35
built-in SATA controller 0, and one controller of each type and index that a disk's drive
address refers to. Models default per machine and target capabilities.
Before: <disk bus='scsi'> at drive controller 1, no <controller type='scsi'>.
After:  Controller(type='scsi', index=1, model='lsi', implicit=True) appended.
Postcondition: every controller has a model (or is of a type without models); every
drive-addressed disk has its controller.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Controller, Disk, Domain, DriveAddress
from compiler.ir.query import is_i440fx, is_q35
from compiler.passmanager import Pass, PassContext

_MODELLED = frozenset({"pci", "usb", "scsi", "virtio-serial"})
_DISK_CONTROLLER = {"ide": "ide", "sata": "sata", "scsi": "scsi", "fdc": "fdc"}


def fill_controllers(dom: Domain, ctx: PassContext) -> Domain:
    ctrls = list(dom.controllers)

    def have(ctype: str, index: int) -> bool:
        return any(c.type == ctype and c.index == index for c in ctrls)

    def add(ctype: str, index: int, model: str | None = None) -> None:
        if not have(ctype, index):
            ctrls.append(
                Controller(span=dom.span, type=ctype, index=index, model=model, implicit=True)
            )

    # Implicit controllers for disks come first (virDomainDefAddImplicitControllers)...
    for ctype in ("scsi", "fdc", "ide", "sata"):
        for disk in dom.disks:
            if _DISK_CONTROLLER.get(disk.bus or "") == ctype:
                add(ctype, _controller_index(disk))
    # ...then the machine's default devices (qemuDomainDefAddDefaultDevices).
    if is_q35(dom):
        add("sata", 0)
    if (is_q35(dom) or is_i440fx(dom)) and not any(c.type == "usb" for c in ctrls):
        add("usb", 0)
    if is_q35(dom):
        if not have("pci", 0):
            ctrls.insert(
                0, Controller(span=dom.span, type="pci", index=0, model="pcie-root", implicit=True)
            )
    elif not have("pci", 0):
        ctrls.insert(
            0, Controller(span=dom.span, type="pci", index=0, model="pci-root", implicit=True)
        )
    return replace(dom, controllers=tuple(_fill_model(dom, c, ctx) for c in ctrls))


def _controller_index(disk: Disk) -> int:
    addr = disk.info.address
    return addr.controller if isinstance(addr, DriveAddress) else 0


def _fill_model(dom: Domain, ctrl: Controller, ctx: PassContext) -> Controller:
    if ctrl.model is not None or ctrl.type not in _MODELLED:
        return ctrl
    if ctrl.type == "usb":
        if is_q35(dom):
            model = "qemu-xhci" if ctx.target.has("qemu-xhci") else "ich9-ehci1"
        else:
            model = "piix3-uhci"
    elif ctrl.type == "scsi":
        model = "lsilogic" if ctx.target.has("lsi") else "virtio-scsi"
    elif ctrl.type == "pci":
        model = (
            "pcie-root"
            if ctrl.index == 0 and is_q35(dom)
            else ("pci-root" if ctrl.index == 0 else "pci-bridge")
        )
    else:
        model = "virtio-serial" if ctrl.type == "virtio-serial" else ctrl.type
    return replace(ctrl, model=model)


PASS = Pass(
    name="fill-controllers",
    run=fill_controllers,
    summary="Add implicit controllers (root bus, USB, disk controllers); fill models",
    ensures=lambda d: all(c.model is not None for c in d.controllers if c.type in _MODELLED),
)
