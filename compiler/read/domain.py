"""Read the domain-level elements: identity, memory, vcpus, os, cpu, features, clock."""

from __future__ import annotations

import re

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    Clock,
    Cpu,
    CpuFeature,
    CpuTopology,
    Feature,
    IOThread,
    IOThreads,
    LaunchSecurity,
    Lifecycle,
    Memory,
    PowerManagement,
    Timer,
    Vcpu,
)
from compiler.read.common import memory_kib, scaled_kib
from compiler.read.node import Node

UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
    r"[0-9a-fA-F]{12}\Z"
)
MAX_VCPUS = 16384


def read_uuid(node: Node | None) -> str | None:
    if node is None:
        return None
    text = node.text() or ""
    if not UUID.match(text):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="<uuid>", value=q(text))
    hexdigits = text.replace("-", "").lower()
    return "-".join(
        (hexdigits[:8], hexdigits[8:12], hexdigits[12:16], hexdigits[16:20], hexdigits[20:])
    )


def read_memory(root: Node) -> Memory:
    node = root.child("memory")
    if node is None:
        raise root.fail(codes.E105_MISSING, what="<memory>")
    total = memory_kib(node, "<memory>")
    dump_core = node.on_off("dumpCore")
    cur_node = root.child("currentMemory")
    current = None if cur_node is None else memory_kib(cur_node, "<currentMemory>")
    max_node = root.child("maxMemory")
    max_kib = slots = None
    if max_node is not None:
        max_kib = memory_kib(max_node, "<maxMemory>")
        slots = max_node.int_attr("slots", hex_ok=False, hi=2**31 - 1)
    return Memory(
        total_kib=total, current_kib=current, max_kib=max_kib, slots=slots, dump_core=dump_core
    )


def read_vcpu(root: Node) -> Vcpu:
    read_host_side(root)
    read_idmap(root)
    node = root.child("vcpu")
    if node is None:
        return Vcpu(count=1)
    count = node.int_text("<vcpu>", hi=MAX_VCPUS)
    if count == 0:
        raise node.fail(codes.E104_INVALID_CONFIG, detail="<vcpu> must be at least 1")
    current = node.int_attr("current", hex_ok=False, hi=MAX_VCPUS)
    return Vcpu(
        count=count, current=current, placement=node.attr("placement"), cpuset=node.attr("cpuset")
    )


def read_cpu(root: Node) -> Cpu | None:
    node = root.child("cpu")
    if node is None:
        return None
    model = node.child("model")
    topo = node.child("topology")
    topology = None
    if topo is not None:
        topology = CpuTopology(
            sockets=topo.int_attr("sockets", hex_ok=False, lo=1, hi=MAX_VCPUS) or 1,
            dies=topo.int_attr("dies", hex_ok=False, lo=1, hi=MAX_VCPUS),
            cores=topo.int_attr("cores", hex_ok=False, lo=1, hi=MAX_VCPUS) or 1,
            threads=topo.int_attr("threads", hex_ok=False, lo=1, hi=MAX_VCPUS) or 1,
        )
    features = tuple(
        CpuFeature(name=f.req("name"), policy=f.attr("policy") or "require")
        for f in node.children("feature")
    )
    return Cpu(
        span=node.span,
        mode=node.attr("mode"),
        match=node.attr("match"),
        check=node.attr("check"),
        model=None if model is None else model.text(),
        fallback=None if model is None else model.attr("fallback"),
        vendor_id=None if model is None else model.attr("vendor_id"),
        migratable=node.on_off("migratable"),
        vendor=node.child_text("vendor"),
        topology=topology,
        features=features,
    )


# <features> children: the attributes each may carry, and the child elements it may have.
# Anything else stays unread and is reported as not supported.
_STATE = ("state",)
_FEATURE_ATTRS: dict[str, tuple[str, ...]] = {
    "acpi": (),
    "apic": ("eoi",),
    "pae": (),
    "pvspinlock": _STATE,
    "pmu": _STATE,
    "vmport": _STATE,
    "smm": _STATE,
    "vmcoreinfo": _STATE,
    "ioapic": ("driver",),
    "hyperv": ("mode",),
    "kvm": (),
    "tcg": (),
}
_HYPERV = (
    "relaxed",
    "vapic",
    "vpindex",
    "runtime",
    "synic",
    "reset",
    "frequencies",
    "reenlightenment",
    "ipi",
    "evmcs",
    "avic",
    "emsr_bitmap",
    "xmm_input",
)
_CHILD_ATTRS: dict[str, dict[str, tuple[str, ...]]] = {
    "hyperv": {
        **{name: _STATE for name in _HYPERV},
        "spinlocks": ("state", "retries"),
        "vendor_id": ("state", "value"),
        "stimer": _STATE,
        "tlbflush": _STATE,
    },
    "kvm": {
        "hidden": _STATE,
        "hint-dedicated": _STATE,
        "poll-control": _STATE,
        "pv-ipi": _STATE,
        "dirty-ring": ("state", "size"),
    },
    "smm": {"tseg": ()},
    "tcg": {"tb-cache": ()},
    "stimer": {"direct": _STATE},
    "tlbflush": {"direct": _STATE, "extended": _STATE},
}


def read_features(root: Node) -> tuple[Feature, ...]:
    node = root.child("features")
    if node is None:
        return ()
    return tuple(
        _feature(child, _FEATURE_ATTRS[child.tag])
        for child in node.children()
        if child.tag in _FEATURE_ATTRS
    )


