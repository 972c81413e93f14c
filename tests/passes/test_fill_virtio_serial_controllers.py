"""fill-virtio-serial-controllers: implicit controllers for virtio channels and consoles."""

from __future__ import annotations

from compiler.ir.domain import VirtioSerialAddress
from passes.fill_virtio_serial_controllers import fill_virtio_serial_controllers
from tests.passes.chardev_builders import chardev, context, domain, info, vserial


def _types(dom: object) -> list[tuple[str, int | None]]:
    return [(c.type, c.index) for c in dom.controllers]  # type: ignore[attr-defined]


def test_virtio_channel_adds_controller_zero() -> None:
    dom = domain(channels=(chardev("channel", target_type="virtio"),))
    out = fill_virtio_serial_controllers(dom, context())
    assert _types(out) == [("virtio-serial", 0)] and out.controllers[0].implicit


def test_addressed_channel_adds_its_controller_before_higher_ones() -> None:
    addr = VirtioSerialAddress(controller=0, bus=0, port=2)
    dom = domain(
        controllers=(vserial(1),),
        channels=(chardev("channel", target_type="virtio", info=info(address=addr)),),
    )
    out = fill_virtio_serial_controllers(dom, context())
    assert _types(out) == [("virtio-serial", 0), ("virtio-serial", 1)]


def test_guestfwd_and_serial_consoles_need_no_controller() -> None:
    dom = domain(
        channels=(chardev("channel", target_type="guestfwd"),),
        consoles=(chardev("console", target_type="serial"),),
    )
    assert fill_virtio_serial_controllers(dom, context()).controllers == ()
