"""Read <serial>, <parallel>, <channel> and <console>, and character backends in general.

:func:`read_chardev_source` reads the backend of any element that carries one in
libvirt's shape (a ``type`` attribute, <source>, <protocol>, <log>): other families
(smartcard passthrough, redirdev, rng egd) can reuse it. Backend types this compiler does
not build are refused here with the element's location; ``stdio`` is refused by policy
(E201): QEMU runs without a terminal.
"""

from __future__ import annotations

import re

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.chardev import Chardev, ChardevKind, ChardevSource, Reconnect, Smartcard
from compiler.read.common import read_device_info
from compiler.read.node import Node

# Backend types with a QEMU -chardev form; 'stdio' is deliberately absent (see ARCHITECTURE).
SOURCE_TYPES = frozenset(
    {
        "null",
        "vc",
        "pty",
        "dev",
        "file",
        "pipe",
        "unix",
        "tcp",
        "udp",
        "spicevmc",
        "spiceport",
        "qemu-vdagent",
    }
)
_PATH_TYPES = frozenset({"dev", "file", "pipe", "unix"})
_PORT_MAX = 2**31 - 1
_CHANNEL_NAME = re.compile(r"(?!\.\.?\Z)[A-Za-z0-9_.-]{1,128}\Z")


def read_serial(node: Node) -> Chardev:
    return _read_chardev(node, "serial")


def read_parallel(node: Node) -> Chardev:
    return _read_chardev(node, "parallel")


def read_channel(node: Node) -> Chardev:
    return _read_chardev(node, "channel")


def read_console(node: Node) -> Chardev:
    return _read_chardev(node, "console")


def _read_chardev(node: Node, kind: ChardevKind) -> Chardev:
    source = read_chardev_source(node)
    target = node.child("target")
    target_type = target_model = name = address = None
    port = None
    if target is not None:
        target_type = target.attr("type")
        port = target.int_attr("port", hex_ok=False, hi=_PORT_MAX)
        if kind == "channel":
            name = target.attr("name")
            address = target.attr("address")
            if name is not None and not _CHANNEL_NAME.match(name):
                # The name is guest-visible and, without a daemon, names the socket file.
                raise target.fail(
                    codes.E107_BAD_NAME,
                    what="channel name",
                    value=q(name),
                    grammar="'[A-Za-z0-9_.-]+' (not '.' or '..', at most 128 characters)",
                )
        model = target.child("model")
        if model is not None and kind == "serial":
            target_model = model.req("name")
    if kind == "channel" and target_type is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'type' of <channel><target>")
    if target_type == "guestfwd" and (address is None or port is None):
        raise node.fail(
            codes.E105_MISSING, what="attributes 'address' and 'port' of a guestfwd <target>"
        )
    _check_path(node, kind, source, target_type)
    return Chardev(
        span=node.span,
        kind=kind,
        source=source,
        target_type=target_type,
        target_model=target_model,
        port=port,
        target_name=name,
        target_address=address,
        info=read_device_info(node, boot=False),
    )


def _check_path(node: Node, kind: str, source: ChardevSource, target_type: str | None) -> None:
    """virDomainChrSourceDefValidate: a path is required, except for the unix socket of a
    virtio channel, whose path the runtime chooses."""
    if source.type not in _PATH_TYPES or source.path is not None:
        return
    if source.type == "unix" and kind == "channel" and target_type == "virtio":
        return
    raise node.fail(
        codes.E104_INVALID_CONFIG,
        detail=f"<{node.tag} type={q(source.type)}> needs <source path=...>",
    )


def read_chardev_source(node: Node) -> ChardevSource:
    """The backend described by ``node``'s type attribute and its <source>, <protocol>, <log>."""
    kind = node.req("type")
    if kind == "stdio":
        raise node.fail(codes.E201_STDIO_CHARDEV, tag=node.tag)
    if kind not in SOURCE_TYPES:
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what=f"attribute 'type' of <{node.tag}>", value=q(kind)
        )
    fields: dict[str, object] = {}
    for src in node.children("source"):
        fields.update(_source_fields(src, kind))
    protocol = node.child("protocol")
    if protocol is not None:
        fields["protocol"] = protocol.req("type")
        # libvirt reads <protocol> for every backend but only a tcp one has a wire protocol.
        if kind != "tcp" and fields["protocol"] != "raw":
            raise protocol.fail(
                codes.E102_UNSUPPORTED_VALUE,
                what=f"<protocol type> of a {kind} backend",
                value=q(str(fields["protocol"])),
            )
    log = node.child("log")
    if log is not None:
        fields["log_file"] = log.req("file")
        fields["log_append"] = log.on_off("append")
    return ChardevSource(span=node.span, type=kind, **fields)  # type: ignore[arg-type]


def _source_fields(src: Node, kind: str) -> dict[str, object]:
    """One <source> element's contribution: udp has a bind and a connect <source>."""
    bind = kind in ("unix", "tcp", "udp") and src.attr("mode") == "bind"
    if kind in _PATH_TYPES:
        fields: dict[str, object] = {"path": src.attr("path")}
        if kind == "file":
            fields["append"] = src.on_off("append")
        if kind == "unix":
            fields["listen"] = bind
            fields.update(_reconnect(src))
        return fields
    if kind == "tcp":
        fields = {"host": src.attr("host"), "service": src.attr("service"), "listen": bind}
        fields["tls"] = src.yes_no("tls")
        fields.update(_reconnect(src))
        return fields
    if kind == "udp":
        if bind:
            return {"bind_host": src.attr("host"), "bind_service": src.attr("service")}
        return {"host": src.attr("host"), "service": src.attr("service")}
    if kind in ("spiceport", "spicevmc"):
        return {"channel": src.attr("channel")}
    if kind == "qemu-vdagent":
        return _vdagent(src)
    return {}


def _reconnect(src: Node) -> dict[str, object]:
    node = src.child("reconnect")
    if node is None:
        return {}
    enabled = node.yes_no("enabled")
    if enabled is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'enabled' of <reconnect>")
    timeout = node.int_attr("timeout", hex_ok=False, hi=2**32 - 1)
    return {"reconnect": Reconnect(enabled=enabled, timeout=timeout)}


def _vdagent(src: Node) -> dict[str, object]:
    fields: dict[str, object] = {}
    clipboard = src.child("clipboard")
    if clipboard is not None:
        fields["clipboard"] = clipboard.yes_no("copypaste")
    mouse = src.child("mouse")
    if mouse is not None:
        fields["mouse"] = mouse.req("mode")
    return fields


def read_smartcard(node: Node) -> Smartcard:
    mode = node.req("mode")
    if mode == "passthrough":
        source = read_chardev_source(node)
        _check_path(node, "smartcard", source, None)
        return Smartcard(
            span=node.span,
            mode="passthrough",
            source=source,
            info=read_device_info(node, boot=False),
        )
    if mode == "host-certificates":
        certs = tuple(c.text() or "" for c in node.children("certificate"))
        if len(certs) != 3:
            raise node.fail(
                codes.E104_INVALID_CONFIG,
                detail="<smartcard mode='host-certificates'> needs exactly 3 <certificate>",
            )
        return Smartcard(
            span=node.span,
            mode="host-certificates",
            certificates=certs,
            database=node.child_text("database"),
            info=read_device_info(node, boot=False),
        )
    if mode == "host":
        return Smartcard(span=node.span, mode="host", info=read_device_info(node, boot=False))
    raise node.fail(
        codes.E102_UNSUPPORTED_VALUE, what="attribute 'mode' of <smartcard>", value=q(mode)
    )
