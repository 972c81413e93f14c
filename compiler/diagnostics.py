"""Source spans, coded diagnostics and their renderings.

Every refusal in xml2argv is a :class:`Diagnostic` with a :class:`Span`, so that a user
sees ``FILE:LINE:COL: error[CODE]: message`` and a ``help:`` line, never a traceback.
Internal bugs are not diagnostics: they raise :class:`IRInvariantError` (exit status 70).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from compiler.codes import Code

Severity = Literal["error", "warning", "note"]

_REPR_LIMIT = 80


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Where something came from in the input document."""

    file: str
    line: int  # 1-based
    col: int  # 1-based; the column of '<' of the start tag
    approx: bool = False  # True when only the line is known


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    code: Code
    severity: Severity
    span: Span
    message: str


class IRInvariantError(Exception):
    """An IR invariant was broken: a bug in xml2argv, never the user's fault."""


class DiagnosticError(Exception):
    """Raised by the stages before the PassManager (gate, schema, readers) to stop a compile."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def q(value: object) -> str:
    """Quote a user-supplied value for a message: ``repr()`` (escapes controls), truncated."""
    text = str(value)
    if len(text) > _REPR_LIMIT:
        text = text[: _REPR_LIMIT - 3] + "..."
    return repr(text)


def make(code: Code, span: Span, severity: Severity = "error", **args: object) -> Diagnostic:
    """Build a diagnostic from a code's template. Callers quote user values with :func:`q`."""
    message = code.template.format(**args)
    return Diagnostic(code=code, severity=severity, span=span, message=message)


def render_short(diag: Diagnostic) -> str:
    s = diag.span
    head = f"{s.file}:{s.line}:{s.col}: {diag.severity}[{diag.code.id}]: {diag.message}"
    return f"{head}\n  = help: {diag.code.help}\n"


def render_full(diag: Diagnostic, source_lines: list[str] | None) -> str:
    """ruff-style: the short form plus the source line with a caret under the column."""
    out = render_short(diag)
    if source_lines and 1 <= diag.span.line <= len(source_lines):
        text = source_lines[diag.span.line - 1].rstrip("\n")
        gutter = str(diag.span.line)
        pad = " " * len(gutter)
        caret = " " * (diag.span.col - 1) + "^"
        out = out.replace(
            "\n  = help", f"\n{pad} |\n{gutter} | {text}\n{pad} | {caret}\n  = help", 1
        )
    return out


def render_json(diag: Diagnostic) -> str:
    return (
        json.dumps(
            {
                "file": diag.span.file,
                "line": diag.span.line,
                "col": diag.span.col,
                "severity": diag.severity,
                "code": diag.code.id,
                "slug": diag.code.slug,
                "message": diag.message,
                "help": diag.code.help,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
