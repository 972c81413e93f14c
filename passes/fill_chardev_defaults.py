"""Fill the defaults of serial, parallel and console devices, as libvirt's post-parse does.

libvirt numbers character devices by their <target port>: an ISA serial port without one
takes the lowest free ISA port (virDomainChrIsaSerialDefPostParse), any other serial,
parallel or console device one more than the highest port of its kind so far
(virDomainChrDefPostParse). A serial port without <target type> is an ISA serial port on
x86 (qemuDomainChrDefPostParse), a console without one is a serial console, and a unix
socket without a path is one the runtime creates, so it listens.
Before: <serial type='pty'/>, <serial type='file'><target port='0'/></serial>
After:  serial (isa-serial, port 1), serial (isa-serial, port 0)
Postcondition: every serial has a target type and model; every serial, parallel and
console has a port; every console has a target type.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.chardev import Chardev
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

ISA_SERIAL_PORTS = 4  # libvirt's VIR_MAX_ISA_SERIAL_PORTS
SERIAL_MODELS = {
    "isa-serial": "isa-serial",
    "usb-serial": "usb-serial",
    "pci-serial": "pci-serial",
    "isa-debug": "isa-debugcon",
}


def fill_chardev_defaults(dom: Domain, ctx: PassContext) -> Domain:
    serials = _isa_ports(dom.serials, ctx)
    if serials is None:
        return dom
    return replace(
        dom,
        serials=_numbered(tuple(_serial_target(s) for s in serials)),
        parallels=_numbered(dom.parallels),
        channels=tuple(_listen_default(c) for c in dom.channels),
        consoles=_numbered(tuple(_console_target(c) for c in dom.consoles)),
    )


def _isa_ports(serials: tuple[Chardev, ...], ctx: PassContext) -> tuple[Chardev, ...] | None:
    """Give explicit ISA serial ports without a port the lowest free one (at most 4)."""
    isa = [s for s in serials if s.target_type == "isa-serial"]
    used = {s.port for s in isa if s.port is not None}
    too_many = len(isa) > ISA_SERIAL_PORTS or any(p >= ISA_SERIAL_PORTS for p in used)
    if too_many or len(used) < len([s for s in isa if s.port is not None]):
        ctx.error(
            codes.E104_INVALID_CONFIG,
            isa[-1].span,
            detail=f"at most {ISA_SERIAL_PORTS} ISA serial ports, each on its own port",
        )
        return None
    out = []
    for serial in serials:
        if serial.target_type == "isa-serial" and serial.port is None:
            port = min(p for p in range(ISA_SERIAL_PORTS) if p not in used)
            used.add(port)
            serial = replace(serial, port=port)
        out.append(serial)
    return tuple(out)


def _serial_target(serial: Chardev) -> Chardev:
    target = serial.target_type or "isa-serial"  # x86: the only architecture we target
    model = serial.target_model or SERIAL_MODELS.get(target)
    return _listen_default(replace(serial, target_type=target, target_model=model))


def _console_target(console: Chardev) -> Chardev:
    return _listen_default(replace(console, target_type=console.target_type or "serial"))


def _listen_default(dev: Chardev) -> Chardev:
    src = dev.source
    if src.type == "unix" and src.path is None and not src.listen:
        return replace(dev, source=replace(src, listen=True))
    return dev


def _numbered(devs: tuple[Chardev, ...]) -> tuple[Chardev, ...]:
    """Ports left out become one more than the highest port seen so far, in order."""
    out = list(devs)
    for i, dev in enumerate(out):
        if dev.port is None:
            highest = max((d.port for d in out if d.port is not None), default=-1)
            out[i] = replace(dev, port=highest + 1)
    return tuple(out)


def _complete(dom: Domain) -> bool:
    return all(s.target_type and s.port is not None for s in dom.serials) and all(
        d.port is not None and d.target_type for d in dom.consoles
    )


PASS = Pass(
    name="fill-chardev-defaults",
    run=fill_chardev_defaults,
    summary="Fill target types, models and ports of serial, parallel and console devices",
    ensures=_complete,
)
