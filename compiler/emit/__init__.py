"""Command IR → text. Emitters only format; every decision was made before them.

Formats: ``argv`` (one argv element per line), ``json`` (env, argv and each option's
origin), ``args`` (libvirt's test-file format), ``shell`` (a launcher script),
``systemd`` (a service unit).
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.emit.args import emit_args
from compiler.emit.argv import argv_words, emit_argv, emit_json
from compiler.ir.command import Command

FORMATS: dict[str, Callable[[Command], str]] = {
    "argv": emit_argv,
    "json": emit_json,
    "args": emit_args,
}


def emit_shell(cmd: Command) -> str:
    from compiler.emit.shell import emit_shell as render  # jinja2 only when asked for

    return render(cmd)


def emit_systemd(cmd: Command) -> str:
    from compiler.emit.systemd import emit_systemd as render  # jinja2 only when asked for

    return render(cmd)


FORMATS["shell"] = emit_shell
FORMATS["systemd"] = emit_systemd

__all__ = ["FORMATS", "argv_words"]
