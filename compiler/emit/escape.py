"""One escaping function per sink (HOSTILE-INPUT.md §3). No other code builds these strings.

* ``qemu_opt_escape``: a value inside a QEMU key=value option: every ',' doubled.
* ``qemu_json``: a JSON option value: compact json.dumps, insertion order, no escaping of ','.
* ``libvirt_shell_quote``: libvirt's virBufferEscapeShell, for the ``args`` format.
* ``shell_quote``: POSIX shell quoting for launcher scripts (shlex.quote).
* ``systemd_quote``: one ExecStart= word.
"""

from __future__ import annotations

import json
import re
import shlex

from compiler.ir.command import Obj
from compiler.ir.printing import to_plain


def qemu_opt_escape(value: str) -> str:
    return value.replace(",", ",,")


def qemu_json(obj: Obj) -> str:
    return json.dumps(to_plain(obj), separators=(",", ":"), ensure_ascii=False)


# virBufferEscapeShell quotes when any of these is present.
_SHELL_SPECIAL = re.compile(r"[\r\t\n !\"#$&'()*;<>?\[\\\]^`{|}~]")


def libvirt_shell_quote(word: str) -> str:
    if word == "":
        return "''"
    if not _SHELL_SPECIAL.search(word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def shell_quote(word: str) -> str:
    return shlex.quote(word)


def systemd_quote(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'
