"""The emitters: libvirt's args format (quoting, line breaks), argv, json, shell round trip."""

from __future__ import annotations

import json
import shlex

from compiler.emit.args import emit_args
from compiler.emit.argv import argv_words, emit_argv, emit_json
from compiler.emit.escape import libvirt_shell_quote, qemu_opt_escape, systemd_quote
from compiler.emit.shell import emit_shell
from compiler.ir.command import Command, JsonProps, KeyValue, Obj, Option, Origin, Verbatim, Word

ORIGIN = Origin(producer="test")


def cmd(*items, env=()):
    return Command(emulator="/usr/bin/qemu-system-x86_64", env=tuple(env), items=tuple(items))


def test_key_value_doubles_commas_in_head_and_values():
    c = cmd(
        Option(
            flag="-name",
            value=KeyValue(None, (("guest", "a,b"), ("debug-threads", "on"))),
            origin=ORIGIN,
        )
    )
    assert argv_words(c)[1:] == ["-name", "guest=a,,b,debug-threads=on"]
    assert qemu_opt_escape("x,,y") == "x,,,,y"


def test_json_is_compact_and_keeps_insertion_order():
    obj = Obj((("driver", "virtio-blk-pci"), ("bus", "pci.0"), ("bootindex", 1), ("ro", True)))
    c = cmd(Option(flag="-device", value=JsonProps(obj), origin=ORIGIN))
    assert argv_words(c)[2] == '{"driver":"virtio-blk-pci","bus":"pci.0","bootindex":1,"ro":true}'


def test_libvirt_quoting_rules():
    assert libvirt_shell_quote("") == "''"
    assert libvirt_shell_quote("a=b,c=d:e@f%g+h") == "a=b,c=d:e@f%g+h"
    assert libvirt_shell_quote('{"a":1}') == "'{\"a\":1}'"
    assert libvirt_shell_quote("it's") == "'it'\\''s'"
    assert libvirt_shell_quote("a b") == "'a b'"


def test_args_format_env_then_emulator_then_one_option_per_line():
    c = cmd(
        Option(flag="-S", origin=ORIGIN),
        Option(flag="-m", value=Word("214"), origin=ORIGIN),
        env=[("LC_ALL", "C"), ("BAR", "")],
    )
    assert emit_args(c) == (
        "LC_ALL=C \\\nBAR='' \\\n/usr/bin/qemu-system-x86_64 \\\n-S \\\n-m 214\n"
    )


def test_args_format_bare_word_stays_on_line_when_an_option_follows():
    c = cmd(
        Option(flag="-device", value=Word("x"), origin=ORIGIN),
        Verbatim(text="ARGUMENT", origin=ORIGIN),
        Option(flag="-msg", value=Word("timestamp=on"), origin=ORIGIN),
    )
    assert emit_args(c).endswith("-device x ARGUMENT \\\n-msg timestamp=on\n")


def test_args_format_trailing_bare_words_each_start_a_line():
    c = cmd(
        Option(flag="-msg", value=Word("timestamp=on"), origin=ORIGIN),
        Verbatim(text="A", origin=ORIGIN),
        Verbatim(text="B", origin=ORIGIN),
    )
    assert emit_args(c).endswith("-msg timestamp=on \\\nA \\\nB\n")


def test_argv_format_one_element_per_line():
    c = cmd(Option(flag="-m", value=Word("214"), origin=ORIGIN))
    assert emit_argv(c) == "/usr/bin/qemu-system-x86_64\n-m\n214\n"


def test_json_format_carries_env_argv_and_origins():
    c = cmd(Option(flag="-S", origin=Origin(producer="lower-freeze")), env=[("LC_ALL", "C")])
    doc = json.loads(emit_json(c))
    assert doc["env"] == {"LC_ALL": "C"}
    assert doc["argv"] == ["/usr/bin/qemu-system-x86_64", "-S"]
    assert doc["options"][0]["producer"] == "lower-freeze"


def test_shell_launcher_round_trips_through_shlex():
    tricky = ["it's", "$HOME", "`id`", "a b", "back\\slash", '"q"', "%s", "-"]
    c = cmd(*(Verbatim(text=w, origin=ORIGIN) for w in tricky), env=[("X", "a'b")])
    script = emit_shell(c)
    assert script.startswith("#!/bin/sh\n")
    exec_line = script[script.index("exec ") + 5 :].replace("\\\n", " ")
    assert shlex.split(exec_line) == argv_words(c)


def test_systemd_quote_escapes_specials():
    assert systemd_quote('a"b\\c%d$e') == '"a\\"b\\\\c%%d$$e"'


def test_systemd_unit_exec_start_unquotes_to_the_argv():
    from compiler.emit.systemd import emit_systemd
    from tests.test_escaping_properties import systemd_unquote

    tricky = ["%h", "$HOME", 'a"b', "back\\slash", "a b"]
    c = cmd(*(Verbatim(text=w, origin=ORIGIN) for w in tricky), env=[("X", "1%")])
    unit = emit_systemd(c)
    exec_start = unit[unit.index("ExecStart=") + 10 : unit.index("\nKillMode")]
    words = [w.strip() for w in exec_start.split(" \\\n")]
    assert [systemd_unquote(w) for w in words] == argv_words(c)
    assert 'Environment="X=1%%"' in unit
