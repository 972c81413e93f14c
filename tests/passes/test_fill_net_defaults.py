"""fill-net-defaults: libvirt's default NIC model, one behaviour per test."""

from __future__ import annotations

from passes.fill_net_defaults import fill_net_defaults
from tests.passes.net_builders import context, domain, net


def _models(*nets, arch="x86_64"):
    return [n.model for n in fill_net_defaults(domain(*nets, arch=arch), context()).nets]


def test_x86_default_is_rtl8139() -> None:
    assert _models(net("user")) == ["rtl8139"]


def test_vdpa_is_always_virtio() -> None:
    assert _models(net("vdpa")) == ["virtio"]


def test_explicit_model_is_kept() -> None:
    assert _models(net("user", model="e1000e")) == ["e1000e"]


def test_hostdev_gets_no_model() -> None:
    assert _models(net("hostdev")) == [None]


def test_other_architectures_default_to_virtio() -> None:
    assert _models(net("user"), arch="aarch64") == ["virtio"]