def _feature(node: Node, allowed: tuple[str, ...]) -> Feature:
    state = None
    if "state" in allowed and node.has("state"):
        state = node.on_off("state")
    attrs = tuple(
        (name, node.attr(name) or "") for name in allowed if name != "state" and node.has(name)
    )
    known = _CHILD_ATTRS.get(node.tag, {})
    children = tuple(_feature(c, known[c.tag]) for c in node.children() if c.tag in known)
    return Feature(
        span=node.span,
        name=node.tag,
        state=state,
        attrs=attrs,
        children=children,
        size_kib=_feature_size(node),
    )


# Sized features and the unit their value has when the XML names none.
_SIZED = {"tseg": "MiB", "tb-cache": "KiB"}


def _feature_size(node: Node) -> int | None:
    if node.tag not in _SIZED:
        return None
    text = node.text()
    if not text:
        raise node.fail(codes.E105_MISSING, what=f"the value of <{node.tag}>")
    return scaled_kib(node, text, node.attr("unit") or _SIZED[node.tag], f"<{node.tag}>")


def read_iothreads(root: Node) -> IOThreads:
    count_node = root.child("iothreads")
    count = 0 if count_node is None else count_node.int_text("<iothreads>", hi=2**31 - 1)
    ids_node = root.child("iothreadids")
    ids = () if ids_node is None else tuple(_iothread(t) for t in ids_node.children("iothread"))
    main = root.child("defaultiothread")
    pool = None
    if main is not None:
        pool = (
            main.int_attr("thread_pool_min", hex_ok=False, hi=2**31 - 1),
            main.int_attr("thread_pool_max", hex_ok=False, hi=2**31 - 1),
        )
    return IOThreads(count=count, ids=ids, main_pool=pool)


def _iothread(node: Node) -> IOThread:
    ident = node.int_attr("id", hex_ok=False, lo=1, hi=2**31 - 1)
    if ident is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'id' of <iothread>")
    poll = node.child("poll")
    return IOThread(
        span=node.span,
        id=ident,
        pool_min=node.int_attr("thread_pool_min", hex_ok=False, hi=2**31 - 1),
        pool_max=node.int_attr("thread_pool_max", hex_ok=False, hi=2**31 - 1),
        poll_max_ns=None if poll is None else poll.int_attr("max", hex_ok=False),
        poll_grow=None if poll is None else poll.int_attr("grow", hex_ok=False),
        poll_shrink=None if poll is None else poll.int_attr("shrink", hex_ok=False),
    )


def read_launch_security(root: Node) -> LaunchSecurity | None:
    node = root.child("launchSecurity")
    if node is None:
        return None
    kind = node.req("type")
    if kind != "sev":
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="<launchSecurity type>", value=q(kind))
    values = {}
    for tag in ("cbitpos", "reducedPhysBits", "policy"):
        child = node.child(tag)
        if child is None:
            raise node.fail(codes.E105_MISSING, what=f"<launchSecurity><{tag}>")
        values[tag] = child.parse_int(child.text() or "", f"<{tag}>", hex_ok=True, hi=2**32 - 1)
    return LaunchSecurity(
        span=node.span,
        type="sev",
        cbitpos=values["cbitpos"],
        reduced_phys_bits=values["reducedPhysBits"],
        policy=values["policy"],
        dh_cert=node.child_text("dhCert"),
        session=node.child_text("session"),
        kernel_hashes=node.yes_no("kernelHashes"),
    )


def read_genid(root: Node) -> str | None:
    node = root.child("genid")
    return None if node is None else read_uuid(node)


def read_idmap(root: Node) -> None:
    """<idmap> maps container user ids; only container drivers use it, QEMU never does."""
    node = root.child("idmap")
    if node is not None:
        node.consume_subtree()


# Host-side settings libvirt applies around QEMU, never through its argv: thread pinning
# and scheduling (<cputune>), cgroup limits (<memtune>, <blkiotune>) and security labels
# of the process and its files (<seclabel>). The compiler accepts them and leaves them to
# whoever runs the command, as libvirt's command line builder does.
_HOST_SIDE = ("cputune", "memtune", "blkiotune", "seclabel")


def read_host_side(root: Node) -> None:
    """Accept the host-side elements (see _HOST_SIDE); they have no argv effect."""
    for tag in _HOST_SIDE:
        for node in root.children(tag):
            node.consume_subtree()


def read_clock(root: Node) -> Clock:
    node = root.child("clock")
    if node is None:
        return Clock()
    timers = tuple(
        Timer(
            name=t.req("name"),
            present=t.yes_no("present"),
            tickpolicy=t.attr("tickpolicy"),
            track=t.attr("track"),
            frequency=t.int_attr("frequency", hex_ok=False),
            mode=t.attr("mode"),
        )
        for t in node.children("timer")
    )
    start = node.int_attr("start", hex_ok=False) if node.has("start") else None
    return Clock(
        offset=node.attr("offset") or "utc",
        adjustment=node.attr("adjustment"),
        basis=node.attr("basis"),
        start=start,
        timezone=node.attr("timezone"),
        timers=timers,
    )


def read_pm(root: Node) -> PowerManagement:
    node = root.child("pm")
    if node is None:
        return PowerManagement()
    mem = node.child("suspend-to-mem")
    disk = node.child("suspend-to-disk")
    return PowerManagement(
        suspend_to_mem=None if mem is None else mem.yes_no("enabled"),
        suspend_to_disk=None if disk is None else disk.yes_no("enabled"),
    )


def read_lifecycle(root: Node) -> Lifecycle:
    return Lifecycle(
        on_poweroff=root.child_text("on_poweroff"),
        on_reboot=root.child_text("on_reboot"),
        on_crash=root.child_text("on_crash"),
    )
