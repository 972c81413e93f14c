"""Assign virtio-serial ports, as libvirt's qemuDomainAssignVirtioSerialAddresses does.

Ports written in the XML are reserved first. Then virtio consoles and virtio channels
without a complete address get the first free port, controller by controller in the
order of the controller list. Port 0 is the console port: only consoles may take it,
channels start at 1. libvirt reserves the console's port but does not record it on the
console (virDomainVirtioSerialAddrAssign with allowZero writes to a scratch address), so a
virtconsole carries no bus/nr on the command line while still using up a port.
A channel whose address names a controller but no port gets the controller's next port.
Before: channel (virtio, no address), controller virtio-serial 0.
After:  channel.info.address = VirtioSerialAddress(controller=0, bus=0, port=1).
Postcondition: every virtio channel has a virtio-serial address with a port.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.chardev import Chardev
from compiler.ir.common import Address, DeviceInfo
from compiler.ir.domain import Domain, VirtioSerialAddress
from compiler.passmanager import Pass, PassContext

DEFAULT_PORTS = 31  # libvirt's VIR_DOMAIN_DEFAULT_VIRTIO_SERIAL_PORTS


def assign_virtio_serial_ports(dom: Domain, ctx: PassContext) -> Domain:
    sizes = {
        c.index: c.ports or DEFAULT_PORTS
        for c in dom.controllers
        if c.type == "virtio-serial" and c.index is not None
    }
    used: dict[int, set[int]] = {index: set() for index in sizes}
    ports = [d for d in (*dom.consoles, *dom.channels) if d.target_type == "virtio"]
    for dev in ports:
        addr = _address(dev)
        if isinstance(addr, VirtioSerialAddress) and addr.port:
            if addr.port in used.get(addr.controller, set()):
                ctx.error(
                    codes.E301_ADDRESS_CONFLICT, dev.span, what=_where(addr), other="another port"
                )
                return dom
            used.setdefault(addr.controller, set()).add(addr.port)
    for dev in dom.consoles:
        wanted = dev.target_type == "virtio" and not _complete(dev)
        if wanted and _next(dev, sizes, used, allow_zero=True, ctx=ctx) is None:
            return dom
    channels = []
    for dev in dom.channels:
        if dev.target_type == "virtio" and not _complete(dev):
            addr = _next(dev, sizes, used, allow_zero=False, ctx=ctx)
            if addr is None:
                return dom
            dev = replace(dev, info=replace(dev.info or DeviceInfo(), address=addr))
        channels.append(dev)
    return replace(dom, channels=tuple(channels))


def _address(dev: Chardev) -> Address | None:
    return None if dev.info is None else dev.info.address


def _complete(dev: Chardev) -> bool:
    addr = _address(dev)
    return isinstance(addr, VirtioSerialAddress) and addr.port != 0


def _next(
    dev: Chardev,
    sizes: dict[int, int],
    used: dict[int, set[int]],
    *,
    allow_zero: bool,
    ctx: PassContext,
) -> VirtioSerialAddress | None:
    """Reserve and return the first free port: on the named controller, else on any."""
    addr = _address(dev)
    first = 0 if allow_zero else 1
    candidates = [addr.controller] if isinstance(addr, VirtioSerialAddress) else list(sizes)
    for index in candidates:
        free = [p for p in range(first, sizes.get(index, 0)) if p not in used[index]]
        if free:
            used[index].add(free[0])
            # libvirt puts an assigned port on bus 0, whatever bus the XML named.
            return VirtioSerialAddress(controller=index, bus=0, port=free[0])
    ctx.error(
        codes.E303_NO_FREE_ADDRESS,
        dev.span,
        what="virtio-serial port",
        device=q(f"<{dev.kind}>"),
    )
    return None


def _where(addr: VirtioSerialAddress) -> str:
    return f"virtio-serial port {addr.controller}:{addr.bus}:{addr.port}"


PASS = Pass(
    name="assign-virtio-serial-ports",
    run=assign_virtio_serial_ports,
    summary="Assign virtio-serial ports to virtio channels (and reserve the consoles')",
    ensures=lambda d: all(_complete(c) for c in d.channels if c.target_type == "virtio"),
)
