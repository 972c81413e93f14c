"""fill-graphics-defaults: listen addresses, sockets, ports, SPICE TLS and render node."""

from __future__ import annotations

from compiler import profiles
from compiler.ir.graphics import Graphics, GraphicsListen, SpiceOptions
from passes.fill_graphics_defaults import fill_graphics_defaults
from tests.passes.graphics_builders import SPAN, context, domain


def _one(gfx: Graphics, profile: profiles.Profile = profiles.LIBVIRT_TEST) -> Graphics:
    (out,) = fill_graphics_defaults(domain(graphics=(gfx,)), context(profile)).graphics
    return out


def test_vnc_autoport_listens_on_the_default_address_at_5900() -> None:
    gfx = _one(
        Graphics(span=SPAN, type="vnc", autoport=True, listens=(GraphicsListen(type="address"),))
    )
    assert (gfx.listens[0].address, gfx.port) == ("127.0.0.1", 5900)


def test_socket_without_path_goes_to_the_state_dir() -> None:
    gfx = _one(Graphics(span=SPAN, type="vnc", listens=(GraphicsListen(type="socket"),)))
    assert gfx.listens[0].socket == "/tmp/lib/domain--1-t/vnc.sock"


def test_generated_vnc_socket_is_dropped() -> None:
    old = GraphicsListen(type="socket", socket="/tmp/lib/domain-7-t/vnc.sock")
    gfx = _one(Graphics(span=SPAN, type="vnc", port=5901, listens=(old,)))
    assert gfx.listens[0] == GraphicsListen(type="address", address="127.0.0.1")


def test_spice_without_ports_listens_nowhere() -> None:
    gfx = _one(Graphics(span=SPAN, type="spice", listens=(GraphicsListen(type="address"),)))
    assert gfx.listens[0].type == "none"


def test_spice_gets_the_test_harness_password_and_tls() -> None:
    gfx = _one(
        Graphics(span=SPAN, type="spice", port=5903, listens=(GraphicsListen(type="address"),))
    )
    assert gfx.has_password and gfx.spice.x509_dir == "/etc/pki/libvirt-spice"


def test_standalone_spice_has_no_password_and_no_tls() -> None:
    profile = profiles.get("standalone")
    gfx = Graphics(
        span=SPAN,
        type="spice",
        port=5903,
        listens=(GraphicsListen(type="address"),),
        spice=SpiceOptions(),
    )
    out = _one(gfx, profile)
    assert not out.has_password and out.spice.x509_dir is None


def test_egl_headless_gets_the_render_node() -> None:
    assert _one(Graphics(span=SPAN, type="egl-headless")).rendernode == "/dev/dri/foo"
