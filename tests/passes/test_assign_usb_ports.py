"""assign-usb-ports: first free port of the first USB bus, in libvirt's device order."""

from __future__ import annotations

from compiler.ir.common import DeviceInfo
from compiler.ir.domain import Controller, UsbAddress
from passes.assign_usb_ports import assign_usb_ports
from tests.passes.device_builders import SPAN, context, domain
from tests.passes.disk_builders import disk


def _usb(model: str, index: int = 0, ports: int | None = None) -> Controller:
    return Controller(span=SPAN, type="usb", index=index, model=model, ports=ports)


def _ports(dom):  # type: ignore[no-untyped-def]
    ctx = context()
    out = assign_usb_ports(dom, ctx)
    return [d.info.address for d in out.disks], [x.message for x in ctx.diagnostics]


def test_disks_take_consecutive_ports() -> None:
    dom = domain(
        controllers=(_usb("piix3-uhci"),), disks=(disk("sda", bus="usb"), disk("sdb", bus="usb"))
    )
    assert _ports(dom) == ([UsbAddress(bus=0, port="1"), UsbAddress(bus=0, port="2")], [])


def test_written_ports_are_reserved_first() -> None:
    taken = disk("sdb", bus="usb", info=DeviceInfo(address=UsbAddress(bus=0, port="1")))
    dom = domain(controllers=(_usb("piix3-uhci"),), disks=(disk("sda", bus="usb"), taken))
    assert _ports(dom)[0] == [UsbAddress(bus=0, port="2"), UsbAddress(bus=0, port="1")]


def test_companion_controllers_add_no_ports() -> None:
    ctrls = (_usb("ich9-ehci1"), _usb("ich9-uhci1"))
    dom = domain(controllers=ctrls, disks=tuple(disk(f"sd{c}", bus="usb") for c in "abcdefg"))
    addrs, errors = _ports(dom)
    assert [a.port for a in addrs[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert errors == ["no free USB port is left for <disk>"]


def test_xhci_ports_attribute_counts() -> None:
    dom = domain(
        controllers=(_usb("qemu-xhci", ports=1),),
        disks=(disk("sda", bus="usb"), disk("sdb", bus="usb")),
    )
    assert _ports(dom)[1] == ["no free USB port is left for <disk>"]
