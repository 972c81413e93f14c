"""assign-mac-addresses: stable generated MACs under QEMU's prefix."""

from __future__ import annotations

from passes.assign_mac_addresses import assign_mac_addresses
from tests.passes.net_builders import context, domain, net


def _macs(*nets):
    return [n.mac for n in assign_mac_addresses(domain(*nets), context()).nets]


def test_given_mac_is_kept() -> None:
    assert _macs(net(mac="00:11:22:33:44:55")) == ["00:11:22:33:44:55"]


def test_generated_mac_has_qemu_prefix_and_is_stable() -> None:
    first = _macs(net())
    assert first[0].startswith("52:54:00:") and len(first[0]) == 17
    assert _macs(net()) == first


def test_each_interface_gets_its_own_mac() -> None:
    a, b = _macs(net(), net())
    assert a != b
