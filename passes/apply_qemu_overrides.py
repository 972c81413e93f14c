"""Apply <qemu:override> device properties to the -device options they name.

For every -device whose JSON 'id' equals the override's alias, each property is removed
and, unless its type is 'remove', re-appended at the end with its typed value, in document
order (libvirt's qemuBuildDeviceCommandlineHandleOverrides). Overriding 'id', a 'remove'
with a value, a bad number or bool, and an alias that matches no device are errors.
Before: -device {"driver":"ide-hd",...,"id":"ua-disk","bootindex":1}, property prop1=v
After:  -device {"driver":"ide-hd",...,"id":"ua-disk","bootindex":1,"prop1":"v"}
Postcondition: no -device carries a property that an override removed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Command, JsonProps, Obj, Option
from compiler.ir.domain import QemuOverrideProperty
from compiler.passmanager import Pass, PassContext

_INTEGER = re.compile(r"-?[0-9]+\Z")
_INT64 = (-(2**63), 2**63 - 1)
_UINT64 = (0, 2**64 - 1)


def apply_qemu_overrides(cmd: Command, ctx: PassContext) -> Command:
    overrides = ctx.domain.qemu.overrides if ctx.domain is not None else ()
    if not overrides:
        return cmd
    items = list(cmd.items)
    for override in overrides:
        matched = False
        for i, item in enumerate(items):
            if not (
                isinstance(item, Option)
                and item.flag == "-device"
                and isinstance(item.value, JsonProps)
                and item.value.obj.get("id") == override.alias
            ):
                continue
            matched = True
            obj = item.value.obj
            for prop in override.properties:
                value = _typed(prop, ctx)
                if value is _ERROR:
                    return cmd
                pairs = tuple((k, v) for k, v in obj.items if k != prop.name)
                if prop.type != "remove":
                    pairs += ((prop.name, value),)
                obj = Obj(pairs)
            items[i] = replace(item, value=JsonProps(obj))
        if not matched:
            ctx.error(
                codes.E104_INVALID_CONFIG,
                override.span,
                detail=f"qemu:override alias {q(override.alias)} matches no device",
            )
    return replace(cmd, items=tuple(items))


_ERROR = object()


def _typed(prop: QemuOverrideProperty, ctx: PassContext) -> object:
    def bad(why: str) -> object:
        ctx.error(
            codes.E104_INVALID_CONFIG,
            prop.span,
            detail=f"qemu:override property {q(prop.name)}: {why}",
        )
        return _ERROR

    if prop.name == "id":
        return bad("the device id cannot be overridden")
    if prop.type == "remove":
        return None if prop.value is None else bad("type 'remove' takes no value")
    if prop.value is None:
        return bad(f"type {q(prop.type)} needs a value")
    if prop.type == "string":
        return prop.value
    if prop.type == "bool":
        if prop.value not in ("true", "false"):
            return bad(f"{q(prop.value)} is not 'true' or 'false'")
        return prop.value == "true"
    lo, hi = _INT64 if prop.type == "signed" else _UINT64
    if not _INTEGER.match(prop.value) or (prop.type == "unsigned" and prop.value[0] == "-"):
        return bad(f"{q(prop.value)} is not a {prop.type} integer")
    number = int(prop.value, 10)
    if not lo <= number <= hi:
        return bad(f"{q(prop.value)} is out of range")
    return number


PASS = Pass(
    name="apply-qemu-overrides",
    run=apply_qemu_overrides,
    summary="Apply <qemu:override> device properties to -device JSON",
    stage="command",
)
