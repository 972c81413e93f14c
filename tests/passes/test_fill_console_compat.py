"""fill-console-compat: libvirt's console/serial compatibility rules."""

from __future__ import annotations

from passes.fill_console_compat import fill_console_compat
from tests.passes.chardev_builders import chardev, context, domain, src

ISA = {"target_type": "isa-serial", "target_model": "isa-serial", "port": 0}


def test_lone_serial_console_becomes_serial_zero() -> None:
    dom = domain(consoles=(chardev("console", src("pty"), target_type="serial", port=0),))
    out = fill_console_compat(dom, context())
    assert [(s.kind, s.target_type, s.port) for s in out.serials] == [("serial", "isa-serial", 0)]
    assert out.consoles[0].info is None and out.consoles[0].target_type == "serial"


def test_console_matching_serial_stays_an_alias() -> None:
    serial = chardev("serial", src("file", path="/a", append=True), **ISA)
    console = chardev("console", src("file", path="/a"), target_type="serial", port=0)
    out = fill_console_compat(domain(serials=(serial,), consoles=(console,)), context())
    assert out.serials == (serial,)
    assert out.consoles[0].source.type == "file" and out.consoles[0].info is None


def test_console_differing_from_serial_becomes_a_stub() -> None:
    serial = chardev("serial", src("pty"), **ISA)
    console = chardev("console", src("vc"), target_type="serial", port=0)
    out = fill_console_compat(domain(serials=(serial,), consoles=(console,)), context())
    assert out.consoles[0].source.type == "null"


def test_isa_serial_gets_a_stub_console_before_virtio_consoles() -> None:
    serial = chardev("serial", src("pty"), **ISA)
    virtio = chardev("console", src("pty"), target_type="virtio", port=0)
    out = fill_console_compat(domain(serials=(serial,), consoles=(virtio,)), context())
    assert [c.target_type for c in out.consoles] == ["serial", "virtio"]


def test_pci_serial_gets_no_stub_console() -> None:
    serial = chardev("serial", src("pty"), target_type="pci-serial", port=0)
    out = fill_console_compat(domain(serials=(serial,)), context())
    assert out.consoles == ()


def test_second_serial_console_is_refused() -> None:
    consoles = tuple(chardev("console", target_type="serial", port=i) for i in range(2))
    ctx = context()
    fill_console_compat(domain(consoles=consoles), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]
