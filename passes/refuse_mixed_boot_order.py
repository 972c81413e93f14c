"""Refuse per-device <boot order> together with <os><boot dev>.

libvirt (virDomainDefBootOrderPostParse) accepts one way of choosing the boot devices:
either the legacy <os><boot dev='...'/> list or a <boot order='N'/> on devices, never
both, because the two would give conflicting orders to the firmware.
Before: <os><boot dev='hd'/></os> ... <interface><boot order='2'/></interface>
After:  E104 at <interface>; Domain unchanged.
Postcondition: if any device has a boot order, os.boot.devices is empty.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.domain import Domain
from compiler.ir.query import all_devices
from compiler.passmanager import Pass, PassContext


def refuse_mixed_boot_order(dom: Domain, ctx: PassContext) -> Domain:
    if not dom.os.boot.devices:
        return dom
    for dev in all_devices(dom):
        if dev.info.boot_order is not None:
            ctx.error(
                codes.E104_INVALID_CONFIG,
                dev.span,
                detail="per-device <boot order> cannot be used together with <os><boot dev>",
            )
            break
    return dom


def _consistent(dom: Domain) -> bool:
    return not dom.os.boot.devices or all(d.info.boot_order is None for d in all_devices(dom))


PASS = Pass(
    name="refuse-mixed-boot-order",
    run=refuse_mixed_boot_order,
    summary="Refuse per-device <boot order> together with <os><boot dev>",
    ensures=_consistent,
)
