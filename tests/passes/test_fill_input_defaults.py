"""fill-input-defaults: the bus libvirt gives an <input> without one."""

from __future__ import annotations

from compiler.ir.domain import Input
from compiler.passmanager import PassContext
from passes.fill_input_defaults import fill_input_defaults
from tests.passes.device_builders import SPAN, context, domain


def _buses(*inputs: Input) -> list[str | None]:
    ctx: PassContext = context()
    return [i.bus for i in fill_input_defaults(domain(inputs=inputs), ctx).inputs]


def test_x86_mouse_and_keyboard_are_ps2() -> None:
    devs = (Input(span=SPAN, type="mouse"), Input(span=SPAN, type="keyboard"))
    assert _buses(*devs) == ["ps2", "ps2"]


def test_tablet_is_usb() -> None:
    assert _buses(Input(span=SPAN, type="tablet")) == ["usb"]


def test_passthrough_is_virtio() -> None:
    assert _buses(Input(span=SPAN, type="passthrough", evdev="/dev/input/e")) == ["virtio"]


def test_evdev_has_no_bus_and_explicit_buses_stay() -> None:
    devs = (
        Input(span=SPAN, type="evdev", evdev="/dev/e"),
        Input(span=SPAN, type="mouse", bus="usb"),
    )
    assert _buses(*devs) == [None, "usb"]
