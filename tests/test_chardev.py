"""Reading and lowering of <serial>, <parallel>, <channel> and <console>."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from compiler import driver

Compile = Callable[..., driver.Result]

DOMAIN = """<domain type='qemu'>
  <name>t</name>
  <uuid>6c3b2a10-4f5e-4d7c-8b9a-0a1b2c3d4e5f</uuid>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
    {devices}
  </devices>
</domain>"""


def _lines(compile_xml: Compile, devices: str, **opts: object) -> list[str]:
    result = compile_xml(DOMAIN.format(devices=devices), **opts)
    assert result.ok, [d.message for d in result.diagnostics]
    text = driver.render(result, "argv")
    return [line for line in text.splitlines() if "char" in line or "fdset" in line]


def _errors(compile_xml: Compile, devices: str) -> list[str]:
    result = compile_xml(DOMAIN.format(devices=devices))
    return [f"{d.code.id} {d.message}" for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(
    ("xml", "chardev"),
    [
        ("<serial type='pty'/>", "pty,id=charserial0"),
        ("<serial type='null'/>", "null,id=charserial0"),
        (
            "<serial type='dev'><source path='/dev/ttyS1'/></serial>",
            "serial,id=charserial0,path=/dev/ttyS1",
        ),
        ("<serial type='pipe'><source path='/p'/></serial>", "pipe,id=charserial0,path=/p"),
        (
            "<serial type='tcp'><source mode='connect' host='h' service='1'/>"
            "<protocol type='telnet'/></serial>",
            "socket,id=charserial0,host=h,port=1,telnet=on",
        ),
        (
            "<serial type='spicevmc'/>",
            "spicevmc,id=charserial0,name=vdagent",
        ),
    ],
)
def test_backends(compile_xml: Compile, xml: str, chardev: str) -> None:
    assert chardev in "\n".join(_lines(compile_xml, xml))


def test_parallel_dev_uses_the_parallel_backend(compile_xml: Compile) -> None:
    lines = _lines(compile_xml, "<parallel type='dev'><source path='/dev/parport0'/></parallel>")
    assert "parallel,id=charparallel0,path=/dev/parport0" in lines


def test_unix_connect_keeps_its_path_and_reconnects(compile_xml: Compile) -> None:
    xml = (
        "<serial type='unix'><source mode='connect' path='/s'>"
        "<reconnect enabled='no'/></source></serial>"
    )
    result = compile_xml(DOMAIN.format(devices=xml), validate=False)
    assert "socket,id=charserial0,path=/s,reconnect=0" in driver.render(result, "argv")


def test_guestfwd_channel_is_a_user_netdev(compile_xml: Compile) -> None:
    xml = "<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>"
    text = "\n".join(_lines(compile_xml, xml))
    assert '"guestfwd":[{"str":"tcp:10.0.2.1:4600-chardev:charchannel0"}],"id":"channel0"' in text


def test_spiceport_serial_needs_spice(compile_xml: Compile) -> None:
    xml = "<serial type='spiceport'><source channel='org.qemu.console.serial.0'/></serial>"
    assert not any("charserial0" in line for line in _lines(compile_xml, xml))


def test_stdio_is_refused(compile_xml: Compile) -> None:
    assert [e.split()[0] for e in _errors(compile_xml, "<console type='stdio'/>")] == ["E201"]


def test_file_without_path_is_invalid(compile_xml: Compile) -> None:
    assert [e.split()[0] for e in _errors(compile_xml, "<serial type='file'/>")] == ["E104"]


def test_tls_is_not_supported_yet(compile_xml: Compile) -> None:
    xml = "<serial type='tcp'><source mode='connect' host='h' service='1' tls='yes'/></serial>"
    assert [e.split()[0] for e in _errors(compile_xml, xml)] == ["E101"]


def test_host_certificates_need_three_certificates(compile_xml: Compile) -> None:
    xml = "<smartcard mode='host-certificates'><certificate>a</certificate></smartcard>"
    assert [e.split()[0] for e in _errors(compile_xml, xml)] == ["E104"]


def test_raw_protocol_on_a_unix_socket_is_accepted(compile_xml: Compile) -> None:
    # A smartcard sits on a USB CCID controller, so this domain needs a USB bus.
    xml = (
        "<controller type='usb' index='1' model='qemu-xhci'/>"
        "<smartcard mode='passthrough' type='unix'><source mode='connect' path='/s'/>"
        "<protocol type='raw'/></smartcard>"
    )
    assert "socket,id=charsmartcard0,path=/s" in _lines(compile_xml, xml)
