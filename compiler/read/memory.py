"""Read <memoryBacking>, <cpu><numa>, <numatune> and <devices><memory> (memory modules).

Node and CPU sets use libvirt's bitmap syntax ('0-3,^2,7'); :func:`parse_set` turns them
into sorted tuples so that passes and lowering never parse text again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal, cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    HugePage,
    MemoryBacking,
    MemoryDevice,
    Numa,
    NumaCache,
    NumaCell,
    NumaInterconnect,
    NumaMemnode,
    Numatune,
    OtherAddress,
)
from compiler.ir.query import is_decimal
from compiler.read.common import memory_kib, read_device_info, scaled_kib
from compiler.read.node import Node

# libvirt's VIR_DOMAIN_CPUMASK_LEN: the largest CPU or node set a bitmap may hold.
MAX_SET_BIT = 16383
NUMATUNE_MODES = ("strict", "preferred", "interleave", "restrictive")
MEMORY_MODELS = ("dimm", "nvdimm", "virtio-pmem", "virtio-mem")


def parse_set(node: Node, text: str, what: str) -> tuple[int, ...]:
    """libvirt's virBitmapParse: 'N', 'N-M' and '^N' items separated by commas."""
    included: set[int] = set()
    excluded: set[int] = set()
    for item in text.split(","):
        item = item.strip()
        negate = item.startswith("^")
        body = item[1:] if negate else item
        lo_text, _, hi_text = body.partition("-")
        if (
            not is_decimal(lo_text, 6)
            or (hi_text and not is_decimal(hi_text, 6))
            or (negate and hi_text)
        ):
            raise node.fail(codes.E102_UNSUPPORTED_VALUE, what=what, value=q(text))
        lo = int(lo_text)
        hi = int(hi_text) if hi_text else lo
        if hi < lo or hi > MAX_SET_BIT:
            raise node.fail(codes.E102_UNSUPPORTED_VALUE, what=what, value=q(text))
        (excluded if negate else included).update(range(lo, hi + 1))
    return tuple(sorted(included - excluded))


def _set_attr(node: Node, name: str) -> tuple[int, ...] | None:
    value = node.attr(name)
    return None if value is None else parse_set(node, value, f"attribute {name!r} of <{node.tag}>")


def _choice(node: Node, name: str, allowed: tuple[str, ...]) -> str | None:
    value = node.attr(name)
    if value is not None and value not in allowed:
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what=f"attribute {name!r} of <{node.tag}>", value=q(value)
        )
    return value


# --- <memoryBacking> ------------------------------------------------------------------------


def read_memory_backing(root: Node) -> MemoryBacking | None:
    node = root.child("memoryBacking")
    if node is None:
        return None
    pages: tuple[HugePage, ...] = ()
    huge = node.child("hugepages")
    if huge is not None:
        pages = tuple(_page(p) for p in huge.children("page")) or (HugePage(span=huge.span),)
    source = node.child("source")
    access = node.child("access")
    allocation = node.child("allocation")
    return MemoryBacking(
        span=node.span,
        hugepages=pages,
        nosharepages=node.child("nosharepages") is not None,
        locked=node.child("locked") is not None,
        source=cast(
            Literal["file", "anonymous", "memfd"] | None,
            None if source is None else _choice(source, "type", ("file", "anonymous", "memfd")),
        ),
        access=cast(
            Literal["shared", "private"] | None,
            None if access is None else _choice(access, "mode", ("shared", "private")),
        ),
        allocation=cast(
            Literal["immediate", "ondemand"] | None,
            None if allocation is None else _choice(allocation, "mode", ("immediate", "ondemand")),
        ),
        allocation_threads=None
        if allocation is None
        else allocation.int_attr("threads", hex_ok=False, hi=2**32 - 1),
        discard=node.child("discard") is not None,
    )


def _page(node: Node) -> HugePage:
    size = node.attr("size")
    size_kib = None if size is None else scaled_kib(node, size, node.attr("unit"), "<page size>")
    return HugePage(span=node.span, size_kib=size_kib, nodeset=_set_attr(node, "nodeset"))


# --- <cpu><numa> ------------------------------------------------------------------------------


def read_numa(cpu: Node | None) -> Numa | None:
    node = None if cpu is None else cpu.child("numa")
    if node is None:
        return None
    cells = [_cell(c) for c in node.children("cell")]
    ids = sorted(c.id for c in cells)
    if ids != list(range(len(cells))):
        raise node.fail(
            codes.E104_INVALID_CONFIG,
            detail="NUMA cell ids must be unique and cover 0..N-1 for N <cell> elements",
        )
    links = node.child("interconnects")
    interconnects: tuple[NumaInterconnect, ...] = ()
    if links is not None:
        interconnects = tuple(
            _interconnect(x) for x in links.children() if x.tag in ("latency", "bandwidth")
        )
    return Numa(
        span=node.span,
        cells=tuple(sorted(cells, key=lambda c: c.id)),
        interconnects=interconnects,
    )


def _cell(node: Node) -> NumaCell:
    cell_id = node.int_attr("id", hex_ok=False, hi=MAX_SET_BIT)
    if cell_id is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'id' of <cell>")
    memory = node.req("memory")
    distances = node.child("distances")
    return NumaCell(
        span=node.span,
        id=cell_id,
        cpus=_set_attr(node, "cpus") or (),
        memory_kib=scaled_kib(node, memory, node.attr("unit"), "<cell memory>"),
        mem_access=cast(
            Literal["shared", "private"] | None, _choice(node, "memAccess", ("shared", "private"))
        ),
        discard=node.yes_no("discard"),
        caches=tuple(_cache(c) for c in node.children("cache")),
        distances=()
        if distances is None
        else tuple(
            (
                s.int_attr("id", hex_ok=False, hi=MAX_SET_BIT) or 0,
                s.int_attr("value", hex_ok=False, lo=10, hi=255) or 10,
            )
            for s in distances.children("sibling")
        ),
    )


