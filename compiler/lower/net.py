"""Lower <interface>s: per interface the host side (-netdev, with the -chardev or -add-fd it
needs first), then the guest NIC (-device), as libvirt's qemuBuildInterfaceCommandLine.

The netdev follows qemuBuildHostNetProps: type-specific keys, then "id" = 'host' + alias.
The NIC follows qemuBuildNicDevProps: for virtio-net the driver, the virtio transport
options and the virtio-net tuning first; for every model then netdev, id, mac, bootindex,
the PCI address (with acpi-index) and the ROM options.

The profile decides how the host side is reached. With a daemon (the profile's
``daemon`` facts; libvirt-test) a tap is a file descriptor the daemon opened and passes
over. Standalone passes no descriptors: a tap is opened by name with
script=no,downscript=no, a bridge goes through qemu-bridge-helper, a vDPA device by path.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import KeyValue, Obj, Option
from compiler.ir.common import PciAddress
from compiler.ir.domain import Domain
from compiler.ir.net import VIRTIO_MODELS, Net, NetDriver
from compiler.ir.query import prepared_fdsets
from compiler.lower.address import address_props, rom_props
from compiler.lower.builder import Builder, merge, props
from compiler.lower.virtio import virtio_head

# Emulated PCI NICs QEMU has on x86, by libvirt model name (= the QEMU device name).
PCI_NIC_MODELS = frozenset(
    {
        "rtl8139",
        "e1000",
        "e1000e",
        "e1000-82540em",
        "e1000-82544gc",
        "e1000-82545em",
        "i82550",
        "i82551",
        "i82557a",
        "i82557b",
        "i82557c",
        "i82558a",
        "i82558b",
        "i82559a",
        "i82559b",
        "i82559c",
        "i82559er",
        "i82562",
        "i82801",
        "ne2k_pci",
        "pcnet",
        "vmxnet3",
    }
)
_TX_MODES = {"iothread": "bh", "timer": "timer"}

HostSide = Callable[[Builder, Net], Obj | None]


def lower_nets(b: Builder) -> None:
    for index, net in enumerate(b.dom.nets):
        if net.type == "hostdev":
            continue  # a host device to QEMU: lowered with the <hostdev>s
        host_side = _HOST_SIDES.get(net.type)
        if host_side is None:
            b.ctx.error(codes.E101_NOT_SUPPORTED, net.span, what=f"interface type {q(net.type)}")
            continue
        _warn_host_only_settings(b, net)
        if not _target_supports(b, net):
            continue
        netdev = host_side(b, net)
        nic = _nic(b, net, boot_index(b.dom, index))
        if netdev is None or nic is None:
            continue
        b.json("-netdev", merge(netdev, props(("id", netdev_id(net)))), net.span)
        b.device(nic, net.span)


def netdev_id(net: Net) -> str:
    return f"host{net.info.alias}"


def boot_index(dom: Domain, index: int) -> int | None:
    """<boot order>, or for the first interface the place of 'network' in <os><boot dev>."""
    net = dom.nets[index]
    if net.info.boot_order is not None:
        return net.info.boot_order
    devices = dom.os.boot.devices
    if index == 0 and "network" in devices:
        return devices.index("network") + 1
    return None


def _target_supports(b: Builder, net: Net) -> bool:
    """The QEMU capability each newer host side or NIC feature needs (qemuValidate...)."""
    driver = net.driver
    needs = [
        ("netdev.vhost-vdpa", "interface type='vdpa'", net.type == "vdpa"),
        ("netdev.stream", "<backend type='passt'>", net.backend_type == "passt"),
        (
            "virtio-net.rss",
            "<driver rss> and <driver rss_hash_report>",
            driver is not None and (driver.rss is not None or driver.rss_hash_report is not None),
        ),
    ]
    ok = True
    for cap, what, wanted in needs:
        if wanted and not b.ctx.target.has(cap):
            b.ctx.error(
                codes.E106_UNSUPPORTED_TARGET, net.span, what=what, target=b.ctx.target.name
            )
            ok = False
    return ok


def _queues(net: Net) -> int:
    return (net.driver.queues if net.driver else None) or 1


def _is_virtio(net: Net) -> bool:
    return net.model in VIRTIO_MODELS


# --- host sides ---------------------------------------------------------------------------


def _user(b: Builder, net: Net) -> Obj | None:
    if net.backend_type == "passt":
        return _passt(b, net)
    pairs: list[tuple[str, object]] = [("type", "user")]
    for ip in net.ips:
        if ip.family == "ipv4":
            pairs.append(("net", f"{ip.address}/{ip.prefix}" if ip.prefix else ip.address))
        else:
            pairs += [("ipv6-prefix", ip.address), ("ipv6-prefixlen", ip.prefix or None)]
    return props(*pairs)


def _passt(b: Builder, net: Net) -> Obj | None:
    """A stream socket to the passt process the management daemon started for the NIC."""
    profile = b.ctx.profile
    if not profile.managed:
        b.ctx.error(
            codes.E104_INVALID_CONFIG,
            net.span,
            detail="<backend type='passt'> needs the passt process a management daemon "
            "starts; use <interface type='user'> without it in the standalone profile",
        )
        return None
    assert profile.daemon is not None  # a managed profile describes its daemon
    path = f"{profile.daemon.passt_dir}/{profile.short_name(b.dom.name)}-{net.info.alias}.socket"
    return props(
        ("type", "stream"), ("addr", props(("type", "unix"), ("path", path))), ("server", False)
    )


def _tap(b: Builder, net: Net) -> Obj | None:
    """A tap: the fds libvirt opened, or (standalone) a pre-created tap opened by name."""
    queues = _queues(net)
    daemon = b.ctx.profile.daemon
    if daemon is not None:
        taps = [str(daemon.tap_fd_base + i) for i in range(queues)]
        vhosts = [str(daemon.vhost_fd_base + i) for i in range(queues)] if _is_virtio(net) else []
        return props(
            ("type", "tap"),
            ("fds" if queues > 1 else "fd", ":".join(taps)),
            ("vhost", True if vhosts else None),
            ("vhostfds" if queues > 1 else "vhostfd", ":".join(vhosts) or None),
            ("sndbuf", net.sndbuf),
        )
    if not net.target_dev:
        b.ctx.error(
            codes.E104_INVALID_CONFIG,
            net.span,
            detail="interface type='ethernet' needs <target dev='...' managed='no'/> naming a "
            "pre-created tap in the standalone profile",
        )
        return None
    return props(
        ("type", "tap"),
        ("ifname", net.target_dev),
        ("script", "no"),
        ("downscript", "no"),
        ("queues", queues if queues > 1 else None),
        ("vhost", True if _wants_vhost(b.dom, net) else None),
        ("sndbuf", net.sndbuf),
    )


def _wants_vhost(dom: Domain, net: Net) -> bool:
    """libvirt opens vhost-net for a virtio NIC of a KVM guest unless <driver name='qemu'>."""
    name = net.driver.name if net.driver else None
    return dom.virt_type == "kvm" and _is_virtio(net) and name != "qemu"


def _bridge(b: Builder, net: Net) -> Obj | None:
    if b.ctx.profile.inherit_fds:
        return _tap(b, net)  # libvirt creates the tap, adds it to the bridge, passes its fd
    bridge = net.source.bridge if net.source else None
    if not bridge:
        b.ctx.error(codes.E105_MISSING, net.span, what="<source bridge='...'> of <interface>")
        return None
    if _queues(net) > 1:
        b.ctx.error(
            codes.E104_INVALID_CONFIG,
            net.span,
            detail="multiqueue needs a pre-created tap in the standalone profile: use "
            "type='ethernet' with <target dev='...' managed='no'/>",
        )
        return None
    return props(("type", "bridge"), ("br", bridge))


def _vhostuser(b: Builder, net: Net) -> Obj | None:
    source = net.source
    if source is None or source.path is None:
        b.ctx.error(codes.E105_MISSING, net.span, what="<source path='...'> of <interface>")
        return None
    chardev = f"char{net.info.alias}"
    options = [("id", chardev), ("path", source.path)]
    if source.mode == "server":
        options.append(("server", "on"))  # no wait=off: QEMU waits for the backend
    if source.reconnect is not None:
        options.append(("reconnect", str(source.reconnect)))
    b.kv("-chardev", "socket", *options, span=net.span)
    queues = _queues(net)
    return props(
        ("type", "vhost-user"), ("chardev", chardev), ("queues", queues if queues > 1 else None)
    )


def _vdpa(b: Builder, net: Net) -> Obj | None:
    device = net.source.dev if net.source else None
    if not device:
        b.ctx.error(codes.E105_MISSING, net.span, what="<source dev='...'> of <interface>")
        return None
    daemon = b.ctx.profile.daemon
    if daemon is not None:
        fdset = next_fdset(b)
        b.kv(
            "-add-fd",
            None,
            ("set", str(fdset)),
            ("fd", str(daemon.vdpa_fd)),
            ("opaque", f"{net.info.alias}-vdpa"),
            span=net.span,
        )
        device = f"/dev/fdset/{fdset}"
    queues = _queues(net)
    return props(
        ("type", "vhost-vdpa"), ("vhostdev", device), ("queues", queues if queues > 1 else None)
    )


def next_fdset(b: Builder) -> int:
    """The next free fd set number.

    libvirt numbers fd sets from 0 in the order it opens them: the sets of disks and
    character devices while preparing the domain (decided by passes, recorded in the
    Domain IR as ``*fdset`` fields), then a vDPA device's while building its netdev.
    """
    used = set(prepared_fdsets(b.dom))
    for item in b.items:
        if isinstance(item, Option) and item.flag == "-add-fd":
            assert isinstance(item.value, KeyValue)
            used |= {int(v) for k, v in item.value.items if k == "set" and v is not None}
    return max(used, default=-1) + 1


def _socket(b: Builder, net: Net) -> Obj | None:
    source = net.source
    if source is None or source.port is None:
        b.ctx.error(codes.E105_MISSING, net.span, what="<source port='...'> of <interface>")
        return None
    where = f"{source.address or ''}:{source.port}"
    key = {"server": "listen", "client": "connect", "mcast": "mcast", "udp": "udp"}[net.type]
    local = None
    if net.type == "udp":
        local = f"{source.local_address or ''}:{source.local_port or 0}"
    return props(("type", "socket"), (key, where), ("localaddr", local))


_HOST_SIDES: dict[str, HostSide] = {
    "user": _user,
    "ethernet": _tap,
    "bridge": _bridge,
    "vhostuser": _vhostuser,
    "vdpa": _vdpa,
    "server": _socket,
    "client": _socket,
    "mcast": _socket,
    "udp": _socket,
}


def _warn_host_only_settings(b: Builder, net: Net) -> None:
    """Settings libvirt applies on the host or over QMP: nothing on the command line."""
    ignored = [
        ("<link state='down'>", net.link_down),
        ("<coalesce>", net.coalesce_rx_frames is not None),
        ("<bandwidth>", net.bandwidth),
        ("<ip> on a host-side interface", bool(net.ips) and net.type != "user"),
    ]
    for what, present in ignored:
        if present:
            b.ctx.warning(codes.W001_IGNORED, net.span, what=what)


# --- the guest NIC ------------------------------------------------------------------------


def _nic(b: Builder, net: Net, bootindex: int | None) -> Obj | None:
    if _is_virtio(net):
        head = _virtio_net(b, net)
    elif net.model in PCI_NIC_MODELS or net.model == "usb-net":
        # libvirt assigns no USB port to a usb-net NIC: QEMU plugs it into a free one.
        head = props(("driver", net.model))
    else:
        b.ctx.error(codes.E102_UNSUPPORTED_VALUE, net.span, what="NIC model", value=q(net.model))
        return None
    where = address_props(b.dom, net.info)
    pci = isinstance(net.info.address, PciAddress)
    rom = rom_props(net.rom)
    if rom.items and not pci:
        b.ctx.error(codes.E104_INVALID_CONFIG, net.span, detail="<rom> needs a PCI address")
        return None
    return merge(
        head,
        props(
            ("netdev", netdev_id(net)),
            ("id", net.info.alias),
            ("mac", net.mac),
            ("bootindex", bootindex),
        ),
        where,
        props(("acpi-index", net.acpi_index if pci else None)),
        rom,
    )


def _virtio_net(b: Builder, net: Net) -> Obj:
    driver = net.driver or NetDriver(span=net.span)
    queues = _queues(net)
    return merge(
        virtio_head(b, "virtio-net", model=net.model, options=driver.virtio),
        props(
            ("tx", _TX_MODES.get(driver.txmode or "")),
            ("ioeventfd", driver.ioeventfd),
            ("event_idx", driver.event_idx),
            ("csum", driver.host.csum),
            ("gso", driver.host.gso),
            ("host_tso4", driver.host.tso4),
            ("host_tso6", driver.host.tso6),
            ("host_ecn", driver.host.ecn),
            ("host_ufo", driver.host.ufo),
            ("mrg_rxbuf", driver.host.mrg_rxbuf),
            ("guest_csum", driver.guest.csum),
            ("guest_tso4", driver.guest.tso4),
            ("guest_tso6", driver.guest.tso6),
            ("guest_ecn", driver.guest.ecn),
            ("guest_ufo", driver.guest.ufo),
            ("mq", True if queues > 1 else None),
            ("vectors", 2 * queues + 2 if queues > 1 else None),
            ("rx_queue_size", driver.rx_queue_size),
            ("tx_queue_size", driver.tx_queue_size),
            ("rss", driver.rss),
            ("hash", driver.rss_hash_report),
            ("host_mtu", net.mtu),
            ("failover", True if net.teaming == "persistent" else None),
        ),
    )
