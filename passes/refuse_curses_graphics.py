"""Refuse <graphics type='curses'>.

The curses display draws the guest's text console on QEMU's own terminal; a daemonized
QEMU has none (stdio is /dev/null). VNC and SPICE give the same console remotely.
Before: <graphics type='curses'/>     After: E204 at <graphics>; Domain unchanged.
Postcondition: no curses graphics reach lowering.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext


def refuse_curses_graphics(dom: Domain, ctx: PassContext) -> Domain:
    for graphics in dom.graphics:
        if graphics.type == "curses":
            ctx.error(codes.E204_CURSES_GRAPHICS, graphics.span)
    return dom


PASS = Pass(
    name="refuse-curses-graphics",
    run=refuse_curses_graphics,
    summary="Refuse curses graphics (they draw on the terminal)",
    ensures=lambda d: all(g.type != "curses" for g in d.graphics),
)
