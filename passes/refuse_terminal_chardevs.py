"""Refuse character devices whose path is the terminal or a standard stream.

type='stdio' has no code path at all (the reader refuses it, E201); a file, dev or pipe
backend, or a chardev log, pointed at /dev/tty, /dev/stdout, /dev/fd/1, /proc/self/fd/0...
reaches the same streams, so it is refused the same way. Every ChardevSource in the tree
is checked (serials, consoles, channels, parallels, smartcards, rng and redirdev backends).
Before: <serial type='file'><source path='/dev/stdout'/></serial>
After:  E202 at <serial>; Domain unchanged.
Postcondition: no chardev source or log path names a terminal or standard stream.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import ChardevSource, Domain
from compiler.ir.query import is_terminal
from compiler.passmanager import Pass, PassContext

_PATH_BACKENDS = frozenset({"dev", "file", "pipe"})


def chardev_sources(node: Any) -> Iterator[ChardevSource]:
    """Every ChardevSource in an IR tree, in document order."""
    if isinstance(node, ChardevSource):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from chardev_sources(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from chardev_sources(getattr(node, field.name))


def refuse_terminal_chardevs(dom: Domain, ctx: PassContext) -> Domain:
    for src in chardev_sources(dom):
        paths = [("source path", src.path)] if src.type in _PATH_BACKENDS and src.path else []
        if src.log_file:
            paths.append(("log file", src.log_file))
        for what, path in paths:
            if is_terminal(path):
                ctx.error(codes.E202_TERMINAL_CHARDEV, src.span, what=what, path=q(path))
    return dom


PASS = Pass(
    name="refuse-terminal-chardevs",
    run=refuse_terminal_chardevs,
    summary="Refuse chardev paths and logs that name the terminal or a standard stream",
    ensures=lambda d: (
        not any(
            (s.path and s.type in _PATH_BACKENDS and is_terminal(s.path))
            or (s.log_file and is_terminal(s.log_file))
            for s in chardev_sources(d)
        )
    ),
)
