"""Lower character devices: -chardev backends and their serial/parallel/virtio frontends.

:func:`lower_chardev_backend` is libvirt's qemuBuildChardevCommand: the fd sets a backend
needs (``-add-fd``), then one ``-chardev`` option whose id is ``char`` + the owning
device's alias. Every family with a character backend can call it. The four builders
mirror qemuBuildSerialCommandLine, qemuBuildParallelsCommandLine,
qemuBuildChannelsCommandLine and qemuBuildConsoleCommandLine, in that command-line order.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.chardev import Chardev, ChardevSource
from compiler.ir.command import Obj
from compiler.ir.common import DeviceInfo, OtherAddress
from compiler.lower.address import address_props, controller_alias
from compiler.lower.builder import Builder, merge, props

Items = list[tuple[str, str | None]]

_SPICE_AGENT = "com.redhat.spice.0"
DEFAULT_NSS_DATABASE = "/etc/pki/nssdb"  # libvirt's VIR_DOMAIN_SMARTCARD_DEFAULT_DATABASE


def lower_serials(b: Builder) -> None:
    has_spice = any(g.type == "spice" for g in getattr(b.dom, "graphics", ()))
    for serial in b.dom.serials:
        # libvirt leaves out a spiceport serial when there is no SPICE server to carry it.
        if serial.source.type == "spiceport" and not has_spice:
            continue
        if not lower_chardev_backend(b, serial.source, _alias(serial)):
            continue
        model = serial.target_model  # checked against the target by refuse-invalid-chardevs
        index = serial.port if model == "isa-serial" else None
        head = props(
            ("driver", model), ("chardev", f"char{_alias(serial)}"), ("id", _alias(serial))
        )
        b.device(
            merge(head, props(("index", index)), address_props(b.dom, _info(serial))), serial.span
        )


def lower_parallels(b: Builder) -> None:
    for parallel in b.dom.parallels:
        if lower_chardev_backend(b, parallel.source, _alias(parallel)):
            b.device(
                props(
                    ("driver", "isa-parallel"),
                    ("chardev", f"char{_alias(parallel)}"),
                    ("id", _alias(parallel)),
                ),
                parallel.span,
            )


def lower_channels(b: Builder) -> None:
    for channel in b.dom.channels:
        if channel.target_type not in ("virtio", "guestfwd"):
            what = f"channel target type {q(channel.target_type)}"
            b.ctx.error(codes.E101_NOT_SUPPORTED, channel.span, what=what)
            continue
        if not lower_chardev_backend(b, channel.source, _alias(channel)):
            continue
        if channel.target_type == "guestfwd":
            _guestfwd(b, channel)
        else:
            b.device(_virtio_port(b, channel), channel.span)


def lower_consoles(b: Builder) -> None:
    for console in b.dom.consoles:
        if console.target_type == "serial":
            continue  # an alias of serial 0, built with the serial ports
        if console.target_type != "virtio":
            what = f"console target type {q(console.target_type)}"
            b.ctx.error(codes.E101_NOT_SUPPORTED, console.span, what=what)
            continue
        if lower_chardev_backend(b, console.source, _alias(console)):
            b.device(_virtio_port(b, console), console.span)


def _alias(dev: Chardev) -> str:
    return _info(dev).alias or ""


def _info(dev: Chardev) -> DeviceInfo:
    # Only a console standing for serial 0 lacks device info, and it is never built.
    return dev.info or DeviceInfo()


def _guestfwd(b: Builder, channel: Chardev) -> None:
    """qemuBuildChannelGuestfwdNetdevProps: a user-mode netdev forwarding one TCP port."""
    alias = _alias(channel)
    rule = f"tcp:{channel.target_address}:{channel.port}-chardev:char{alias}"
    netdev = props(("type", "user"), ("guestfwd", (props(("str", rule)),)), ("id", alias))
    b.json("-netdev", netdev, channel.span)


def _virtio_port(b: Builder, dev: Chardev) -> Obj:
    """qemuBuildVirtioSerialPortDevProps: virtconsole or virtserialport on its port."""
    driver = "virtconsole" if dev.kind == "console" else "virtserialport"
    name = None
    if dev.kind == "channel" and (dev.source.type == "spicevmc" or dev.target_name):
        name = dev.target_name or _SPICE_AGENT
    return merge(
        props(("driver", driver)),
        address_props(b.dom, _info(dev)),
        props(("chardev", f"char{_alias(dev)}"), ("id", _alias(dev)), ("name", name)),
    )


def lower_smartcards(b: Builder) -> None:
    """qemuBuildSmartcardCommandLine: QEMU takes one card, in slot 0 of CCID reader 0."""
    cards = b.dom.smartcards
    if not cards:
        return
    card = cards[0]
    addr = card.info.address
    slot = dict(addr.attrs) if isinstance(addr, OtherAddress) else {}
    if len(cards) > 1 or int(slot.get("controller", "0"), 0) or int(slot.get("slot", "0"), 0):
        detail = "QEMU supports a single <smartcard>, in slot 0 of CCID controller 0"
        b.ctx.error(codes.E104_INVALID_CONFIG, cards[-1].span, detail=detail)
        return
    alias = card.info.alias or ""
    if card.mode == "passthrough" and card.source is not None:
        if not lower_chardev_backend(b, card.source, alias):
            return
        head = props(("driver", "ccid-card-passthru"), ("chardev", f"char{alias}"))
    elif card.mode == "host-certificates":
        certs = [(f"cert{i}", cert) for i, cert in enumerate(card.certificates, start=1)]
        database = card.database or DEFAULT_NSS_DATABASE
        head = props(
            ("driver", "ccid-card-emulated"), ("backend", "certificates"), *certs, ("db", database)
        )
    else:
        head = props(("driver", "ccid-card-emulated"), ("backend", "nss-emulated"))
    reader = controller_alias(b.dom, "ccid", int(slot.get("controller", "0"), 0))
    b.device(merge(head, props(("id", alias), ("bus", f"{reader}.0"))), card.span)


# --- the backend -----------------------------------------------------------------------------


def lower_chardev_backend(b: Builder, src: ChardevSource, owner: str) -> bool:
    """Emit ``-add-fd`` for the backend's fd sets, then its ``-chardev``; False on error."""
    char_id = f"char{owner}"
    items = _backend_items(b, src, char_id)
    if items is None:
        return False
    head, rest = items
    _add_fd(b, src.fdset, b.ctx.profile.file_fd_base, f"{owner}-source", src.span)
    _add_fd(b, src.log_fdset, b.ctx.profile.log_fd, f"{owner}-log", src.span)
    if src.log_file is not None:
        rest.append(("logfile", _fdset_path(src.log_fdset) or src.log_file))
        rest += _switch("logappend", True if src.log_fdset is not None else src.log_append)
    b.kv("-chardev", head, ("id", char_id), *rest, span=src.span)
    return True


