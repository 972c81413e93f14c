"""Read the QEMU namespace (http://libvirt.org/schemas/domain/qemu/1.0), by URI only.

Prefixes mean nothing: ``qemu:``, ``ns0:`` and the default-namespace form all reach here
because lookups use the Clark name ``{URI}local``.
"""

from __future__ import annotations

import re
from typing import Literal, cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    QemuArg,
    QemuEnv,
    QemuNamespace,
    QemuOverride,
    QemuOverrideProperty,
)
from compiler.read.node import Node
from compiler.xmlio import QEMU_NS

ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

PropType = Literal["string", "signed", "unsigned", "bool", "remove"]


def read_qemu_namespace(root: Node) -> QemuNamespace:
    args: list[QemuArg] = []
    env: list[QemuEnv] = []
    for cmdline in root.children("commandline", QEMU_NS):
        for child in cmdline.children():
            if child.tag == "arg":
                # libvirt: "No qemu command-line argument specified"
                args.append(QemuArg(span=child.span, value=child.req("value")))
            elif child.tag == "env":
                name = child.req("name")
                if not ENV_NAME.match(name):
                    raise child.fail(
                        codes.E107_BAD_NAME,
                        what="environment variable name",
                        value=q(name),
                        grammar="'[A-Za-z_][A-Za-z0-9_]*'",
                    )
                env.append(QemuEnv(span=child.span, name=name, value=child.attr("value") or ""))
    caps_add = []
    caps_del = []
    for caps in root.children("capabilities", QEMU_NS):
        caps_add += [(c.span, c.req("capability")) for c in caps.children("add", QEMU_NS)]
        caps_del += [(c.span, c.req("capability")) for c in caps.children("del", QEMU_NS)]
    deprecation = None
    for dep in root.children("deprecation", QEMU_NS):
        deprecation = dep.req("behavior")
    overrides: list[QemuOverride] = []
    for override in root.children("override", QEMU_NS):
        for device in override.children("device", QEMU_NS):
            props: list[QemuOverrideProperty] = []
            for frontend in device.children("frontend", QEMU_NS):
                props += [
                    QemuOverrideProperty(
                        span=p.span,
                        name=p.req("name"),
                        type=cast(PropType, p.req("type")),
                        value=p.attr("value"),
                    )
                    for p in frontend.children("property", QEMU_NS)
                ]
            if not props:
                # libvirt once crashed on an empty <qemu:device>; it overrides nothing.
                raise device.fail(
                    codes.E104_INVALID_CONFIG,
                    detail="<qemu:device> has no <qemu:frontend> properties",
                )
            overrides.append(
                QemuOverride(span=device.span, alias=device.req("alias"), properties=tuple(props))
            )
    return QemuNamespace(
        args=tuple(args),
        env=tuple(env),
        caps_add=tuple(caps_add),
        caps_del=tuple(caps_del),
        deprecation=deprecation,
        overrides=tuple(overrides),
    )
