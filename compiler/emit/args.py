"""libvirt's test-file format (virCommandToStringBuf with line breaks), HARNESS.md §3.3.

Environment lines first, then the emulator, then the arguments. An argument starting with
'-' always starts a new line; a bare argument stays on the current line when it follows
an option or when any later argument is an option.
"""

from __future__ import annotations

from compiler.emit.argv import option_words
from compiler.emit.escape import libvirt_shell_quote
from compiler.ir.command import Command


def emit_args(cmd: Command) -> str:
    out: list[str] = []
    for name, value in cmd.env:
        out.append(f"{name}={libvirt_shell_quote(value)} \\\n")
    out.append(libvirt_shell_quote(cmd.emulator))
    words: list[str] = []
    for item in cmd.items:
        words += option_words(item)
    # later_option[i]: some word at index >= i starts with '-'
    later_option = [False] * (len(words) + 1)
    for i in range(len(words) - 1, -1, -1):
        later_option[i] = later_option[i + 1] or words[i].startswith("-")
    prev_is_option = False
    for i, word in enumerate(words):
        is_option = word.startswith("-")
        if is_option or not (prev_is_option or later_option[i]):
            out.append(" \\\n")
        else:
            out.append(" ")
        out.append(libvirt_shell_quote(word))
        prev_is_option = is_option
    out.append("\n")
    return "".join(out)
