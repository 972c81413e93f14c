"""Read <interface>: the host connection (<source>, <target>, <backend>) and the guest NIC.

Only what the lowering understands is read; the rest stays unconsumed and is reported as
not supported yet. <script> and <downscript> are read only so that refuse-net-script can
name them: an interface that asks QEMU to run a script is always refused.
"""

from __future__ import annotations

import re
from typing import Literal, cast, get_args

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.common import PciAddress
from compiler.ir.net import (
    Net,
    NetDriver,
    NetGuestOffloads,
    NetHostOffloads,
    NetIp,
    NetSource,
    NetType,
    PortForward,
    PortRange,
    Rom,
)
from compiler.read.common import read_address, read_device_info
from compiler.read.node import Node
from compiler.read.virtio import read_virtio_options

_TYPES = frozenset(get_args(NetType))
_INT_MAX = 2**31 - 1
# virMacAddrParse: six groups of one or two hex digits separated by ':'.
_MAC = re.compile(r"[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}\Z")
# A NIC model name as libvirt accepts an unlisted one (virDomainNetSetModelString).
_MODEL = re.compile(r"[a-zA-Z0-9_-]+\Z")


def _script_path(node: Node | None) -> str | None:
    return None if node is None else node.req("path")


def read_interface(node: Node) -> Net:
    kind = node.req("type")
    if kind not in _TYPES:
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="interface type", value=q(kind))
    if kind == "hostdev":
        node.yes_no("managed")  # libvirt rebinds the host driver itself: no argv effect
    target = node.child("target")
    backend = node.child("backend")
    tune = node.child("tune")
    link = node.child("link")
    bandwidth = node.child("bandwidth")
    if bandwidth is not None:
        bandwidth.consume_subtree()
    return Net(
        span=node.span,
        type=cast(NetType, kind),
        mac=_mac(node.child("mac")),
        model=_model(node.child("model")),
        source=_source(node.child("source"), kind),
        target_dev=None if target is None else target.attr("dev"),
        target_managed=None if target is None else target.yes_no("managed"),
        driver=_driver(node.child("driver")),
        ips=tuple(_ip(ip) for ip in node.children("ip")),
        port_forwards=tuple(_port_forward(pf) for pf in node.children("portForward")),
        backend_type=None if backend is None else backend.attr("type"),
        backend_log_file=None if backend is None else backend.attr("logFile"),
        backend_tap=None if backend is None else backend.attr("tap"),
        backend_vhost=None if backend is None else backend.attr("vhost"),
        script=_script_path(node.child("script")),
        downscript=_script_path(node.child("downscript")),
        sndbuf=_sndbuf(tune),
        mtu=_required_int(node.child("mtu"), "size"),
        link_down=_link_down(link),
        coalesce_rx_frames=_coalesce(node.child("coalesce")),
        bandwidth=bandwidth is not None,
        teaming=_teaming(node.child("teaming"), kind),
        failover_pair=_failover_pair(node.child("teaming"), kind),
        acpi_index=_required_int(node.child("acpi"), "index"),
        rom=_rom(node.child("rom")),
        info=read_device_info(node),
    )


def _required_int(node: Node | None, name: str) -> int | None:
    """A positive attribute that its element cannot do without (<mtu size>, <acpi index>)."""
    if node is None:
        return None
    if not node.has(name):
        raise node.fail(codes.E105_MISSING, what=f"attribute {name!r} of <{node.tag}>")
    return node.int_attr(name, hex_ok=False, lo=1, hi=_INT_MAX)


def _mac(node: Node | None) -> str | None:
    if node is None:
        return None
    text = node.req("address")
    if not _MAC.match(text):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="MAC address", value=q(text))
    octets = [int(part, 16) for part in text.split(":")]
    if octets[0] & 1:
        raise node.fail(
            codes.E104_INVALID_CONFIG,
            detail=f"expected a unicast MAC address, found the multicast address {q(text)}",
        )
    node.attr("type")  # 'generated' or 'static': only libvirt's bookkeeping
    node.attr("check")
    return ":".join(f"{o:02x}" for o in octets)


def _model(node: Node | None) -> str | None:
    if node is None:
        return None
    name = node.req("type")
    if not _MODEL.match(name):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="NIC model", value=q(name))
    return name


def _source(node: Node | None, kind: str) -> NetSource | None:
    if node is None:
        return None
    if kind == "udp":
        local = node.child("local")
        local_address = None if local is None else local.attr("address")
        local_port = None if local is None else local.int_attr("port", hex_ok=False, hi=65535)
    else:
        local_address = local_port = None
    return NetSource(
        span=node.span,
        bridge=node.attr("bridge") if kind in ("bridge", "network") else None,
        network=node.attr("network") if kind == "network" else None,
        dev=node.attr("dev") if kind in ("direct", "vdpa", "user") else None,
        mode=node.attr("mode") if kind in ("direct", "vhostuser") else None,
        path=_vhostuser_path(node) if kind == "vhostuser" else None,
        address=node.attr("address") if kind in ("server", "client", "mcast", "udp") else None,
        port=(
            node.int_attr("port", hex_ok=False, hi=65535)
            if kind in ("server", "client", "mcast", "udp")
            else None
        ),
        local_address=local_address,
        local_port=local_port,
        reconnect=_reconnect(node.child("reconnect")) if kind == "vhostuser" else None,
        host_pci=_host_pci(node) if kind == "hostdev" else None,
    )


