"""Refuse two devices with the same user alias (<alias name='ua-...'/>).

User aliases become QEMU ids and the handles of qemu:override, so they must be unique.
This runs first: every later pass (and the IR verifier after it) may rely on aliases
being unique.
Before: two <disk> with <alias name='ua-data'/>   After: E305 at the second; unchanged.
Postcondition: user aliases are unique.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain
from compiler.ir.query import all_devices
from compiler.passmanager import Pass, PassContext


def refuse_duplicate_aliases(dom: Domain, ctx: PassContext) -> Domain:
    seen: set[str] = set()
    for dev in all_devices(dom):
        info = dev.info
        if info is None or not info.user_alias or info.alias is None:
            continue
        if info.alias in seen:
            ctx.error(codes.E305_DUPLICATE_ALIAS, dev.span, value=q(info.alias))
        seen.add(info.alias)
    return dom


PASS = Pass(
    name="refuse-duplicate-aliases",
    run=refuse_duplicate_aliases,
    summary="Refuse user aliases used by more than one device",
)
