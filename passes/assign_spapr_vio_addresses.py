"""Put spapr-vio devices on the VIO bus, as libvirt's qemuDomainAssignSpaprVIOAddresses.

The ibmvscsi SCSI controller is a VIO device whatever the machine: libvirt gives it a
spapr-vio address (replacing any other) before PCI addresses are assigned, so it takes no
PCI slot. A device without a ``reg`` gets its family's default register, moved up by
0x1000 while another VIO device holds it; a ``reg`` written in the XML that is taken is
refused. :data:`CONSUMERS` lists the families (a family adds its entry, in libvirt's
order: NICs, controllers, serials, NVRAM, TPMs).
Before: <controller type='scsi' model='ibmvscsi'/>
After:  Controller.info.address = OtherAddress(type='spapr-vio', attrs=(('reg', '0x2000'),))
Postcondition: every VIO device has a unique ``reg``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from compiler import codes
from compiler.ir.domain import Domain, OtherAddress
from compiler.passmanager import Pass, PassContext

VIO = "spapr-vio"
_STEP = 0x1000

# (Domain field, which of its devices are VIO devices, their default register).
CONSUMERS: tuple[tuple[str, Callable[[Any], bool], int], ...] = (
    ("controllers", lambda c: c.type == "scsi" and c.model == "ibmvscsi", 0x2000),
)


def assign_spapr_vio_addresses(dom: Domain, ctx: PassContext) -> Domain:
    taken = {r for dev in _vio_devices(dom) if (r := _reg(dev.info.address)) is not None}
    changes: dict[str, Any] = {}
    for field_name, is_vio, default in CONSUMERS:
        items = list(changes.get(field_name, getattr(dom, field_name)))
        for i, dev in enumerate(items):
            if not is_vio(dev):
                continue
            given = _reg(dev.info.address)
            if given is not None:
                continue
            reg = default
            while reg in taken:
                reg += _STEP
            taken.add(reg)
            address = OtherAddress(type=VIO, attrs=(("reg", hex(reg)),))
            items[i] = replace(dev, info=replace(dev.info, address=address))
        changes[field_name] = tuple(items)
    _refuse_shared_regs(dom, ctx)
    return replace(dom, **changes)


def _vio_devices(dom: Domain) -> list[Any]:
    return [
        dev
        for field_name, _is_vio, _default in CONSUMERS
        for dev in getattr(dom, field_name)
        if _reg(dev.info.address) is not None
    ]


def _refuse_shared_regs(dom: Domain, ctx: PassContext) -> None:
    seen: set[int] = set()
    for dev in _vio_devices(dom):
        reg = _reg(dev.info.address)
        if reg in seen:
            ctx.error(
                codes.E301_ADDRESS_CONFLICT,
                dev.span,
                what=f"spapr-vio address {reg:#x}",
                other="another device",
            )
        seen.add(reg or 0)


def _reg(addr: object) -> int | None:
    if isinstance(addr, OtherAddress) and addr.type == VIO:
        value = dict(addr.attrs).get("reg")
        return None if value is None else int(value, 0)
    return None


PASS = Pass(
    name="assign-spapr-vio-addresses",
    run=assign_spapr_vio_addresses,
    summary="Give spapr-vio devices (ibmvscsi) their VIO register, before PCI addresses",
    ensures=lambda d: all(
        _reg(dev.info.address) is not None
        for field_name, is_vio, _default in CONSUMERS
        for dev in getattr(d, field_name)
        if is_vio(dev)
    ),
)