def _host_pci(src: Node) -> PciAddress:
    """type='hostdev': the host function is a PCI <address> inside <source>."""
    node = src.child("address")
    if node is None:
        raise src.fail(codes.E105_MISSING, what="<address type='pci'> of the hostdev <source>")
    addr = read_address(node)
    if not isinstance(addr, PciAddress):
        kind = node.attr("type")
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="hostdev source address", value=q(kind))
    return addr


def _vhostuser_path(node: Node) -> str:
    sock = node.attr("type") or "unix"
    if sock != "unix":
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="vhost-user socket type", value=q(sock))
    return node.req("path")


def _reconnect(node: Node | None) -> int | None:
    """Seconds between reconnection attempts; 0 when reconnecting is switched off."""
    if node is None:
        return None
    if node.yes_no("enabled") is not True:
        return 0
    timeout = node.int_attr("timeout", hex_ok=False, hi=_INT_MAX)
    if timeout is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'timeout' of <reconnect>")
    return timeout


def _driver(node: Node | None) -> NetDriver | None:
    if node is None:
        return None
    host = node.child("host")
    guest = node.child("guest")
    return NetDriver(
        span=node.span,
        name=node.attr("name"),
        txmode=node.attr("txmode"),
        ioeventfd=node.on_off("ioeventfd"),
        event_idx=node.on_off("event_idx"),
        queues=node.int_attr("queues", hex_ok=False, hi=_INT_MAX),
        rx_queue_size=node.int_attr("rx_queue_size", hex_ok=False, hi=_INT_MAX),
        tx_queue_size=node.int_attr("tx_queue_size", hex_ok=False, hi=_INT_MAX),
        rss=node.on_off("rss"),
        rss_hash_report=node.on_off("rss_hash_report"),
        virtio=read_virtio_options(node),
        host=NetHostOffloads() if host is None else NetHostOffloads(**_switches(host, _HOST)),
        guest=NetGuestOffloads() if guest is None else NetGuestOffloads(**_switches(guest, _GUEST)),
    )


_HOST = ("csum", "gso", "tso4", "tso6", "ecn", "ufo", "mrg_rxbuf")
_GUEST = ("csum", "tso4", "tso6", "ecn", "ufo")


def _switches(node: Node, names: tuple[str, ...]) -> dict[str, bool | None]:
    return {name: node.on_off(name) for name in names}


def _ip(node: Node) -> NetIp:
    address = node.req("address")
    family = node.attr("family") or ("ipv6" if ":" in address else "ipv4")
    if family not in ("ipv4", "ipv6"):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="IP family", value=q(family))
    return NetIp(
        span=node.span,
        address=address,
        family=cast(Literal["ipv4", "ipv6"], family),
        prefix=node.int_attr("prefix", hex_ok=False, hi=128),
    )


def _port_forward(node: Node) -> PortForward:
    return PortForward(
        span=node.span,
        proto=node.req("proto"),
        address=node.attr("address"),
        dev=node.attr("dev"),
        ranges=tuple(
            PortRange(
                start=_port(r, "start") or 0,
                end=_port(r, "end"),
                to=_port(r, "to"),
                exclude=r.yes_no("exclude") is True,
            )
            for r in node.children("range")
        ),
    )


def _port(node: Node, name: str) -> int | None:
    if name == "start" and not node.has(name):
        raise node.fail(codes.E105_MISSING, what="attribute 'start' of <range>")
    return node.int_attr(name, hex_ok=False, hi=65535)


def _sndbuf(tune: Node | None) -> int | None:
    if tune is None:
        return None
    node = tune.child("sndbuf")
    return None if node is None else node.int_text("<tune><sndbuf>")


def _teaming(node: Node | None, net_type: str) -> str | None:
    """The persistent (virtio) side of a failover pair; the transient side is a
    type='hostdev' NIC, read by :func:`_failover_pair`."""
    if node is None:
        return None
    kind = node.req("type")
    if kind == "transient" and net_type == "hostdev":
        return None
    if kind != "persistent":
        detail = f"<teaming type={q(kind)}> needs <interface type='hostdev'>"
        raise node.fail(codes.E104_INVALID_CONFIG, detail=detail)
    return kind


def _failover_pair(node: Node | None, net_type: str) -> str | None:
    """<teaming type='transient' persistent=ALIAS>: the virtio NIC this VF stands in for."""
    if node is None or net_type != "hostdev" or node.attr("type") != "transient":
        return None
    return node.req("persistent")


def _link_down(node: Node | None) -> bool:
    if node is None:
        return False
    state = node.req("state")
    if state not in ("up", "down"):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="link state", value=q(state))
    return state == "down"


def _coalesce(node: Node | None) -> int | None:
    rx = None if node is None else node.child("rx")
    frames = None if rx is None else rx.child("frames")
    return None if frames is None else frames.int_attr("max", hex_ok=False, hi=_INT_MAX)


def _rom(node: Node | None) -> Rom:
    if node is None:
        return Rom()
    return Rom(bar=node.on_off("bar"), file=node.attr("file"), enabled=node.yes_no("enabled"))
