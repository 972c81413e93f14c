"""Refuse controller configurations libvirt refuses (qemuDomainControllerDefPostParse,
qemuDomainDefAddDefaultDevices, qemuValidateDomainDeviceDefController*).

The root bus is part of the machine: index 0, pcie-root on q35 and pci-root on i440fx,
and only one of it. Expander buses exist on one chipset each (pxb on i440fx, pxb-pcie on
q35). The xhci controllers have at most 15 ports; qusb1/qusb2 are Xen's. IDE beyond the
i440fx's built-in controller 0 does not exist in QEMU's PC machines.
Before: <controller type='pci' index='0' model='pci-root'/> on a q35 machine.
After:  E104 at the <controller>; Domain unchanged.
Postcondition: the controllers left describe a machine QEMU can build.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Controller, Domain
from compiler.ir.query import is_i440fx, is_q35, lsi_address_problem
from compiler.passmanager import Pass, PassContext

_XHCI_MAX_PORTS = 15


def refuse_invalid_controllers(dom: Domain, ctx: PassContext) -> Domain:
    for ctrl in dom.controllers:
        for problem in _problems(dom, ctrl):
            ctx.error(codes.E104_INVALID_CONFIG, ctrl.span, detail=problem)
    for disk in dom.disks:
        if disk.bus == "scsi":
            bad_address = lsi_address_problem(dom, disk.info.address, "disks")
            if bad_address:
                ctx.error(codes.E304_BAD_ADDRESS, disk.span, detail=bad_address)
    return dom


def _problems(dom: Domain, ctrl: Controller) -> Iterator[str]:
    if ctrl.type == "pci":
        yield from _pci_problems(dom, ctrl)
    elif ctrl.type == "usb":
        if ctrl.model in ("qusb1", "qusb2"):
            yield f"USB controller model {q(ctrl.model)} is only supported by Xen"
        if ctrl.model in ("qemu-xhci", "nec-xhci") and (ctrl.ports or 0) > _XHCI_MAX_PORTS:
            yield f"{q(ctrl.model)} controller only supports up to {_XHCI_MAX_PORTS} ports"
    elif ctrl.type == "ide" and (is_i440fx(dom) or is_q35(dom)):
        if is_q35(dom):
            yield "IDE controllers are unsupported on q35 machines"
        elif ctrl.index != 0:
            yield "only a single IDE controller is supported on i440fx machines"


def _pci_problems(dom: Domain, ctrl: Controller) -> Iterator[str]:
    root = "pcie-root" if is_q35(dom) else "pci-root" if is_i440fx(dom) else None
    if ctrl.model in ("pci-root", "pcie-root") and ctrl.index != 0:
        yield "pci-root and pcie-root controllers should have index 0"
    elif ctrl.index == 0 and root is not None and ctrl.model != root:
        yield (
            f"the PCI controller with index='0' must be model={q(root)} for this machine "
            f"type, not model={q(ctrl.model)}"
        )
    if ctrl.model == "pci-expander-bus" and not is_i440fx(dom):
        yield "pci-expander-bus controllers are only supported on i440fx machines"
    if ctrl.model == "pcie-expander-bus" and not is_q35(dom):
        yield "pcie-expander-bus controllers are only supported on q35 machines"


PASS = Pass(
    name="refuse-invalid-controllers",
    run=refuse_invalid_controllers,
    summary="Refuse root buses, expander buses, USB and IDE controllers libvirt refuses",
)
