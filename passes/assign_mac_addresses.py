"""Give every <interface> without a <mac> a stable, locally administered MAC address.

libvirt draws a random address under QEMU's prefix 52:54:00 when it parses an interface
without <mac>. A compiler must give the same bytes for the same input, so the three
random octets are taken from a hash of the domain UUID and the interface's position:
different interfaces and different domains get different addresses, and recompiling a
domain never changes them. The UUID itself is decided by fill-domain-defaults.
Before: Net(mac=None), second interface of domain c7a5fdbd-...
After:  Net(mac='52:54:00:xx:yy:zz')
Postcondition: every Net has a MAC address.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from compiler.ir.domain import Domain
from compiler.ir.net import Net
from compiler.passmanager import Pass, PassContext

QEMU_MAC_PREFIX = "52:54:00"


def assign_mac_addresses(dom: Domain, ctx: PassContext) -> Domain:
    if all(net.mac for net in dom.nets):
        return dom
    return replace(dom, nets=tuple(_with_mac(dom, i, net) for i, net in enumerate(dom.nets)))


def _with_mac(dom: Domain, index: int, net: Net) -> Net:
    if net.mac:
        return net
    return replace(net, mac=generated_mac(dom.uuid or dom.name, index))


def generated_mac(seed: str, index: int) -> str:
    digest = hashlib.sha256(f"{seed}/{index}".encode()).digest()
    return QEMU_MAC_PREFIX + "".join(f":{octet:02x}" for octet in digest[:3])


PASS = Pass(
    name="assign-mac-addresses",
    run=assign_mac_addresses,
    summary="Give interfaces without a <mac> a stable address under 52:54:00",
    ensures=lambda d: all(n.mac for n in d.nets),
)
