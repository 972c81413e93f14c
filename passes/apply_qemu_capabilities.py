"""Apply <qemu:capabilities> add/del to this domain's copy of the target's capabilities.

libvirt applies the namespace's capability overrides to the per-VM copy of the QEMU
capabilities before anything is built (qemuProcessStartUpdateCustomCaps), so every later
decision that consults a flag sees the overridden set. An unknown name is an error: a
misspelt flag must not be silently ignored. This pass replaces ``ctx.target`` (the only
pass that does); the Domain IR is unchanged.
Before: target caps {..., 'no-acpi'}, <qemu:del capability='no-acpi'/>
After:  ctx.target.caps without 'no-acpi' (so no -no-acpi is emitted)
Postcondition: the Domain is unchanged.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext
from compiler.targets import known_capabilities, with_caps


def apply_qemu_capabilities(dom: Domain, ctx: PassContext) -> Domain:
    ns = dom.qemu
    if not ns.caps_add and not ns.caps_del:
        return dom
    known = known_capabilities()
    for span, name in (*ns.caps_add, *ns.caps_del):
        if name not in known:
            ctx.error(codes.E102_UNSUPPORTED_VALUE, span, what="qemu capability", value=q(name))
    if ctx.has_errors():
        return dom
    add = frozenset(name for _span, name in ns.caps_add)
    remove = frozenset(name for _span, name in ns.caps_del)
    ctx.target = with_caps(ctx.target, add, remove)
    return dom


PASS = Pass(
    name="apply-qemu-capabilities",
    run=apply_qemu_capabilities,
    summary="Apply <qemu:capabilities> add/del to this domain's target capabilities",
)
