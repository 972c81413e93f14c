"""assign-spapr-vio-addresses: ibmvscsi controllers get VIO registers, not PCI slots."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Controller, DeviceInfo, Domain, OtherAddress
from compiler.passmanager import PassContext
from passes.assign_spapr_vio_addresses import assign_spapr_vio_addresses
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def ctx() -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )


def vscsi(index: int, reg: str | None = None) -> Controller:
    addr = None if reg is None else OtherAddress(type="spapr-vio", attrs=(("reg", reg),))
    return Controller(
        span=SPAN, type="scsi", index=index, model="ibmvscsi", info=DeviceInfo(address=addr)
    )


def domain(*controllers: Controller) -> Domain:
    return builders.domain(machine="pc", controllers=controllers)


def regs(dom: Domain) -> list[str]:
    return [dict(c.info.address.attrs)["reg"] for c in dom.controllers]  # type: ignore[union-attr]


def test_default_register_steps_past_taken_ones() -> None:
    out = assign_spapr_vio_addresses(domain(vscsi(0), vscsi(1, "0x2000"), vscsi(2)), ctx())
    assert regs(out) == ["0x3000", "0x2000", "0x4000"]


def test_shared_register_is_refused() -> None:
    context = ctx()
    assign_spapr_vio_addresses(domain(vscsi(0, "0x2000"), vscsi(1, "0x2000")), context)
    assert [d.code.id for d in context.diagnostics] == ["E301"]
