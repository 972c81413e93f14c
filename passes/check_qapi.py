"""With --check-qapi, check every JSON -blockdev, -netdev and -object against QEMU's QAPI.

The target's query-qmp-schema data says which members each option takes, which are
required, and their types; libvirt's test suite checks its own output the same way. A
mismatch is reported at the span of the element the option came from.
Before: -netdev {"type":"tap","fd":3}     After: E109 (fd must be a string)
Postcondition: the Command is unchanged.
"""

from __future__ import annotations

from compiler import codes, qapi
from compiler.diagnostics import Span
from compiler.ir.command import Command, JsonProps, Option
from compiler.ir.printing import to_plain
from compiler.passmanager import Pass, PassContext


def check_qapi(cmd: Command, ctx: PassContext) -> Command:
    if not ctx.check_qapi:
        return cmd
    schema = qapi.load(ctx.target.name)
    if schema is None:
        return cmd
    for item in cmd.items:
        if isinstance(item, Option) and isinstance(item.value, JsonProps):
            problems = qapi.errors(schema, item.flag, to_plain(item.value.obj))
            span = item.origin.span or Span(file="<input>", line=1, col=1)
            for detail in problems[:3]:
                ctx.error(
                    codes.E109_QAPI_MISMATCH,
                    span,
                    option=item.flag,
                    target=ctx.target.name,
                    detail=detail,
                )
    return cmd


PASS = Pass(
    name="check-qapi",
    run=check_qapi,
    summary="With --check-qapi, check JSON options against the target's QAPI schema",
    stage="command",
)
