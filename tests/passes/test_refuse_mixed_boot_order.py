"""refuse-mixed-boot-order: <boot order> and <os><boot dev> exclude each other."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo
from passes.refuse_mixed_boot_order import refuse_mixed_boot_order
from tests.passes.net_builders import context, domain, net


def _messages(dom):
    ctx = context()
    refuse_mixed_boot_order(dom, ctx)
    return [d.message for d in ctx.diagnostics]


def test_device_order_alone_is_accepted() -> None:
    assert _messages(domain(net(info=DeviceInfo(boot_order=1)))) == []


def test_boot_dev_alone_is_accepted() -> None:
    assert _messages(domain(net(), boot=("network",))) == []


def test_both_are_refused() -> None:
    (msg,) = _messages(domain(net(info=DeviceInfo(boot_order=2)), boot=("hd",)))
    assert "cannot be used together" in msg
