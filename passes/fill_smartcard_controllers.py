"""Give smartcards their CCID slot and add the CCID controllers (USB readers) they need.

libvirt's virDomainDefMaybeAddSmartcardController: a smartcard without an address goes to
CCID controller 0, one slot past the highest slot used there; a missing CCID controller
is added after the other controllers, as libvirt adds implicit controllers.
Before: <smartcard mode='host'/>, no <controller type='ccid'>.
After:  smartcard at ccid 0:0; Controller(type='ccid', index=0, implicit=True).
Postcondition: every smartcard has a CCID address whose controller exists.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.chardev import Smartcard
from compiler.ir.common import OtherAddress
from compiler.ir.controller import Controller, insert_controller
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext


def fill_smartcard_controllers(dom: Domain, ctx: PassContext) -> Domain:
    cards = list(dom.smartcards)
    ctrls = dom.controllers
    for i, card in enumerate(cards):
        if ccid_slot(card) is None:
            taken = [
                s[1] for j, c in enumerate(cards) if j != i and (s := ccid_slot(c)) and s[0] == 0
            ]
            address = OtherAddress(
                type="ccid", attrs=(("controller", "0"), ("slot", str(max(taken, default=-1) + 1)))
            )
            card = cards[i] = replace(card, info=replace(card.info, address=address))
        index = _slot(card)[0]
        if not any(c.type == "ccid" and c.index == index for c in ctrls):
            ctrls = insert_controller(
                ctrls, Controller(span=card.span, type="ccid", index=index, implicit=True)
            )
    return replace(dom, smartcards=tuple(cards), controllers=ctrls)


def ccid_slot(card: Smartcard) -> tuple[int, int] | None:
    """(controller, slot) of a CCID address, None without one."""
    addr = card.info.address
    if not isinstance(addr, OtherAddress) or addr.type != "ccid":
        return None
    attrs = dict(addr.attrs)
    return int(attrs.get("controller", "0"), 0), int(attrs.get("slot", "0"), 0)


def _slot(card: Smartcard) -> tuple[int, int]:
    return ccid_slot(card) or (0, 0)


def _ok(dom: Domain) -> bool:
    have = {c.index for c in dom.controllers if c.type == "ccid"}
    return all((s := ccid_slot(c)) is not None and s[0] in have for c in dom.smartcards)


PASS = Pass(
    name="fill-smartcard-controllers",
    run=fill_smartcard_controllers,
    summary="Give smartcards a CCID slot and add the CCID controllers they need",
    ensures=_ok,
)
