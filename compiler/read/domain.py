"""Read the domain-level elements: identity, memory, vcpus, os, cpu, features, clock."""

from __future__ import annotations

import re

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    BootConfig,
    Clock,
    Cpu,
    CpuFeature,
    CpuTopology,
    Feature,
    Lifecycle,
    Memory,
    Os,
    PowerManagement,
    Timer,
    Vcpu,
)
from compiler.read.common import memory_kib
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


def read_os(root: Node) -> Os:
    node = root.child("os")
    if node is None:
        raise root.fail(codes.E105_MISSING, what="<os>")
    type_node = node.child("type")
    if type_node is None:
        raise node.fail(codes.E105_MISSING, what="<os><type>")
    devices = tuple(b.req("dev") for b in node.children("boot"))
    menu = timeout = None
    menu_node = node.child("bootmenu")
    if menu_node is not None:
        menu = menu_node.yes_no("enable")
        timeout = menu_node.int_attr("timeout", hex_ok=False, hi=65535)
    useserial = reboot_timeout = None
    bios = node.child("bios")
    if bios is not None:
        useserial = bios.yes_no("useserial")
        reboot_timeout = (
            bios.parse_int(bios.attr("rebootTimeout") or "", "rebootTimeout", hex_ok=False)
            if bios.has("rebootTimeout")
            else None
        )
    return Os(
        span=node.span,
        type=type_node.text() or "hvm",
        arch=type_node.attr("arch"),
        machine=type_node.attr("machine"),
        boot=BootConfig(
            devices=devices,
            menu=menu,
            menu_timeout=timeout,
            reboot_timeout=reboot_timeout,
            bios_useserial=useserial,
        ),
        kernel=node.child_text("kernel"),
        initrd=node.child_text("initrd"),
        cmdline=node.child_text("cmdline"),
        dtb=node.child_text("dtb"),
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
        vendor=node.child_text("vendor"),
        topology=topology,
        features=features,
    )


def read_features(root: Node) -> tuple[Feature, ...]:
    node = root.child("features")
    if node is None:
        return ()
    return tuple(_feature(child) for child in node.children())


def _feature(node: Node) -> Feature:
    state = None
    if node.has("state"):
        state = node.on_off("state")
    attrs = tuple(
        (name, node.attr(name) or "") for name in sorted(node.elem.attrib) if name != "state"
    )
    return Feature(
        span=node.span,
        name=node.tag,
        state=state,
        attrs=attrs,
        children=tuple(_feature(c) for c in node.children()),
    )


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