def _cache(node: Node) -> NumaCache:
    size = node.child("size")
    line = node.child("line")
    if size is None or line is None:
        raise node.fail(codes.E105_MISSING, what="<size> and <line> of <cache>")
    line_unit = (line.attr("unit") or "B").lower()
    line_value = line.req("value")
    if line_unit in ("b", "bytes"):
        line_bytes = line.parse_int(line_value, "<line value>", hex_ok=False)
    else:
        line_bytes = scaled_kib(line, line_value, line_unit, "<line value>") * 1024
    return NumaCache(
        level=node.int_attr("level", hex_ok=False, lo=1, hi=3) or 1,
        associativity=cast(
            Literal["none", "direct", "full"],
            _choice(node, "associativity", ("none", "direct", "full")) or "none",
        ),
        policy=cast(
            Literal["none", "writeback", "writethrough"],
            _choice(node, "policy", ("none", "writeback", "writethrough")) or "none",
        ),
        size_kib=scaled_kib(size, size.req("value"), size.attr("unit"), "<cache size>"),
        line_bytes=line_bytes,
    )


def _interconnect(node: Node) -> NumaInterconnect:
    value = node.req("value")
    amount = (
        node.parse_int(value, "<latency value>", hex_ok=False)
        if node.tag == "latency"
        else scaled_kib(node, value, node.attr("unit"), "<bandwidth value>")
    )
    return NumaInterconnect(
        kind=cast(Literal["latency", "bandwidth"], node.tag),
        initiator=node.int_attr("initiator", hex_ok=False, hi=MAX_SET_BIT) or 0,
        target=node.int_attr("target", hex_ok=False, hi=MAX_SET_BIT) or 0,
        cache=node.int_attr("cache", hex_ok=False, hi=3) or 0,
        type=cast(
            Literal["access", "read", "write"],
            _choice(node, "type", ("access", "read", "write")) or "access",
        ),
        value=amount,
    )


# --- <numatune> ------------------------------------------------------------------------------


def read_numatune(root: Node) -> Numatune | None:
    node = root.child("numatune")
    if node is None:
        return None
    memory = node.child("memory")
    mode = nodeset = placement = None
    if memory is not None:
        mode = _choice(memory, "mode", NUMATUNE_MODES)
        nodeset = _set_attr(memory, "nodeset")
        placement = _choice(memory, "placement", ("static", "auto"))
    memnodes = tuple(
        NumaMemnode(
            span=m.span,
            cellid=m.int_attr("cellid", hex_ok=False, hi=MAX_SET_BIT) or 0,
            mode=cast(Literal["strict"], _choice(m, "mode", NUMATUNE_MODES) or "strict"),
            nodeset=_set_attr(m, "nodeset") or (),
        )
        for m in node.children("memnode")
    )
    return Numatune(
        span=node.span,
        mode=cast(Literal["strict"], mode or "strict"),
        nodeset=nodeset,
        placement=cast(Literal["static", "auto"] | None, placement),
        memnodes=memnodes,
    )


# --- <devices><memory> ----------------------------------------------------------------------


def read_memory_device(node: Node) -> MemoryDevice:
    model = _choice(node, "model", MEMORY_MODELS)
    if model is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'model' of <memory>")
    target = node.child("target")
    size = None if target is None else target.child("size")
    if target is None or size is None:
        raise node.fail(codes.E105_MISSING, what="<target><size> of <memory>")
    source = node.child("source")
    info = read_device_info(node, boot=False)
    slot = base = None
    if isinstance(info.address, OtherAddress) and info.address.type == "dimm":
        attrs = dict(info.address.attrs)
        slot = node.parse_int(attrs.get("slot", "0"), "dimm slot", hi=2**31 - 1)
        if "base" in attrs:
            base = node.parse_int(attrs["base"], "dimm base")
        info = replace(info, address=None)
    return MemoryDevice(
        span=node.span,
        model=cast(Literal["dimm"], model),
        access=cast(
            Literal["shared", "private"] | None, _choice(node, "access", ("shared", "private"))
        ),
        discard=node.yes_no("discard"),
        size_kib=memory_kib(size, "<memory><target><size>"),
        node=_optional_int(target, "node"),
        pagesize_kib=_optional_kib(source, "pagesize"),
        nodemask=_optional_set(source, "nodemask"),
        path=None if source is None else source.child_text("path"),
        align_kib=_optional_kib(source, "alignsize"),
        pmem=source is not None and source.child("pmem") is not None,
        label_kib=_label_kib(target),
        readonly=target.child("readonly") is not None,
        block_kib=_optional_kib(target, "block"),
        requested_kib=_optional_kib(target, "requested"),
        slot=slot,
        base=base,
        info=info,
    )


def _optional_int(parent: Node, tag: str) -> int | None:
    child = parent.child(tag)
    return None if child is None else child.int_text(f"<{tag}>", hi=MAX_SET_BIT)


def _optional_kib(parent: Node | None, tag: str) -> int | None:
    child = None if parent is None else parent.child(tag)
    return None if child is None else memory_kib(child, f"<{tag}>")


def _optional_set(parent: Node | None, tag: str) -> tuple[int, ...] | None:
    child = None if parent is None else parent.child(tag)
    return None if child is None else parse_set(child, child.text() or "", f"<{tag}>")


def _label_kib(target: Node) -> int | None:
    label = target.child("label")
    return None if label is None else _optional_kib(label, "size")
