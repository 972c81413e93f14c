"""refuse-invalid-nets: libvirt's interface validation, one rule per test."""

from __future__ import annotations

from compiler.ir.net import NetDriver, NetIp, NetSource
from passes.refuse_invalid_nets import refuse_invalid_nets
from tests.passes.net_builders import SPAN, context, domain, net


def _messages(*nets):
    ctx = context()
    refuse_invalid_nets(domain(*nets), ctx)
    return [d.message for d in ctx.diagnostics]


def test_plain_user_interface_is_accepted() -> None:
    assert _messages(net("user", model="virtio")) == []


def test_vhostuser_needs_virtio() -> None:
    (msg,) = _messages(net("vhostuser", model="rtl8139"))
    assert "needs a virtio-net <model>" in msg


def test_multiqueue_needs_a_capable_host_side() -> None:
    (msg,) = _messages(net("user", model="virtio", driver=NetDriver(span=SPAN, queues=2)))
    assert "multiqueue is not supported for interface type='user'" in msg


def test_multiqueue_needs_virtio() -> None:
    (msg,) = _messages(net("ethernet", model="e1000", driver=NetDriver(span=SPAN, queues=4)))
    assert "NIC model 'e1000'" in msg


def test_virtio_tuning_on_another_model_is_refused() -> None:
    (msg,) = _messages(net("user", model="e1000", driver=NetDriver(span=SPAN, txmode="timer")))
    assert "virtio-net options" in msg


def test_queue_size_must_be_a_power_of_two() -> None:
    (msg,) = _messages(net("user", model="virtio", driver=NetDriver(span=SPAN, rx_queue_size=300)))
    assert "rx_queue_size must be a power of two" in msg


def test_network_type_is_refused_with_bridge_advice() -> None:
    ctx = context()
    refuse_invalid_nets(domain(net("network", source=NetSource(span=SPAN, network="default"))), ctx)
    (diag,) = ctx.diagnostics
    assert diag.code.id == "E203" and "network driver" in diag.message
    assert "type='bridge'" in diag.code.help


def test_user_networking_takes_one_ipv4_network() -> None:
    ips = (
        NetIp(span=SPAN, address="10.0.0.0", family="ipv4", prefix=24),
        NetIp(span=SPAN, address="10.1.0.0", family="ipv4", prefix=24),
    )
    (msg,) = _messages(net("user", model="virtio", ips=ips))
    assert "only one ipv4 address" in msg


def test_user_networking_ipv4_prefix_range() -> None:
    ips = (NetIp(span=SPAN, address="10.0.0.0", family="ipv4", prefix=30),)
    (msg,) = _messages(net("user", model="virtio", ips=ips))
    assert "not in the range 4-27" in msg


def test_teaming_needs_virtio() -> None:
    (msg,) = _messages(net("user", model="e1000", teaming="persistent"))
    assert "<teaming" in msg


def test_vhost_driver_needs_virtio() -> None:
    (msg,) = _messages(net("ethernet", model="e1000", driver=NetDriver(span=SPAN, name="vhost")))
    assert "vhost-net only serves virtio-net" in msg
