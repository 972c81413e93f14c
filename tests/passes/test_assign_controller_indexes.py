"""assign-controller-indexes: libvirt's controller order and automatic indexes."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Controller, Domain
from compiler.passmanager import PassContext
from passes.assign_controller_indexes import assign_controller_indexes
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def ctx() -> PassContext:
    return PassContext(
        target=targets.load("qemu-7.2.50"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )


def ctrl(
    ctype: str, index: int | None = None, model: str | None = None, **kw: object
) -> Controller:
    return Controller(span=SPAN, type=ctype, index=index, model=model, **kw)  # type: ignore[arg-type]


def domain(*controllers: Controller) -> Domain:
    return builders.domain(machine="q35", controllers=controllers)


def order(dom: Domain) -> list[tuple[str, int | None]]:
    return [(c.type, c.index) for c in dom.controllers]


def test_types_stay_together_sorted_by_index() -> None:
    dom = domain(ctrl("usb", 1), ctrl("scsi", 0), ctrl("usb", 0), ctrl("scsi", 2), ctrl("pci", 0))
    out = assign_controller_indexes(dom, ctx())
    assert order(out) == [("usb", 0), ("usb", 1), ("scsi", 0), ("scsi", 2), ("pci", 0)]


def test_missing_indexes_take_the_lowest_unused() -> None:
    dom = domain(ctrl("pci", model="pcie-root"), ctrl("pci", 2), ctrl("pci"), ctrl("pci"))
    out = assign_controller_indexes(dom, ctx())
    assert order(out) == [("pci", 0), ("pci", 2), ("pci", 1), ("pci", 3)]


def test_usb2_companions_join_their_master_and_follow_it() -> None:
    dom = domain(
        ctrl("usb", model="ich9-uhci1", master_startport=0),
        ctrl("usb", model="ich9-ehci1"),
        ctrl("usb", model="ich9-uhci2", master_startport=2),
    )
    out = assign_controller_indexes(dom, ctx())
    assert [(c.model, c.index) for c in out.controllers] == [
        ("ich9-uhci1", 0),
        ("ich9-ehci1", 0),
        ("ich9-uhci2", 0),
    ]


def test_master_goes_before_companions_of_its_index() -> None:
    dom = domain(ctrl("usb", 0, "ich9-uhci1", master_startport=0), ctrl("usb", 0, "ich9-ehci1"))
    out = assign_controller_indexes(dom, ctx())
    assert [c.model for c in out.controllers] == ["ich9-ehci1", "ich9-uhci1"]


def test_duplicate_index_is_refused() -> None:
    context = ctx()
    assign_controller_indexes(domain(ctrl("scsi", 0), ctrl("scsi", 0)), context)
    assert [d.code.id for d in context.diagnostics] == ["E301"]
