"""Refuse key=value options whose implied first value QEMU would misread.

Every value inside a key=value option is comma-escaped by the emitter, so it can never
split into two keys. The one place escaping cannot help is the implied first element
('-cpu MODEL,...', '-machine TYPE,...'): QEMU reads a first element containing '=' as a key,
and 'help' or '?' as a request for help, and some options take a first '{' as JSON. Such
input is refused here, for every family at once, at the span of the element it came from.
Before: -cpu kv('x=1')         After: E108 at <model>; Command unchanged.
Postcondition: no key=value option has a head with '=' or a help request.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.command import Command, KeyValue, Option
from compiler.passmanager import Pass, PassContext

_HELP = frozenset({"help", "?"})


def refuse_unsafe_option_values(cmd: Command, ctx: PassContext) -> Command:
    for item in cmd.items:
        if not (isinstance(item, Option) and isinstance(item.value, KeyValue)):
            continue
        head = item.value.head
        reading = None if head is None else misreading(head)
        if head is not None and reading is not None:
            span = item.origin.span or Span(file="<input>", line=1, col=1)
            ctx.error(
                codes.E108_UNSAFE_OPTION_VALUE,
                span,
                value=q(head),
                option=item.flag,
                reading=reading,
            )
    return cmd


def misreading(head: str) -> str | None:
    """How QEMU would misread ``head`` as the first element of an option, if it would."""
    if "=" in head:
        return "a key=value pair"
    if head in _HELP:
        return "a help request"
    if head.lstrip().startswith("{"):
        return "a JSON object"
    return None


def _safe(cmd: Command) -> bool:
    return all(
        not (
            isinstance(i, Option)
            and isinstance(i.value, KeyValue)
            and i.value.head is not None
            and misreading(i.value.head)
        )
        for i in cmd.items
    )


PASS = Pass(
    name="refuse-unsafe-option-values",
    run=refuse_unsafe_option_values,
    summary="Refuse implied option values that QEMU would read as a key or a help request",
    ensures=_safe,
    stage="command",
)