def _add_fd(b: Builder, fdset: int | None, fd: int | None, opaque: str, span: Span) -> None:
    if fdset is not None and fd is not None:
        b.kv("-add-fd", None, ("set", str(fdset)), ("fd", str(fd)), ("opaque", opaque), span=span)


def _fdset_path(fdset: int | None) -> str | None:
    return None if fdset is None else f"/dev/fdset/{fdset}"


def _switch(key: str, value: bool | None) -> Items:
    return [] if value is None else [(key, "on" if value else "off")]


def _backend_items(b: Builder, src: ChardevSource, char_id: str) -> tuple[str, Items] | None:
    """The -chardev backend name and its options after ``id`` (qemuBuildChardevStr)."""
    kind = src.type
    if kind in ("null", "vc", "pty"):
        return kind, []
    if kind == "dev":
        backend = "parallel" if char_id.startswith("charparallel") else "serial"
        return backend, [("path", src.path)]
    if kind == "pipe":
        return "pipe", [("path", src.path)]
    if kind == "file":
        path = _fdset_path(src.fdset) or src.path
        return "file", [
            ("path", path),
            *_switch("append", True if src.fdset is not None else src.append),
        ]
    if kind == "udp":
        return "udp", [
            ("host", src.host or ""),
            ("port", src.service),
            ("localaddr", src.bind_host or ""),
            ("localport", src.bind_service or "0"),
        ]
    if kind == "tcp":
        return _tcp(b, src)
    if kind == "unix":
        where = ("fd", str(src.listen_fd)) if src.listen_fd is not None else ("path", src.path)
        return "socket", [where, *_listen(src), *_reconnect(src)]
    if kind == "spicevmc":
        return "spicevmc", [("name", src.channel or "vdagent")]
    if kind == "spiceport":
        return "spiceport", [("name", src.channel)]
    if kind == "qemu-vdagent":
        mouse = {"client": True, "server": False}.get(src.mouse or "")
        return "qemu-vdagent", [
            ("name", "vdagent"),
            *_switch("clipboard", src.clipboard),
            *_switch("mouse", mouse),
        ]
    b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what=f"character device type {q(kind)}")
    return None


def _tcp(b: Builder, src: ChardevSource) -> tuple[str, Items] | None:
    if src.tls:
        b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what="a TLS character device (tls='yes')")
        return None
    if src.protocol not in (None, "raw", "telnet"):
        b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what=f"tcp protocol {q(src.protocol)}")
        return None
    items: Items = [("host", src.host or ""), ("port", src.service)]
    if src.protocol == "telnet":
        items.append(("telnet", "on"))
    return "socket", [*items, *_listen(src), *_reconnect(src)]


def _listen(src: ChardevSource) -> Items:
    # libvirt never makes QEMU wait for a client before starting the guest.
    return [("server", "on"), ("wait", "off")] if src.listen else []


def _reconnect(src: ChardevSource) -> Items:
    rc = src.reconnect
    if rc is None:
        return []
    return [("reconnect", str(rc.timeout or 0) if rc.enabled else "0")]
