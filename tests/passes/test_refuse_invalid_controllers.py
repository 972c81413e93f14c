"""refuse-invalid-controllers: root buses, expander buses, xhci ports, IDE."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Controller, Domain, Memory, Os, Vcpu
from compiler.passmanager import PassContext
from passes.refuse_invalid_controllers import refuse_invalid_controllers

SPAN = Span(file="t.xml", line=1, col=1)


def problems(machine: str, *controllers: Controller) -> list[str]:
    context = PassContext(
        target=targets.load("qemu-7.2.50"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )
    dom = Domain(
        span=SPAN,
        virt_type="qemu",
        name="guest",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm", arch="x86_64", machine=machine),
        controllers=controllers,
    )
    refuse_invalid_controllers(dom, context)
    return [d.message for d in context.diagnostics]


def ctrl(ctype: str, index: int, model: str | None = None, ports: int | None = None) -> Controller:
    return Controller(span=SPAN, type=ctype, index=index, model=model, ports=ports)


def test_valid_machines_pass() -> None:
    assert problems("pc", ctrl("pci", 0, "pci-root"), ctrl("ide", 0)) == []
    assert problems("q35", ctrl("pci", 0, "pcie-root"), ctrl("usb", 0, "qemu-xhci", 15)) == []


def test_root_bus_must_fit_the_machine() -> None:
    (msg,) = problems("q35", ctrl("pci", 0, "pci-root"))
    assert "must be model='pcie-root'" in msg


def test_expander_bus_on_the_wrong_chipset() -> None:
    (msg,) = problems("pc", ctrl("pci", 0, "pci-root"), ctrl("pci", 1, "pcie-expander-bus"))
    assert "q35" in msg


def test_xhci_port_limit_and_ide_on_q35() -> None:
    msgs = problems("q35", ctrl("usb", 0, "nec-xhci", 16), ctrl("ide", 0))
    assert len(msgs) == 2
