"""``ir_print``: a deterministic, indented text form of either IR.

Used by ``--dump-ir-after`` and by the pass unit tests, which assert on this text. Fields
equal to their default are left out, so a dump shows what a pass decided; spans print as
``@LINE:COL`` so that moving a node is visible without the noise of file names.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from compiler.diagnostics import Span
from compiler.ir.command import Command, JsonProps, KeyValue, Obj, Option, Verbatim, Word


def ir_print(node: object) -> str:
    if isinstance(node, Command):
        return _print_command(node)
    lines: list[str] = []
    _emit(node, 0, lines, label=None)
    return "\n".join(lines) + "\n"


def _span(span: Span) -> str:
    return f"@{span.line}:{span.col}" + ("~" if span.approx else "")


def _scalar(value: Any) -> str:
    if isinstance(value, Span):
        return _span(value)
    return repr(value)


def _emit(node: Any, depth: int, lines: list[str], label: str | None) -> None:
    pad = "  " * depth
    prefix = f"{label}: " if label else ""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        span = getattr(node, "span", None)
        where = f" {_span(span)}" if isinstance(span, Span) else ""
        lines.append(f"{pad}{prefix}{type(node).__name__}{where}")
        for field in dataclasses.fields(node):
            if field.name == "span":
                continue
            value = getattr(node, field.name)
            if _is_default(field, value):
                continue
            _emit(value, depth + 1, lines, label=field.name)
    elif (
        isinstance(node, tuple)
        and node
        and any(dataclasses.is_dataclass(v) or isinstance(v, tuple) for v in node)
    ):
        lines.append(f"{pad}{prefix}[{len(node)}]")
        for item in node:
            _emit(item, depth + 1, lines, label=None)
    else:
        lines.append(f"{pad}{prefix}{_scalar(node)}")


def _is_default(field: dataclasses.Field[Any], value: Any) -> bool:
    if field.default is not dataclasses.MISSING:
        return bool(value == field.default)
    if field.default_factory is not dataclasses.MISSING:
        return bool(value == field.default_factory())
    return False


def _print_command(cmd: Command) -> str:
    lines = [f"emulator {cmd.emulator}"]
    lines += [f"env {k}={v!r}" for k, v in cmd.env]
    for item in cmd.items:
        if isinstance(item, Verbatim):
            lines.append(f"verbatim {item.text!r}  # {item.origin.producer}")
            continue
        lines.append(f"{item.flag} {_value(item)}  # {item.origin.producer}".rstrip())
    return "\n".join(lines) + "\n"


def _value(opt: Option) -> str:
    v = opt.value
    if v is None:
        return ""
    if isinstance(v, Word):
        return repr(v.text)
    if isinstance(v, KeyValue):
        parts = [] if v.head is None else [repr(v.head)]
        parts += [k if val is None else f"{k}={val!r}" for k, val in v.items]
        return "kv(" + ", ".join(parts) + ")"
    assert isinstance(v, JsonProps)
    return "json" + json.dumps(to_plain(v.obj), separators=(",", ":"))


def to_plain(value: object) -> object:
    """Obj/tuple trees → dict/list trees for json.dumps (insertion order kept)."""
    if isinstance(value, Obj):
        return {k: to_plain(v) for k, v in value.items}
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    return value
