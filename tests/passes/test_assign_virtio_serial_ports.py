"""assign-virtio-serial-ports: port numbering on virtio-serial controllers."""

from __future__ import annotations

from typing import Any

from compiler.ir.domain import Domain, VirtioSerialAddress
from passes.assign_virtio_serial_ports import assign_virtio_serial_ports
from tests.passes.chardev_builders import chardev, context, domain, info, vserial


def _channel(address: VirtioSerialAddress | None = None):  # type: ignore[no-untyped-def]
    return chardev("channel", target_type="virtio", info=info(address=address))


def _ports(dom: Domain) -> list[Any]:
    return [c.info.address if c.info else None for c in dom.channels]


def test_channels_start_at_port_one() -> None:
    dom = domain(controllers=(vserial(0),), channels=(_channel(), _channel()))
    assert [a.port for a in _ports(assign_virtio_serial_ports(dom, context()))] == [1, 2]


def test_console_reserves_port_zero_but_keeps_no_address() -> None:
    console = chardev("console", target_type="virtio", port=0)
    dom = domain(controllers=(vserial(0),), consoles=(console, console), channels=(_channel(),))
    out = assign_virtio_serial_ports(dom, context())
    assert out.consoles[0].info is not None and out.consoles[0].info.address is None
    assert _ports(out)[0].port == 2  # ports 0 and 1 went to the two consoles


def test_explicit_ports_are_reserved_first() -> None:
    taken = VirtioSerialAddress(controller=0, bus=0, port=1)
    dom = domain(controllers=(vserial(0),), channels=(_channel(), _channel(taken)))
    assert [a.port for a in _ports(assign_virtio_serial_ports(dom, context()))] == [2, 1]


def test_named_controller_without_port_gets_its_next_port() -> None:
    partial = VirtioSerialAddress(controller=1, bus=0, port=0)
    dom = domain(controllers=(vserial(0), vserial(1)), channels=(_channel(partial),))
    assert _ports(assign_virtio_serial_ports(dom, context())) == [
        VirtioSerialAddress(controller=1, bus=0, port=1)
    ]


def test_full_controller_is_an_error() -> None:
    dom = domain(controllers=(vserial(0, ports=2),), channels=(_channel(), _channel()))
    ctx = context()
    assign_virtio_serial_ports(dom, ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E303"]
