"""assign-pci-addresses on small IR: layouts, root-port growth, multifunction, conflicts."""

from __future__ import annotations

from compiler.diagnostics import Span
from compiler.ir.domain import (
    Controller,
    DeviceInfo,
    Disk,
    Domain,
    Memballoon,
    PciAddress,
    StorageSource,
)
from compiler.passmanager import PassContext
from passes.assign_pci_addresses import assign_pci_addresses
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def ctx() -> PassContext:
    return builders.context()


def ctrl(ctype: str, index: int, model: str, addr: PciAddress | None = None) -> Controller:
    return Controller(
        span=SPAN, type=ctype, index=index, model=model, info=DeviceInfo(address=addr)
    )


def vdisk(target: str) -> Disk:
    source = StorageSource(span=SPAN, type="file", path=f"/{target}.img", format="raw")
    return Disk(span=SPAN, device="disk", source=source, target=target, bus="virtio")


def domain(machine: str, *controllers: Controller, disks: tuple[Disk, ...] = ()) -> Domain:
    balloon = Memballoon(span=SPAN, model="virtio")
    return builders.domain(
        machine=machine, controllers=controllers, disks=disks, memballoon=balloon
    )


def slot(dev: object) -> tuple[int, int, int]:
    addr = dev.info.address  # type: ignore[attr-defined]
    assert isinstance(addr, PciAddress)
    return addr.bus, addr.slot, addr.function


def test_pc_default_layout() -> None:
    """PIIX3 owns slot 1 (USB at 1.2); the disk and the balloon take slots 2 and 3."""
    dom = domain(
        "pc", ctrl("usb", 0, "piix3-uhci"), ctrl("pci", 0, "pci-root"), disks=(vdisk("vda"),)
    )
    out = assign_pci_addresses(dom, ctx())
    assert slot(out.controllers[0]) == (0, 1, 2)
    assert slot(out.disks[0]) == (0, 2, 0)
    assert out.memballoon is not None and slot(out.memballoon) == (0, 3, 0)
    assert [c.model for c in out.controllers] == ["piix3-uhci", "pci-root"]  # no bridge added


def test_q35_grows_one_root_port_per_device_plus_a_spare() -> None:
    """Endpoints cannot sit on pcie-root: each gets a root port, as functions of slot 1."""
    dom = domain(
        "q35",
        ctrl("pci", 0, "pcie-root"),
        ctrl("usb", 0, "qemu-xhci"),
        ctrl("sata", 0, "ahci"),
        disks=(vdisk("vda"),),
    )
    out = assign_pci_addresses(dom, ctx())
    ports = [c for c in out.controllers if c.model == "pcie-root-port"]
    # usb, disk, balloon, and the spare a new domain keeps for hotplug
    assert [c.index for c in ports] == [1, 2, 3, 4]
    assert [slot(p) for p in ports] == [(0, 1, f) for f in range(4)]
    assert ports[0].info.address.multifunction is True  # type: ignore[union-attr]
    assert slot(next(c for c in out.controllers if c.type == "usb")) == (1, 0, 0)
    assert slot(out.disks[0]) == (2, 0, 0)
    sata = next(c for c in out.controllers if c.type == "sata")
    assert slot(sata) == (0, 0x1F, 2)


def test_q35_with_explicit_ports_gets_no_spare() -> None:
    dom = domain(
        "q35",
        ctrl("pci", 0, "pcie-root"),
        ctrl("pci", 1, "pcie-root-port"),
        ctrl("sata", 0, "ahci"),
        disks=(vdisk("vda"),),
    )
    out = assign_pci_addresses(dom, ctx())
    ports = [c for c in out.controllers if c.model == "pcie-root-port"]
    assert len(ports) == 2  # the explicit one (disk) and one added for the balloon
    assert slot(out.disks[0]) == (1, 0, 0)


def test_multifunction_marks_function_zero_unless_off() -> None:
    on = ctrl("pci", 1, "pcie-root-port", PciAddress(slot=2, function=0))
    second = ctrl("pci", 2, "pcie-root-port", PciAddress(slot=2, function=1))
    off = ctrl("pci", 3, "pcie-root-port", PciAddress(slot=3, function=0, multifunction=False))
    fourth = ctrl("pci", 4, "pcie-root-port", PciAddress(slot=3, function=1))
    dom = domain("q35", ctrl("pci", 0, "pcie-root"), on, second, off, fourth)
    out = assign_pci_addresses(dom, ctx())
    by_index = {c.index: c.info.address for c in out.controllers if c.type == "pci"}
    assert by_index[1].multifunction is True  # type: ignore[union-attr]
    assert by_index[2].multifunction is None  # type: ignore[union-attr]
    assert by_index[3].multifunction is False  # type: ignore[union-attr]


def test_explicit_address_conflict_is_refused() -> None:
    disk_a = vdisk("vda")
    disk_b = vdisk("vdb")
    taken = DeviceInfo(address=PciAddress(slot=5))
    dom = domain(
        "pc",
        ctrl("pci", 0, "pci-root"),
        disks=(
            Disk(**{**_fields(disk_a), "info": taken}),
            Disk(**{**_fields(disk_b), "info": taken}),
        ),
    )
    context = ctx()
    assign_pci_addresses(dom, context)
    assert [d.code.id for d in context.diagnostics] == ["E301"]


def test_pc_adds_a_pci_bridge_when_the_root_bus_is_full() -> None:
    disks = tuple(vdisk(f"vd{chr(ord('a') + i)}") for i in range(30))
    dom = domain("pc", ctrl("pci", 0, "pci-root"), disks=disks)
    out = assign_pci_addresses(dom, ctx())
    bridge = next(c for c in out.controllers if c.model == "pci-bridge")
    assert bridge.index == 1 and slot(bridge) == (0, 2, 0)  # controllers are placed first
    assert slot(out.disks[-1])[0] == 1  # the last disks moved behind the bridge


def _fields(disk: Disk) -> dict[str, object]:
    return {f: getattr(disk, f) for f in Disk.__dataclass_fields__}
