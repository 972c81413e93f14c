"""resolve-networks: a mapped network becomes a bridge interface; others are untouched."""

from __future__ import annotations

from compiler.ir.net import Net, NetSource
from passes.resolve_networks import resolve_networks
from tests import builders


def net(network: str) -> Net:
    return Net(
        span=builders.SPAN, type="network", source=NetSource(span=builders.SPAN, network=network)
    )


def test_mapped_network_becomes_a_bridge():
    ctx = builders.context()
    ctx.network_bridges = (("default", "virbr0"),)
    out = resolve_networks(builders.domain(nets=(net("default"), net("other"))), ctx)
    first, second = out.nets
    assert (first.type, first.source.bridge, first.source.network) == ("bridge", "virbr0", None)
    assert (second.type, second.source.network) == ("network", "other")


def test_without_a_mapping_nothing_changes():
    dom = builders.domain(nets=(net("default"),))
    assert resolve_networks(dom, builders.context()) is dom
