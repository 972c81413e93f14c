"""Domain IR for character devices: <serial>, <parallel>, <channel> and <console>.

A :class:`Chardev` is the guest-facing device (its target), a :class:`ChardevSource` the
host-side backend. The source is shared vocabulary: other devices that own a character
backend (smartcard passthrough, redirdev, rng egd, vhost-user) describe it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate

ChardevKind = Literal["serial", "parallel", "channel", "console"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reconnect:
    """<reconnect enabled='yes' timeout='N'/> of a connecting unix or tcp socket."""

    enabled: bool
    timeout: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChardevSource:
    """The host backend of a character device, in libvirt's words (virDomainChrSourceDef)."""

    span: Span
    type: str  # null, vc, pty, dev, file, pipe, unix, tcp, udp, spicevmc, spiceport, qemu-vdagent
    path: str | None = None  # dev, file, pipe, unix
    append: Tristate = None  # file
    listen: bool = False  # unix, tcp: <source mode='bind'>
    host: str | None = None  # tcp; udp: the connect host
    service: str | None = None  # tcp; udp: the connect service
    bind_host: str | None = None  # udp
    bind_service: str | None = None  # udp
    protocol: str | None = None  # tcp: raw, telnet
    tls: Tristate = None  # tcp
    reconnect: Reconnect | None = None  # unix, tcp
    channel: str | None = None  # spiceport channel; spicevmc name (default 'vdagent')
    clipboard: Tristate = None  # qemu-vdagent <clipboard copypaste>
    mouse: str | None = None  # qemu-vdagent <mouse mode>: client, server
    log_file: str | None = None  # <log file>
    log_append: Tristate = None
    # Set by assign-chardev-backends when the runtime passes pre-opened descriptors:
    fdset: int | None = None  # file: -add-fd set for the source
    log_fdset: int | None = None  # -add-fd set for the log file
    listen_fd: int | None = None  # unix listen socket opened by the runtime


@dataclass(frozen=True, slots=True, kw_only=True)
class Chardev:
    """One <serial>, <parallel>, <channel> or <console> device.

    ``target_type`` is the <target type>: serial: isa-serial, usb-serial, pci-serial,
    isa-debug; console: serial, virtio; channel: virtio, guestfwd. ``port`` is the
    <target port> (for guestfwd the TCP port). ``None`` fields are filled by
    fill-chardev-defaults.
    """

    span: Span
    kind: ChardevKind
    source: ChardevSource
    target_type: str | None = None
    target_model: str | None = None  # serial: <target><model name>
    port: int | None = None
    target_name: str | None = None  # virtio channel name
    target_address: str | None = None  # guestfwd address
    # None for a console that only stands for serial 0 (fill-console-compat): it is no
    # device of its own, so it has no alias or address.
    info: DeviceInfo | None = DeviceInfo()


@dataclass(frozen=True, slots=True, kw_only=True)
class Smartcard:
    """<smartcard>: a card in a CCID reader, emulated from host certificates or passed
    through a character backend (mode='passthrough')."""

    span: Span
    mode: Literal["host", "host-certificates", "passthrough"]
    certificates: tuple[str, ...] = ()  # host-certificates: exactly three
    database: str | None = None  # host-certificates
    source: ChardevSource | None = None  # passthrough
    info: DeviceInfo = DeviceInfo()
