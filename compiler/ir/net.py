"""Domain IR for <interface>: the host side (type, <source>, <target>, <backend>) and the
guest NIC (<model>, <driver>, <mac>, <rom>, <mtu>, <acpi>).

A Net keeps libvirt's split: ``type`` says how the host connects the NIC (user-mode
networking, a tap, a vhost-user socket, a vDPA device...), ``model`` which NIC the guest
sees. The lowering turns the first into a netdev and the second into a device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, PciAddress, Tristate, host_path
from compiler.ir.devices import VirtioOptions

NetType = Literal[
    "user",
    "ethernet",
    "bridge",
    "network",
    "direct",
    "vhostuser",
    "vdpa",
    "server",
    "client",
    "mcast",
    "udp",
    "hostdev",
    "internal",
    "null",
    "vds",
]

# Models whose guest side is virtio-net (libvirt's virDomainNetIsVirtioModel).
VIRTIO_MODELS = frozenset({"virtio", "virtio-transitional", "virtio-non-transitional"})


@dataclass(frozen=True, slots=True, kw_only=True)
class NetHostOffloads:
    """<driver><host .../>: offloads the host side of virtio-net may use."""

    csum: Tristate = None
    gso: Tristate = None
    tso4: Tristate = None
    tso6: Tristate = None
    ecn: Tristate = None
    ufo: Tristate = None
    mrg_rxbuf: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NetGuestOffloads:
    """<driver><guest .../>: offloads offered to the guest driver."""

    csum: Tristate = None
    tso4: Tristate = None
    tso6: Tristate = None
    ecn: Tristate = None
    ufo: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NetDriver:
    span: Span
    name: str | None = None  # vhost, qemu, vfio, kvm
    txmode: str | None = None  # iothread, timer
    ioeventfd: Tristate = None
    event_idx: Tristate = None
    queues: int | None = None
    rx_queue_size: int | None = None
    tx_queue_size: int | None = None
    rss: Tristate = None
    rss_hash_report: Tristate = None
    virtio: VirtioOptions = VirtioOptions()
    host: NetHostOffloads = NetHostOffloads()
    guest: NetGuestOffloads = NetGuestOffloads()


@dataclass(frozen=True, slots=True, kw_only=True)
class NetSource:
    """<source>: which attributes matter depends on the interface type."""

    span: Span
    bridge: str | None = None  # bridge
    network: str | None = None  # network
    dev: str | None = None  # direct, vdpa
    mode: str | None = None  # direct: vepa, bridge...; vhostuser: server, client
    path: str | None = None  # vhostuser: the unix socket
    address: str | None = None  # server, client, mcast, udp
    port: int | None = None
    local_address: str | None = None  # udp: <source><local address port/>
    local_port: int | None = None
    reconnect: int | None = None  # vhostuser client: <reconnect enabled='yes' timeout/>
    host_pci: PciAddress | None = None  # hostdev: the host PCI function (an SR-IOV VF)


@dataclass(frozen=True, slots=True, kw_only=True)
class NetIp:
    """<ip address prefix>: for type='user', the guest network QEMU's slirp hands out."""

    span: Span
    address: str
    family: Literal["ipv4", "ipv6"]
    prefix: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PortRange:
    start: int
    end: int | None = None
    to: int | None = None
    exclude: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PortForward:
    """<portForward>: what the passt process forwards into the guest (not QEMU's concern)."""

    span: Span
    proto: str  # tcp, udp
    address: str | None = None
    dev: str | None = None
    ranges: tuple[PortRange, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rom:
    """<rom bar file enabled>: the option ROM of a PCI device."""

    bar: Tristate = None
    file: str | None = None
    enabled: Tristate = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Net:
    span: Span
    type: NetType
    mac: str | None = None  # lower-case 'xx:xx:..'; None until assign-mac-addresses
    model: str | None = None  # None until fill-net-defaults (hostdev nets keep None)
    source: NetSource | None = None
    target_dev: str | None = None  # <target dev>: the host tap's name
    target_managed: Tristate = None  # <target managed='no'>: the tap exists already
    driver: NetDriver | None = None
    ips: tuple[NetIp, ...] = ()
    port_forwards: tuple[PortForward, ...] = ()
    backend_type: str | None = None  # <backend type='passt'>: user-mode networking by passt
    backend_log_file: str | None = None  # passt's log
    backend_tap: str | None = None  # <backend tap=...>: the tun device to open
    backend_vhost: str | None = None  # <backend vhost=...>: the vhost-net device
    # <script path>/<downscript path>: read only to be refused by refuse-net-script.
    script: str | None = host_path()
    downscript: str | None = host_path()
    sndbuf: int | None = None  # <tune><sndbuf>
    mtu: int | None = None
    link_down: bool = False  # <link state='down'>
    coalesce_rx_frames: int | None = None
    bandwidth: bool = False  # <bandwidth> present: applied on the host, never on the argv
    teaming: str | None = None  # <teaming type='persistent'>: the virtio side of a failover pair
    failover_pair: str | None = None  # type='hostdev' <teaming type='transient' persistent>
    acpi_index: int | None = None
    rom: Rom = Rom()
    info: DeviceInfo = DeviceInfo()
