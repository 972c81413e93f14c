"""fill-pci-controller-defaults: QEMU model names, chassis, ports and bus numbers."""

from __future__ import annotations

from compiler.diagnostics import Span
from compiler.ir.domain import (
    Controller,
    DeviceInfo,
    Domain,
    PciAddress,
    PciControllerOptions,
)
from compiler.passmanager import PassContext
from passes.fill_pci_controller_defaults import fill_pci_controller_defaults
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def ctx() -> PassContext:
    return builders.context()


def pci(index: int, model: str, addr: PciAddress, **opts: object) -> Controller:
    return Controller(
        span=SPAN,
        type="pci",
        index=index,
        model=model,
        pci=PciControllerOptions(**opts),  # type: ignore[arg-type]
        info=DeviceInfo(address=addr),
    )


def domain(*controllers: Controller) -> Domain:
    return builders.domain(machine="q35", controllers=controllers)


def test_ports_take_chassis_from_index_and_port_from_slot() -> None:
    root = Controller(span=SPAN, type="pci", index=0, model="pcie-root")
    port = pci(3, "pcie-root-port", PciAddress(slot=1, function=2))
    down = pci(5, "pcie-switch-downstream-port", PciAddress(bus=4, slot=3))
    kept = pci(6, "pcie-root-port", PciAddress(slot=2), chassis=30, port=0x27, model_name="ioh3420")
    out = fill_pci_controller_defaults(domain(root, port, down, kept), ctx())
    opts = {c.index: c.pci for c in out.controllers}
    assert opts[0].model_name is None
    assert (opts[3].model_name, opts[3].chassis, opts[3].port) == ("pcie-root-port", 3, 10)
    assert (opts[5].model_name, opts[5].chassis, opts[5].port) == ("xio3130-downstream", 5, 3)
    assert (opts[6].model_name, opts[6].chassis, opts[6].port) == ("ioh3420", 30, 0x27)


def test_expander_bus_numbers_count_down_from_the_lowest() -> None:
    first = pci(1, "pcie-expander-bus", PciAddress(slot=2))
    second = pci(2, "pcie-expander-bus", PciAddress(slot=3))
    out = fill_pci_controller_defaults(domain(first, second), ctx())
    assert [c.pci.bus_nr for c in out.controllers] == [254, 252]


def test_bridge_below_its_own_bus_is_refused() -> None:
    context = ctx()
    fill_pci_controller_defaults(domain(pci(1, "pci-bridge", PciAddress(bus=1, slot=1))), context)
    assert [d.code.id for d in context.diagnostics] == ["E304"]
