"""refuse-invalid-chardevs: libvirt's character device validation, one rule per test."""

from __future__ import annotations

from compiler.ir.chardev import Chardev, Reconnect
from compiler.ir.common import DeviceInfo, PciAddress
from compiler.ir.domain import Domain
from passes.refuse_invalid_chardevs import refuse_invalid_chardevs
from tests.passes.chardev_builders import chardev, context, domain, src


def _codes(dom: Domain) -> list[str]:
    ctx = context()
    refuse_invalid_chardevs(dom, ctx)
    return [d.code.id for d in ctx.diagnostics]


def _serial(target: str, model: str, info: DeviceInfo | None = None) -> Chardev:
    return chardev(
        "serial", target_type=target, target_model=model, port=0, info=info or DeviceInfo()
    )


def test_matching_model_is_accepted() -> None:
    assert _codes(domain(serials=(_serial("pci-serial", "pci-serial"),))) == []


def test_model_of_another_target_is_refused() -> None:
    assert _codes(domain(serials=(_serial("pci-serial", "isa-serial"),))) == ["E104"]


def test_usb_serial_with_pci_address_is_refused() -> None:
    info = DeviceInfo(address=PciAddress(slot=3))
    assert _codes(domain(serials=(_serial("usb-serial", "usb-serial", info=info),))) == ["E304"]


def test_listening_socket_cannot_reconnect() -> None:
    source = src("unix", path="/s", listen=True, reconnect=Reconnect(enabled=True, timeout=1))
    assert _codes(domain(parallels=(chardev("parallel", source, port=0),))) == ["E104"]


def test_spicevmc_channel_needs_the_agent_name() -> None:
    channel = chardev("channel", src("spicevmc"), target_type="virtio", target_name="org.x")
    assert _codes(domain(channels=(channel,))) == ["E104"]
