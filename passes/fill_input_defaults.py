"""Give every <input> its bus, as libvirt's input parser does when bus= is absent.

On x86 a mouse or keyboard without a bus is the PS/2 one built into the PC (no argv);
a tablet, or any pointer on other architectures, is a USB device; passthrough is virtio.
evdev inputs have no guest bus at all.
Before: <input type='tablet'/>   After: Input(type='tablet', bus='usb')
Postcondition: every input except evdev has a bus.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.devices import Input
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

_X86 = ("x86_64", "i686")


def fill_input_defaults(dom: Domain, ctx: PassContext) -> Domain:
    arch = dom.os.arch or ctx.target.arch
    return replace(dom, inputs=tuple(_with_bus(dev, arch) for dev in dom.inputs))


def _with_bus(dev: Input, arch: str) -> Input:
    if dev.bus is not None or dev.type == "evdev":
        return dev
    if dev.type == "passthrough":
        bus = "virtio"
    elif dev.type in ("mouse", "keyboard") and arch in _X86:
        bus = "ps2"
    else:
        bus = "usb"
    return replace(dev, bus=bus)


PASS = Pass(
    name="fill-input-defaults",
    run=fill_input_defaults,
    summary="Default each input's bus (PS/2 mouse and keyboard, USB tablet on x86)",
    ensures=lambda d: all(i.bus is not None for i in d.inputs if i.type != "evdev"),
)
