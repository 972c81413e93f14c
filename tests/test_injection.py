"""Injection through values: commas, help requests, leading dashes, shell metacharacters.

Every value from the XML must reach QEMU as exactly the value it was: a comma inside a
key=value option is doubled, a JSON value is JSON-encoded, and nothing can start a new
argv element or a new option key.
"""

from __future__ import annotations

import json
import shlex

from compiler import driver
from compiler.emit.argv import argv_words
from passes.refuse_passthrough_hazards import parse_opts

DOMAIN = """<domain type='qemu'>
  <name>{name}</name>
  <uuid>0b7f0c4e-8c1d-4d0e-9f43-6f5c2a9e7d10</uuid>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  {cpu}
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    {devices}
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
"""


def compile_domain(name="vm", devices="", cpu="", profile="standalone") -> driver.Result:
    xml = DOMAIN.format(name=name, devices=devices, cpu=cpu)
    opts = driver.CompileOptions(profile=profile, target="qemu-7.2", verify_ir=True)
    return driver.compile_bytes(xml.encode(), filename="in.xml", options=opts)


def option(result: driver.Result, flag: str, contains: str) -> str:
    words = list(result.argv)
    values = [
        words[i + 1] for i, w in enumerate(words[:-1]) if w == flag and contains in words[i + 1]
    ]
    assert len(values) == 1, (flag, contains, words)
    return values[0]


def test_commas_in_the_name_are_doubled():
    result = compile_domain(name="a,b=c,server=on")
    assert result.ok, result.diagnostics
    value = option(result, "-name", "guest=")
    assert value == "guest=a,,b=c,,server=on,debug-threads=on"
    assert parse_opts(value, "x")["guest"] == "a,b=c,server=on"


def test_commas_in_a_socket_path_cannot_add_keys():
    path = "/run/vm/a,server=on,wait=off.sock"
    serial = f"<serial type='unix'><source mode='connect' path='{path}'/></serial>"
    result = compile_domain(devices=serial)
    assert result.ok, result.diagnostics
    value = option(result, "-chardev", "charserial0")
    assert parse_opts(value, "backend")["path"] == path
    assert "server" not in parse_opts(value, "backend")


def test_paths_in_json_options_stay_one_json_string():
    from xml.sax.saxutils import quoteattr

    path = "/srv/a,b'c\"d $(id) `x`.img"
    disk = (
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        f"<source file={quoteattr(path)}/><target dev='vda' bus='virtio'/></disk>"
    )
    result = compile_domain(devices=disk)
    assert result.ok, result.diagnostics
    blockdev = json.loads(option(result, "-blockdev", '"driver":"file"'))
    assert blockdev["filename"] == path


def test_a_value_with_a_leading_dash_never_becomes_an_option():
    serial = "<serial type='file'><source path='/tmp/-daemonize'/></serial>"
    result = compile_domain(devices=serial)
    assert result.ok, result.diagnostics
    assert "-daemonize" not in result.argv
    assert all(not w.startswith("-daemonize") for w in result.argv)


def test_help_as_a_cpu_model_is_refused():
    result = compile_domain(cpu="<cpu mode='custom'><model>help</model></cpu>")
    assert not result.ok
    assert {d.code.id for d in result.diagnostics} & {"E108", "E102", "E106"}


def test_shell_metacharacters_survive_the_launcher_script():
    name = 'it\'s $HOME `id` \\ "q" %s'
    result = compile_domain(name=name)
    assert result.ok, result.diagnostics
    script = driver.render(result, "shell")
    exec_line = script[script.index("exec ") + 5 :].replace("\\\n", " ")
    assert shlex.split(exec_line) == argv_words(result.command)


def test_non_ascii_digits_and_huge_numbers_are_refused_not_crashed():
    for cpus in ("\u0663", "1-" + "9" * 5000, "9" * 5000):
        cpu = (
            "<cpu><numa><cell id='0' cpus='" + cpus + "' memory='131072' unit='KiB'/></numa></cpu>"
        )
        result = compile_domain(cpu=cpu)
        assert not result.ok
        assert all(d.code.id[0] == "E" and d.code.id != "E000" for d in result.diagnostics)
    for memory in ("\u0661\u0662\u0668", "9" * 5000):
        xml = DOMAIN.format(name="vm", devices="", cpu="").replace(
            "<memory unit='MiB'>128</memory>", f"<memory unit='MiB'>{memory}</memory>"
        )
        opts = driver.CompileOptions(profile="standalone", target="qemu-7.2")
        result = driver.compile_bytes(xml.encode(), filename="in.xml", options=opts)
        assert not result.ok, memory[:10]
