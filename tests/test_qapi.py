"""--check-qapi: JSON options against the target QEMU's own QAPI description."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import driver, qapi
from compiler.profiles import HostProfile

SCHEMA = qapi.load("qemu-7.2")
ROOT = Path(__file__).resolve().parent.parent


def test_every_target_ships_qapi_data():
    from compiler import targets

    for name in targets.available():
        assert qapi.load(name) is not None, name


@pytest.mark.parametrize(
    ("option", "value"),
    [
        (
            "-blockdev",
            {
                "driver": "file",
                "filename": "/a",
                "node-name": "n",
                "auto-read-only": True,
                "discard": "unmap",
            },
        ),
        (
            "-blockdev",
            {"node-name": "f", "read-only": False, "driver": "qcow2", "file": "n", "backing": None},
        ),
        (
            "-blockdev",
            {
                "driver": "nbd",
                "server": {"type": "inet", "host": "h", "port": "1"},
                "export": "e",
                "node-name": "n",
            },
        ),
        ("-netdev", {"type": "user", "id": "hostnet0"}),
        ("-netdev", {"type": "tap", "fd": "3", "vhost": True, "vhostfd": "44", "id": "h"}),
        ("-object", {"qom-type": "memory-backend-ram", "id": "pc.ram", "size": 1048576}),
    ],
)
def test_valid_options_pass(option, value):
    assert qapi.errors(SCHEMA, option, value) == []


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("-blockdev", {"driver": "file", "node-name": "n"}, "missing member 'filename'"),
        ("-blockdev", {"driver": "file", "filename": "/a", "bogus": 1}, "unknown member"),
        ("-blockdev", {"driver": "file", "filename": 7}, "expected string"),
        ("-blockdev", {"driver": "file", "filename": "/a", "discard": "maybe"}, "not one of"),
        (
            "-blockdev",
            {"driver": "nbd", "server": {"type": "inet", "host": "h", "port": 1}},
            "server.port",
        ),
        ("-netdev", {"type": "tap", "id": "h", "fd": 3}, "expected string"),
        ("-netdev", {"type": "user", "id": "h", "ipv6": "yes"}, "expected boolean"),
        ("-object", {"qom-type": "memory-backend-ram", "id": "m", "size": "1G"}, "expected int"),
    ],
)
def test_invalid_options_are_explained(option, value, why):
    found = qapi.errors(SCHEMA, option, value)
    assert any(why in f for f in found), found


def test_compiled_goldens_match_the_qapi_schema():
    """Everything xml2argv emits as JSON is what the target QEMU accepts."""
    cases = sorted((ROOT / "golden").glob("*/*.xml"))
    for xml in cases:
        opts = driver.CompileOptions(
            target="qemu-7.2.50", profile="libvirt-test", host=HostProfile.fixed(), check_qapi=True
        )
        result = driver.compile_file(xml, opts)
        assert not [d.message for d in result.diagnostics if d.code.id == "E109"], xml


def test_the_pass_reports_a_mismatch_at_the_options_origin():
    from compiler.diagnostics import Span
    from compiler.ir.command import Command, JsonProps, Obj, Option, Origin
    from passes.check_qapi import check_qapi
    from tests import builders

    span = Span(file="vm.xml", line=12, col=5)
    bad = Option(
        flag="-netdev",
        value=JsonProps(Obj((("type", "tap"), ("id", "h"), ("fd", 3)))),
        origin=Origin(producer="lower-nets", span=span),
    )
    cmd = Command(emulator="/usr/bin/qemu-system-x86_64", env=(), items=(bad,))
    ctx = builders.context(target="qemu-7.2")
    assert check_qapi(cmd, ctx) is cmd and ctx.diagnostics == []  # off unless asked for
    ctx.check_qapi = True
    check_qapi(cmd, ctx)
    assert [(d.code.id, d.span.line) for d in ctx.diagnostics] == [("E109", 12)]
    assert "-netdev.fd: expected string" in ctx.diagnostics[0].message
