"""Order the controllers as libvirt stores them and give every controller an index.

libvirt inserts each parsed controller next to the others of its type, sorted by index,
an EHCI master before its companions (virDomainControllerInsertPreAlloced); that order
decides PCI slot order and command-line order within a type. A controller written without
``index`` then gets the lowest index unused by its type, except that a USB2 companion
following another USB2 controller joins that controller's index when its model is not
taken there yet (virDomainAssignControllerIndexes). Duplicate (type, index) pairs are
refused, except that USB2 companions share their master's index.
Before: <controller type='pci' model='pcie-root'/> <controller type='pci' .../> (no index)
After:  Controller(pci, index=0), Controller(pci, index=1)
Postcondition: every controller has an index, unique per type (USB excepted).
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.controller import insert_controller, is_usb2
from compiler.ir.domain import Controller, Domain
from compiler.passmanager import Pass, PassContext


def assign_controller_indexes(dom: Domain, ctx: PassContext) -> Domain:
    ordered: tuple[Controller, ...] = ()
    for ctrl in dom.controllers:
        ordered = insert_controller(ordered, ctrl)
    ctrls = list(ordered)
    for pos, ctrl in enumerate(ctrls):
        if ctrl.index is None:
            ctrls[pos] = replace(ctrl, index=_pick_index(ctrls, pos))
    _refuse_duplicates(ctrls, ctx)
    return replace(dom, controllers=tuple(ctrls))


def _pick_index(ctrls: list[Controller], pos: int) -> int:
    ctrl = ctrls[pos]
    if pos > 0 and is_usb2(ctrl):
        prev = next((c for c in reversed(ctrls[:pos]) if c.type == "usb"), None)
        if (
            prev is not None
            and is_usb2(prev)
            and not any(
                c.type == "usb" and c.index == prev.index and c.model == ctrl.model for c in ctrls
            )
        ):
            assert prev.index is not None
            return prev.index
    used = {c.index for c in ctrls if c.type == ctrl.type}
    index = 0
    while index in used:
        index += 1
    return index


def _refuse_duplicates(ctrls: list[Controller], ctx: PassContext) -> None:
    # USB2 companions (<master startport>) share their EHCI master's index; any other
    # controller must be alone at its (type, index).
    seen: set[tuple[str, int | None]] = set()
    for ctrl in ctrls:
        key = (ctrl.type, ctrl.index)
        companion = ctrl.type == "usb" and ctrl.master_startport is not None
        if not companion and key in seen:
            ctx.error(
                codes.E301_ADDRESS_CONFLICT,
                ctrl.span,
                what=f"controller index {ctrl.index}",
                other=f"another {q(ctrl.type)} controller",
            )
        if not companion:
            seen.add(key)


PASS = Pass(
    name="assign-controller-indexes",
    run=assign_controller_indexes,
    summary="Order controllers as libvirt stores them; give index-less ones an index",
    ensures=lambda d: all(c.index is not None for c in d.controllers),
)
