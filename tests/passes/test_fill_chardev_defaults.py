"""fill-chardev-defaults: target types, models and port numbering, one rule per test."""

from __future__ import annotations

from passes.fill_chardev_defaults import fill_chardev_defaults
from tests.passes.chardev_builders import chardev, context, domain, src


def test_serial_defaults_to_isa_serial() -> None:
    dom = fill_chardev_defaults(domain(serials=(chardev("serial"),)), context())
    assert (dom.serials[0].target_type, dom.serials[0].target_model) == ("isa-serial", "isa-serial")


def test_isa_debug_model_is_debugcon() -> None:
    dom = domain(serials=(chardev("serial", target_type="isa-debug"),))
    assert fill_chardev_defaults(dom, context()).serials[0].target_model == "isa-debugcon"


def test_port_is_one_past_the_highest_of_its_kind() -> None:
    # name-escape: an unnumbered serial before one on port 0 gets port 1
    dom = domain(serials=(chardev("serial"), chardev("serial", port=0)))
    assert [s.port for s in fill_chardev_defaults(dom, context()).serials] == [1, 0]


def test_explicit_isa_serial_takes_lowest_free_isa_port() -> None:
    dom = domain(
        serials=(
            chardev("serial", port=1, target_type="isa-serial"),
            chardev("serial", target_type="isa-serial"),
        )
    )
    assert [s.port for s in fill_chardev_defaults(dom, context()).serials] == [1, 0]


def test_five_isa_serials_are_refused() -> None:
    serials = tuple(chardev("serial", target_type="isa-serial") for _ in range(5))
    ctx = context()
    fill_chardev_defaults(domain(serials=serials), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]


def test_console_target_defaults_to_serial() -> None:
    dom = fill_chardev_defaults(domain(consoles=(chardev("console"),)), context())
    assert (dom.consoles[0].target_type, dom.consoles[0].port) == ("serial", 0)


def test_unix_socket_without_path_listens() -> None:
    channel = chardev("channel", src("unix"), target_type="virtio")
    dom = fill_chardev_defaults(domain(channels=(channel,)), context())
    assert dom.channels[0].source.listen
