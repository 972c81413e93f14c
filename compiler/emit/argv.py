"""The ``argv`` and ``json`` formats, and the Command IR → argv word list."""

from __future__ import annotations

import json

from compiler.emit.escape import qemu_json, qemu_opt_escape
from compiler.ir.command import Command, JsonProps, KeyValue, Option, Value, Verbatim, Word


def render_value(value: Value) -> str:
    if isinstance(value, Word):
        return value.text
    if isinstance(value, JsonProps):
        return qemu_json(value.obj)
    parts = [] if value.head is None else [qemu_opt_escape(value.head)]
    for key, val in value.items:
        parts.append(key if val is None else f"{key}={qemu_opt_escape(val)}")
    return ",".join(parts)


def option_words(item: Option | Verbatim) -> list[str]:
    if isinstance(item, Verbatim):
        return [item.text]
    if item.value is None:
        return [item.flag]
    return [item.flag, render_value(item.value)]


def argv_words(cmd: Command) -> list[str]:
    words = [cmd.emulator]
    for item in cmd.items:
        words += option_words(item)
    return words


def emit_argv(cmd: Command) -> str:
    """One argv element per line. An element containing a newline cannot be represented;
    the gate refuses control characters, so none reaches here."""
    return "".join(f"{w}\n" for w in argv_words(cmd))


def emit_json(cmd: Command) -> str:
    options = []
    for item in cmd.items:
        origin = item.origin
        entry: dict[str, object] = {"argv": option_words(item), "producer": origin.producer}
        if origin.span is not None:
            entry["line"] = origin.span.line
            entry["col"] = origin.span.col
        options.append(entry)
    doc = {
        "env": dict(cmd.env),
        "argv": argv_words(cmd),
        "options": options,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


__all__ = ["KeyValue"]
