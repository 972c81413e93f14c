"""Refuse <interface> settings that libvirt refuses (qemuValidateDomainDeviceDefNetwork).

Each rule is one libvirt validation: a vhost-user interface, vhost-net and failover
teaming need a virtio-net frontend; several queues need a host side that can open several
(a tap, vhost-user or vDPA) and a virtio NIC; virtio-net tuning on another NIC model would
be dropped silently, so it is refused; queue sizes must be powers of two; slirp takes one
IPv4 and one IPv6 guest network; passt's settings need the passt backend. type='network'
needs libvirt's network driver to turn the network's name into a bridge, which a compiler
does not have.
Before: Net(type='vhostuser', model='rtl8139')
After:  E104 at <interface>; Domain unchanged.
Postcondition: every Net left is one the lowering can express as libvirt would.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.devices import VirtioOptions
from compiler.ir.domain import Domain
from compiler.ir.net import VIRTIO_MODELS, Net, NetDriver, NetGuestOffloads, NetHostOffloads
from compiler.passmanager import Pass, PassContext

# Host sides that can open one file descriptor (or socket) per queue.
_MULTIQUEUE_TYPES = frozenset({"ethernet", "bridge", "network", "direct", "vhostuser", "vdpa"})


def refuse_invalid_nets(dom: Domain, ctx: PassContext) -> Domain:
    for net in dom.nets:
        for problem in _problems(net):
            ctx.error(codes.E104_INVALID_CONFIG, net.span, detail=problem)
        if net.type == "network":
            ctx.error(codes.E203_NET_NEEDS_NETWORK_DRIVER, net.span)
    return dom


def _problems(net: Net) -> list[str]:
    virtio = net.model in VIRTIO_MODELS
    found: list[str] = []
    if net.type == "vhostuser" and not virtio:
        found.append("interface type='vhostuser' needs a virtio-net <model> (virtio)")
    if net.type == "hostdev" and (net.source is None or net.source.host_pci is None):
        found.append("interface type='hostdev' needs <source><address type='pci' .../></source>")
    found += _passt_problems(net)
    if net.type == "user" and net.backend_type != "passt":
        found += _guest_ip_problems(net)
    if net.teaming and not virtio:
        found.append("<teaming type='persistent'> needs a virtio-net <model>")
    driver = net.driver
    if driver is None:
        return found
    if (driver.queues or 0) > 1:
        if net.type not in _MULTIQUEUE_TYPES:
            found.append(f"multiqueue is not supported for interface type={q(net.type)}")
        elif not virtio:
            found.append(f"multiqueue is not supported for NIC model {q(net.model)}")
    if driver.name == "vhost" and not virtio:
        found.append("<driver name='vhost'>: vhost-net only serves virtio-net NICs")
    if not virtio and _has_virtio_tuning(driver):
        found.append(f"<driver> virtio-net options are not supported for NIC model {q(net.model)}")
    for what, size in (
        ("rx_queue_size", driver.rx_queue_size),
        ("tx_queue_size", driver.tx_queue_size),
    ):
        if size is not None and (size == 0 or size & (size - 1)):
            found.append(f"{what} must be a power of two, not {size}")
    return found


def _guest_ip_problems(net: Net) -> list[str]:
    """QEMU's slirp hands out one IPv4 and one IPv6 network, within its prefix limits."""
    found = []
    for family in ("ipv4", "ipv6"):
        if sum(ip.family == family for ip in net.ips) > 1:
            found.append(f"only one {family} address per interface type='user' is allowed")
    for ip in net.ips:
        if ip.family == "ipv4" and ip.prefix and not 4 <= ip.prefix <= 27:
            found.append(f"prefix {ip.prefix} of {q(ip.address)} is not in the range 4-27")
        if ip.family == "ipv6" and ip.prefix and ip.prefix > 120:
            found.append(f"prefix {ip.prefix} of {q(ip.address)} is longer than 120")
    return found


def _passt_problems(net: Net) -> list[str]:
    """Settings that configure the passt process are meaningless without it."""
    passt = net.backend_type == "passt"
    if passt and net.type != "user":
        return ["<backend type='passt'> needs interface type='user'"]
    if passt:
        return []
    found = []
    if net.type == "user" and net.source is not None and net.source.dev:
        found.append("<source dev> of interface type='user' needs <backend type='passt'>")
    if net.port_forwards:
        found.append("<portForward> needs <backend type='passt'>")
    if net.backend_log_file:
        found.append("<backend logFile> needs <backend type='passt'>")
    return found


def _has_virtio_tuning(driver: NetDriver) -> bool:
    return any(
        (
            driver.txmode,
            driver.ioeventfd is not None,
            driver.event_idx is not None,
            driver.rx_queue_size,
            driver.tx_queue_size,
            driver.rss is not None,
            driver.rss_hash_report is not None,
            driver.virtio != VirtioOptions(),
            driver.host != NetHostOffloads(),
            driver.guest != NetGuestOffloads(),
        )
    )


PASS = Pass(
    name="refuse-invalid-nets",
    run=refuse_invalid_nets,
    summary="Refuse interface settings libvirt refuses, and type='network'",
    ensures=lambda d: not any(n.type == "network" or _problems(n) for n in d.nets),
)
