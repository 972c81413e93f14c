"""Fill the PCI controller options the XML left out (end of qemuDomainAssignPCIAddresses).

Once every PCI controller has its address, libvirt derives what QEMU needs to build it:
the QEMU device for the model (pcie-root-port, or ioh3420 on a QEMU without it;
i82801b11-bridge for dmi-to-pci-bridge...), a pci-bridge's chassis number (its index), a
root or downstream port's chassis (its index) and port (root port: slot << 3 | function;
downstream port: slot), an expander bus's bus number. A pci-bridge must sit on a bus with
a lower index than its own.
Before: Controller(pci, index=1, model='pcie-root-port') at 00:01.2, no <target>.
After:  pci.model_name='pcie-root-port', chassis=1, port=10.
Postcondition: every PCI controller that QEMU builds has its model name.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.domain import Controller, Domain, PciAddress
from compiler.passmanager import Pass, PassContext

_ROOTS = frozenset({"pci-root", "pcie-root"})


def fill_pci_controller_defaults(dom: Domain, ctx: PassContext) -> Domain:
    ctrls: list[Controller] = []
    for ctrl in dom.controllers:
        if ctrl.type == "pci":
            ctrl = _pci_defaults(ctrl, ctx)
            if ctrl.model in _EXPANDERS and ctrl.pci.bus_nr is None:
                ctrl = _with_bus_nr(ctrl, [*ctrls, *dom.controllers[len(ctrls) :]], ctx)
            addr = ctrl.info.address
            if (
                ctrl.model == "pci-bridge"
                and isinstance(addr, PciAddress)
                and (ctrl.index or 0) <= addr.bus
            ):
                ctx.error(
                    codes.E304_BAD_ADDRESS,
                    ctrl.span,
                    detail=f"PCI controller at index {ctrl.index} has bus='{addr.bus:#04x}'"
                    ", but index must be larger than bus",
                )
        ctrls.append(ctrl)
    return replace(dom, controllers=tuple(ctrls))


_EXPANDERS = frozenset({"pci-expander-bus", "pcie-expander-bus"})


def _with_bus_nr(ctrl: Controller, ctrls: list[Controller], ctx: PassContext) -> Controller:
    """An expander bus without busNr takes the lowest one in use minus two (one number for
    itself, one for its built-in bridge), leaving the rest to the root bus's children
    (qemuDomainAddressFindNewBusNr)."""
    lowest = min((c.pci.bus_nr for c in ctrls if c.type == "pci" and c.pci.bus_nr), default=256)
    if lowest <= 2:
        ctx.error(
            codes.E304_BAD_ADDRESS,
            ctrl.span,
            detail=f"no bus number below {lowest} is free for {ctrl.model} {ctrl.index}: "
            "set <target busNr=...>",
        )
        return ctrl
    return replace(ctrl, pci=replace(ctrl.pci, bus_nr=lowest - 2))


_MODEL_NAMES = {
    "pci-bridge": "pci-bridge",
    "dmi-to-pci-bridge": "i82801b11-bridge",
    "pcie-to-pci-bridge": "pcie-pci-bridge",
    "pcie-switch-upstream-port": "x3130-upstream",
    "pcie-switch-downstream-port": "xio3130-downstream",
    "pci-expander-bus": "pxb",
    "pcie-expander-bus": "pxb-pcie",
}


def _pci_defaults(ctrl: Controller, ctx: PassContext) -> Controller:
    opts = ctrl.pci
    name = opts.model_name or _MODEL_NAMES.get(ctrl.model or "")
    if ctrl.model == "pcie-root-port" and name is None:
        name = "pcie-root-port" if ctx.target.has("pcie-root-port") else "ioh3420"
    addr = ctrl.info.address
    slot, func = (addr.slot, addr.function) if isinstance(addr, PciAddress) else (0, 0)
    if ctrl.model == "pci-bridge" and opts.chassis_nr is None:
        opts = replace(opts, chassis_nr=ctrl.index)
    elif ctrl.model in ("pcie-root-port", "pcie-switch-downstream-port"):
        port = (slot << 3) + func if ctrl.model == "pcie-root-port" else slot
        opts = replace(
            opts,
            chassis=ctrl.index if opts.chassis is None else opts.chassis,
            port=port if opts.port is None else opts.port,
        )
    return replace(ctrl, pci=replace(opts, model_name=name))


PASS = Pass(
    name="fill-pci-controller-defaults",
    run=fill_pci_controller_defaults,
    summary="Fill PCI controllers' QEMU model, chassis, port and bus number",
    ensures=lambda d: all(
        c.pci.model_name for c in d.controllers if c.type == "pci" and c.model not in _ROOTS
    ),
)
