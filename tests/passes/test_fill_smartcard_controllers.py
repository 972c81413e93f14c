"""fill-smartcard-controllers: CCID slots and implicit CCID controllers."""

from __future__ import annotations

from compiler.ir.chardev import Smartcard
from compiler.ir.common import DeviceInfo, OtherAddress
from passes.fill_smartcard_controllers import ccid_slot, fill_smartcard_controllers
from tests.passes.chardev_builders import SPAN, context, domain


def _card(controller: int | None = None, slot: int = 0) -> Smartcard:
    attrs = (("controller", str(controller)), ("slot", str(slot)))
    address = None if controller is None else OtherAddress(type="ccid", attrs=attrs)
    return Smartcard(span=SPAN, mode="host", info=DeviceInfo(address=address))


def test_card_without_address_gets_slot_zero_and_a_reader() -> None:
    out = fill_smartcard_controllers(domain(smartcards=(_card(),)), context())
    assert ccid_slot(out.smartcards[0]) == (0, 0)
    assert [(c.type, c.index, c.implicit) for c in out.controllers] == [("ccid", 0, True)]


def test_next_slot_follows_the_highest_on_controller_zero() -> None:
    out = fill_smartcard_controllers(domain(smartcards=(_card(0, 2), _card())), context())
    assert ccid_slot(out.smartcards[1]) == (0, 3)


def test_addressed_card_adds_its_controller() -> None:
    out = fill_smartcard_controllers(domain(smartcards=(_card(1, 0),)), context())
    assert [(c.type, c.index) for c in out.controllers] == [("ccid", 1)]
