"""Mutation fuzzing of domain XML, shared by tests/test_fuzz.py and tools/fuzz.py.

A mutation takes a seed document (a golden or corpus input) and changes one thing with a
hostile flavour: an attribute value full of commas, quotes, control or bidi characters, a
deleted or duplicated element, text replaced, a namespace swapped. ``check`` compiles the
result and asserts the contract every input must keep.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from lxml import etree

from compiler import driver
from compiler.emit.argv import render_value
from compiler.ir.command import JsonProps, KeyValue, Option
from compiler.profiles import HostProfile

ROOT = Path(__file__).resolve().parent.parent
QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0"
NASTY = [
    ",",
    ",,",
    ",server=on",
    "a,b=c",
    "'",
    '"',
    "`id`",
    "$(id)",
    "${HOME}",
    "%s%n",
    "\\",
    "-S",
    "--daemonize",
    "help",
    "?",
    "=",
    "stdio",
    "mon:stdio",
    "/dev/tty",
    "../../etc",
    "\u202e",
    "\u200b",
    "\u2028",
    "\x7f",
    "\x85",
    "\ufeff",
    "\t",
    " ",
    "",
    "0",
    "-1",
    "18446744073709551616",
    "0x",
    "1e3",
    "ünïcödé",
    "a" * 300,
    "<",
    "&",
    "{",
    "}",
    "/var/lib/x,y",
    "unix:/tmp/s",
    "tcp:0:4444",
    "file:/dev/stdout",
    "null",
    "none",
]
NAMESPACES = [QEMU_NS, QEMU_NS + "/", "http://libvirt.org/schemas/domain/qemu/2.0", "urn:evil", ""]
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def seeds() -> list[Path]:
    golden = sorted((ROOT / "golden").glob("*/*.xml"))
    corpus_dir = ROOT.parent / "shared" / "conformance" / "libvirt-9.0" / "cases"
    corpus = sorted(corpus_dir.glob("*.xml")) if corpus_dir.is_dir() else []
    return golden + corpus


def nasty_value(rng: random.Random) -> str:
    parts = [rng.choice(NASTY) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        parts.append("".join(chr(rng.randint(1, 0x3000)) for _ in range(rng.randint(1, 5))))
    return "".join(parts)


def mutate(data: bytes, rng: random.Random, rounds: int = 1) -> bytes:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    for _ in range(rounds):
        elems = [e for e in root.iter() if isinstance(e.tag, str)]
        target = rng.choice(elems)
        op = rng.randrange(6)
        if op == 0 and target.attrib:
            name = rng.choice(sorted(target.attrib))
            target.set(name, _xml_safe(nasty_value(rng)))
        elif op == 1 and target is not root:
            target.getparent().remove(target)
        elif op == 2 and target is not root:
            target.addnext(etree.fromstring(etree.tostring(target), _PARSER))
        elif op == 3:
            target.text = _xml_safe(nasty_value(rng))
        elif op == 4 and target is not root:
            uri = rng.choice(NAMESPACES)
            local = etree.QName(target).localname
            target.tag = f"{{{uri}}}{local}" if uri else local
        else:
            target.set(
                rng.choice(
                    [
                        "type",
                        "model",
                        "bus",
                        "dev",
                        "path",
                        "name",
                        "value",
                        "alias",
                        "index",
                        "port",
                    ]
                ),
                _xml_safe(nasty_value(rng)),
            )
    return etree.tostring(root)


def _xml_safe(text: str) -> str:
    # lxml cannot even represent characters XML forbids; the gate tests cover raw bytes.
    return "".join(ch for ch in text if ch in "\t\n\r" or (ch >= " " and ch != "\ufffe"))


def check(data: bytes) -> driver.Result:
    """Compile twice; assert determinism and, on success, that every value stayed whole."""
    options = driver.CompileOptions(
        target="qemu-7.2.50", profile="libvirt-test", host=HostProfile.fixed(), verify_ir=True
    )
    first = driver.compile_bytes(data, filename="fuzz.xml", options=options)
    second = driver.compile_bytes(data, filename="fuzz.xml", options=options)
    assert first.argv == second.argv and first.env == second.env
    assert [d.message for d in first.diagnostics] == [d.message for d in second.diagnostics]
    if not first.ok:
        assert any(d.severity == "error" for d in first.diagnostics)
        for diag in first.diagnostics:
            assert diag.span.line >= 1 and diag.span.col >= 1
            assert "\n" not in diag.message
        return first
    assert first.command is not None
    for word in first.argv:
        assert "\x00" not in word and "\n" not in word
    for item in first.command.items:
        if isinstance(item, Option) and isinstance(item.value, KeyValue):
            _assert_whole(item.value)
        elif isinstance(item, Option) and isinstance(item.value, JsonProps):
            json.loads(render_value(item.value))
    return first


def _assert_whole(value: KeyValue) -> None:
    from passes.refuse_passthrough_hazards import parse_opts

    parsed = parse_opts(render_value(value), "\x00head")
    expected = {k: ("on" if v is None else v) for k, v in value.items}
    head = parsed.pop("\x00head", None)
    assert head == value.head or (value.head is None and head in (None, ""))
    assert parsed == expected, (value, parsed)
