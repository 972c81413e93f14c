"""Refuse <qemu:arg> passthrough that would reach stdio, the terminal or a network script.

Passthrough words are split into options as QEMU's own parser splits them (an option that
takes an argument consumes the next word whatever it is; '--opt' is '-opt'; we also accept
'-opt=value'), and option values are parsed as QemuOpts (an implied first key, key=value,
',,' for a literal comma) or as JSON. So '-chardev stdio,id=x', '--serial=mon:stdio',
'-netdev {"type":"tap"}' are all seen for what they are; substrings are never matched.
Before: <qemu:arg value='-serial'/><qemu:arg value='mon:stdio'/>
After:  E210 at the first <qemu:arg>; Domain unchanged.
Postcondition: no passthrough word wires a device to stdio, a terminal, or a script.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.domain import Domain
from compiler.ir.query import is_terminal
from compiler.passmanager import Pass, PassContext

# Options whose argument is a character-device spec ("stdio", "mon:stdio", "file:/x"...).
_CHARDEV_SPEC_OPTIONS = frozenset(
    {"serial", "parallel", "monitor", "qmp", "qmp-pretty", "debugcon", "gdb", "virtioconsole"}
)
_NET_OPTIONS = frozenset({"netdev", "net", "nic"})
_SET_GROUPS = frozenset({"chardev", "netdev", "net", "mon", "serial", "display"})


@dataclass(frozen=True, slots=True)
class QemuOption:
    name: str  # without dashes
    value: str | None
    span: Span


def split_options(
    words: list[tuple[str, Span]], with_argument: frozenset[str]
) -> Iterator[QemuOption]:
    """Group argv words into options the way QEMU's command-line parser does."""
    i = 0
    while i < len(words):
        word, span = words[i]
        i += 1
        if not word.startswith("-") or word == "-":
            continue  # QEMU takes a bare word as a disk image: no option
        name = word[2:] if word.startswith("--") else word[1:]
        value = None
        if "=" in name:
            name, value = name.split("=", 1)
        elif name in with_argument and i < len(words):
            value = words[i][0]
            i += 1
        yield QemuOption(name=name, value=value, span=span)


def parse_opts(value: str, implied: str) -> dict[str, str]:
    """QemuOpts: 'a,b=c,,d' → {implied: 'a', 'b': 'c,d'}; JSON objects are flattened."""
    text = value.strip()
    if text.startswith("{"):
        try:
            return _flatten(json.loads(text))
        except (ValueError, RecursionError):
            return {implied: text}
    parts: list[str] = []
    cur = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == ",":
            if value[i + 1 : i + 2] == ",":
                cur += ","
                i += 2
                continue
            parts.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    parts.append(cur)
    opts: dict[str, str] = {}
    for n, part in enumerate(parts):
        if "=" in part:
            key, val = part.split("=", 1)
            opts[key] = val
        elif n == 0:
            opts[implied] = part
        else:
            opts[part] = "on"
    return opts


def _flatten(obj: object, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    if isinstance(obj, dict):
        for key, val in obj.items():
            flat.update(_flatten(val, f"{prefix}{key}."))
            if not isinstance(val, dict | list):
                flat[str(key)] = str(val)  # also by its bare key: 'type', 'path'
    elif isinstance(obj, list):
        for n, val in enumerate(obj):
            flat.update(_flatten(val, f"{prefix}{n}."))
    else:
        flat[prefix.rstrip(".")] = str(obj)
    return flat


def refuse_passthrough_hazards(dom: Domain, ctx: PassContext) -> Domain:
    words = [(arg.value, arg.span) for arg in dom.qemu.args]
    for opt in split_options(words, ctx.target.options_with_argument):
        _check(opt, ctx)
    return dom


def _check(opt: QemuOption, ctx: PassContext) -> None:
    name, value = opt.name, opt.value or ""
    shown = f"-{name}"
    if name in _CHARDEV_SPEC_OPTIONS:
        spec = value.removeprefix("mon:")
        if spec == "stdio" or spec.startswith("stdio,") or is_terminal(spec.split(":", 1)[-1]):
            ctx.error(codes.E210_PASSTHROUGH_STDIO, opt.span, option=shown, value=q(value))
    elif name == "chardev":
        opts = parse_opts(value, "backend")
        backend = opts.get("backend", opts.get("type", ""))
        paths = [v for k, v in opts.items() if k == "path" or k.endswith(".path")]
        if backend == "stdio" or "stdio" in opts.values() or any(map(is_terminal, paths)):
            ctx.error(codes.E210_PASSTHROUGH_STDIO, opt.span, option=shown, value=q(value))
    elif name in ("nographic", "curses") or (
        name == "display" and parse_opts(value, "type").get("type") == "curses"
    ):
        ctx.error(codes.E211_PASSTHROUGH_TERMINAL_DISPLAY, opt.span, option=shown)
    elif name == "daemonize":
        ctx.error(codes.E212_PASSTHROUGH_DAEMONIZE, opt.span)
    elif name in _NET_OPTIONS:
        opts = parse_opts(value, "type")
        if _runs_script(opts):
            ctx.error(codes.E213_PASSTHROUGH_NET_SCRIPT, opt.span, option=shown, value=q(value))
    elif name in ("sandbox", "readconfig") or (
        name == "set" and value.split(".", 1)[0] in _SET_GROUPS
    ):
        ctx.error(codes.E214_PASSTHROUGH_SANDBOX, opt.span, option=shown)


def _runs_script(opts: dict[str, str]) -> bool:
    kind = opts.get("type", "")
    if kind not in ("tap", "bridge"):
        return False
    for key in ("script", "downscript"):
        if opts.get(key, "no" if kind == "bridge" else None) != "no":
            # A tap without script=no runs /etc/qemu-ifup unless it is handed an fd.
            if kind == "tap" and key not in opts and ("fd" in opts or "fds" in opts):
                continue
            return True
    return False


PASS = Pass(
    name="refuse-passthrough-hazards",
    run=refuse_passthrough_hazards,
    summary="Refuse passthrough that reaches stdio, the terminal or a network script",
)
