"""Refuse character devices libvirt refuses (qemuValidateDomainChrDef and friends).

* A serial target model must match its target type: isa-serial/isa-serial,
  usb-serial/usb-serial, pci-serial/pci-serial, isa-debug/isa-debugcon.
* A usb-serial sits on a USB port and a pci-serial in a PCI slot: an address of another
  type is refused.
* Only a connecting socket can reconnect.
* A spicevmc channel carries the SPICE agent, whose port name is com.redhat.spice.0.
Before: <serial><target type='pci-serial'><model name='isa-serial'/></target></serial>
After:  E104 at <serial>; Domain unchanged.
Postcondition: every serial's model fits its target type.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.chardev import Chardev
from compiler.ir.common import PciAddress, UsbAddress
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

MODEL_FOR_TARGET = {
    "isa-serial": "isa-serial",
    "usb-serial": "usb-serial",
    "pci-serial": "pci-serial",
    "isa-debug": "isa-debugcon",
}
_ADDRESS_FOR_TARGET = {"usb-serial": (UsbAddress, "usb"), "pci-serial": (PciAddress, "pci")}
_SPICE_AGENT = "com.redhat.spice.0"


def refuse_invalid_chardevs(dom: Domain, ctx: PassContext) -> Domain:
    for serial in dom.serials:
        _check_serial(serial, ctx)
    for dev in (*dom.serials, *dom.parallels, *dom.channels, *dom.consoles):
        reconnect = dev.source.reconnect
        if reconnect is not None and reconnect.enabled and dev.source.listen:
            detail = "<reconnect> works only for a socket in mode='connect'"
            ctx.error(codes.E104_INVALID_CONFIG, dev.span, detail=detail)
    for channel in dom.channels:
        name = channel.target_name
        if channel.source.type == "spicevmc" and name not in (None, _SPICE_AGENT):
            detail = f"a spicevmc channel must be named {q(_SPICE_AGENT)}, not {q(name)}"
            ctx.error(codes.E104_INVALID_CONFIG, channel.span, detail=detail)
    return dom


def _check_serial(serial: Chardev, ctx: PassContext) -> None:
    target = serial.target_type or ""
    wanted = MODEL_FOR_TARGET.get(target)
    if wanted is None:
        ctx.error(
            codes.E102_UNSUPPORTED_VALUE, serial.span, what="serial target type", value=q(target)
        )
        return
    if serial.target_model != wanted:
        model = serial.target_model
        detail = f"target model {q(model)} requires target type {q(_target_of(model))}"
        ctx.error(codes.E104_INVALID_CONFIG, serial.span, detail=detail)
    expected = _ADDRESS_FOR_TARGET.get(target)
    address = serial.info.address if serial.info else None
    if expected is not None and address is not None and not isinstance(address, expected[0]):
        detail = f"a {target} needs an address of type {q(expected[1])}"
        ctx.error(codes.E304_BAD_ADDRESS, serial.span, detail=detail)


def _target_of(model: str | None) -> str:
    for target, model_name in MODEL_FOR_TARGET.items():
        if model_name == model:
            return target
    return "?"


PASS = Pass(
    name="refuse-invalid-chardevs",
    run=refuse_invalid_chardevs,
    summary="Refuse serial models that do not fit their target, and other invalid chardevs",
    ensures=lambda d: all(
        MODEL_FOR_TARGET.get(s.target_type or "") == s.target_model for s in d.serials
    ),
)
