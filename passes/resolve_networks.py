"""Resolve <interface type='network'> through the --network NAME=BRIDGE mapping.

A libvirt network is a name that libvirt's network driver turns into a bridge when the
domain starts. xml2argv has no network driver; the user may say which bridge a network
uses (``--network default=virbr0``), and such an interface then becomes exactly a bridge
interface on that bridge. A network with no mapping stays type='network' and is refused
by refuse-invalid-nets (E203), whose help names the option.
Before: <interface type='network'><source network='default'/>, --network default=virbr0
After:  Net(type='bridge', source=NetSource(bridge='virbr0'))
Postcondition: no interface of a mapped network is left with type='network'.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain
from compiler.ir.net import Net
from compiler.passmanager import Pass, PassContext


def resolve_networks(dom: Domain, ctx: PassContext) -> Domain:
    bridges = dict(ctx.network_bridges)
    if not bridges:
        return dom
    return replace(dom, nets=tuple(_resolve(net, bridges) for net in dom.nets))


def _resolve(net: Net, bridges: dict[str, str]) -> Net:
    source = net.source
    if net.type != "network" or source is None or source.network not in bridges:
        return net
    bridge = bridges[source.network]
    return replace(net, type="bridge", source=replace(source, bridge=bridge, network=None))


PASS = Pass(
    name="resolve-networks",
    run=resolve_networks,
    summary="Turn interfaces on a --network NAME=BRIDGE network into bridge interfaces",
)
