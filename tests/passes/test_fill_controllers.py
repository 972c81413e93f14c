"""fill-controllers: the machine's default controllers, disk controllers, default models."""

from __future__ import annotations

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import (
    Controller,
    DeviceInfo,
    Disk,
    Domain,
    DriveAddress,
    StorageSource,
)
from compiler.passmanager import PassContext
from passes.fill_controllers import fill_controllers
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def ctx(drop: frozenset[str] = frozenset()) -> PassContext:
    target = targets.with_caps(targets.load("qemu-7.2.50"), frozenset(), drop)
    return PassContext(
        target=target, profile=profiles.LIBVIRT_TEST, host=profiles.HostProfile.fixed()
    )


def domain(machine: str, *controllers: Controller, disks: tuple[Disk, ...] = ()) -> Domain:
    return builders.domain(machine=machine, controllers=controllers, disks=disks)


def layout(dom: Domain) -> list[tuple[str, int | None, str | None]]:
    return [(c.type, c.index, c.model) for c in dom.controllers]


def test_q35_defaults_in_libvirts_order() -> None:
    out = fill_controllers(domain("q35"), ctx())
    assert layout(out) == [("usb", 0, "qemu-xhci"), ("sata", 0, None), ("pci", 0, "pcie-root")]


def test_q35_without_usb3_gets_ich9_usb2_with_companions() -> None:
    out = fill_controllers(domain("q35"), ctx(frozenset({"qemu-xhci", "nec-usb-xhci"})))
    usb = [(c.model, c.master_startport) for c in out.controllers if c.type == "usb"]
    assert usb == [("ich9-ehci1", None), ("ich9-uhci1", 0), ("ich9-uhci2", 2), ("ich9-uhci3", 4)]


def test_scsi_disk_adds_every_controller_up_to_its_own() -> None:
    source = StorageSource(span=SPAN, type="file", path="/d.img", format="raw")
    disk = Disk(
        span=SPAN,
        device="disk",
        source=source,
        target="sda",
        bus="scsi",
        info=DeviceInfo(address=DriveAddress(controller=2)),
    )
    out = fill_controllers(domain("pc", disks=(disk,)), ctx())
    assert layout(out) == [
        ("usb", 0, "piix3-uhci"),
        ("pci", 0, "pci-root"),
        ("scsi", 0, "lsilogic"),
        ("scsi", 1, "lsilogic"),
        ("scsi", 2, "lsilogic"),
    ]


def test_explicit_usb_keeps_its_place_and_gets_the_default_model() -> None:
    usb = Controller(span=SPAN, type="usb", index=0)
    out = fill_controllers(domain("pc", usb), ctx())
    assert layout(out) == [("usb", 0, "piix3-uhci"), ("pci", 0, "pci-root")]
