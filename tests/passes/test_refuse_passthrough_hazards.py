"""refuse-passthrough-hazards: QEMU-parsed passthrough, each spelling of each hazard."""

from __future__ import annotations

import pytest

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Domain, Memory, Os, QemuArg, QemuNamespace, Vcpu
from compiler.passmanager import PassContext
from passes.refuse_passthrough_hazards import parse_opts, refuse_passthrough_hazards

SPAN = Span(file="t.xml", line=1, col=1)


def codes_for(*words: str) -> list[str]:
    args = tuple(
        QemuArg(span=Span(file="t.xml", line=i + 1, col=5), value=w) for i, w in enumerate(words)
    )
    dom = Domain(
        span=SPAN,
        virt_type="qemu",
        name="vm",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm"),
        qemu=QemuNamespace(args=args),
    )
    ctx = PassContext(
        target=targets.load("qemu-7.2"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )
    assert refuse_passthrough_hazards(dom, ctx) is dom
    return [d.code.id for d in ctx.diagnostics]


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["-serial", "stdio"], "E210"),
        (["-serial", "mon:stdio"], "E210"),
        (["--serial", "stdio"], "E210"),
        (["-serial=stdio"], "E210"),
        (["-monitor", "stdio"], "E210"),
        (["-qmp", "stdio"], "E210"),
        (["-parallel", "stdio"], "E210"),
        (["-debugcon", "stdio"], "E210"),
        (["-chardev", "stdio,id=c0"], "E210"),
        (["-chardev", "file,id=c0,path=/dev/tty"], "E210"),
        (["-chardev", "serial,id=c0,path=/proc/self/fd/1"], "E210"),
        (["-chardev", '{"id":"c0","backend":{"type":"stdio","data":{}}}'], "E210"),
        (["-serial", "file:/dev/stdout"], "E210"),
        (["-nographic"], "E211"),
        (["-display", "curses"], "E211"),
        (["-display", "curses,charset=CP437"], "E211"),
        (["-daemonize"], "E212"),
        (["-netdev", "tap,id=n0,script=/etc/qemu-ifup"], "E213"),
        (["-netdev", "tap,id=n0,ifname=tap0"], "E213"),
        (["-netdev", "tap,id=n0,ifname=tap0,script=no"], "E213"),
        (["-net", "tap,downscript=/bin/x,script=no"], "E213"),
        (["-nic", "tap,script=/x"], "E213"),
        (["-netdev", '{"type":"tap","id":"n0","script":"/x","downscript":"no"}'], "E213"),
        (["-netdev", "bridge,id=n0,br=br0,script=/x"], "E213"),
        (["-sandbox", "off"], "E214"),
        (["-readconfig", "/etc/x.cfg"], "E214"),
        (["-set", "chardev.c0.backend=stdio"], "E214"),
    ],
)
def test_hazard_is_refused(words, code):
    assert codes_for(*words) == [code]


@pytest.mark.parametrize(
    "words",
    [
        ["-serial", "pty"],
        ["-chardev", "socket,id=c0,path=/run/vm.sock,server=on,wait=off"],
        ["-chardev", "file,id=c0,path=/var/log/stdio.log"],
        ["-name", "-nographic"],  # -name consumes the next word, as QEMU does
        ["-append", "console=stdio"],
        ["-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no"],
        ["-netdev", "tap,id=n0,fd=3"],
        ["-netdev", "bridge,id=n0,br=br0"],
        ["-netdev", "user,id=n0"],
        ["-display", "none"],
        ["-set", "device.net0.mac=52:54:00:00:00:01"],
        ["-unknown", "parameter"],
        ["stdio"],
    ],
)
def test_harmless_passthrough_is_allowed(words):
    assert codes_for(*words) == []


def test_diagnostic_points_at_the_option_word():
    dom_codes = codes_for("-S", "-serial", "stdio")
    assert dom_codes == ["E210"]


def test_qemuopts_parsing_handles_implied_key_and_escaped_commas():
    assert parse_opts("file,id=c,path=/a,,b", "backend") == {
        "backend": "file",
        "id": "c",
        "path": "/a,b",
    }
    assert parse_opts("id=c,server", "backend") == {"id": "c", "server": "on"}
