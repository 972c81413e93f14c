"""Domain IR for memory: <memoryBacking>, guest NUMA cells, <numatune> and memory devices.

libvirt keeps these apart from <memory> itself: the backing says *how* guest RAM is
provided (huge pages, memfd, a file, shared or private), the NUMA cells and <numatune>
say *where*, and <devices><memory> adds hot-pluggable modules (DIMM, NVDIMM, virtio-mem,
virtio-pmem). Sizes are KiB, as in libvirt; node sets are sorted tuples of node ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.diagnostics import Span
from compiler.ir.common import DeviceInfo, Tristate, host_path

NodeSet = tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HugePage:
    """One <hugepages><page>: a page size for all guest cells or for the cells in nodeset."""

    span: Span
    size_kib: int | None = None  # None: the host's default huge page size
    nodeset: NodeSet | None = None  # guest NUMA cells; None: every cell without its own page


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryBacking:
    span: Span
    hugepages: tuple[HugePage, ...] = ()
    nosharepages: bool = False
    locked: bool = False
    source: Literal["file", "anonymous", "memfd"] | None = None
    access: Literal["shared", "private"] | None = None
    allocation: Literal["immediate", "ondemand"] | None = None
    allocation_threads: int | None = None
    discard: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class NumaCache:
    level: int
    associativity: Literal["none", "direct", "full"]
    policy: Literal["none", "writeback", "writethrough"]
    size_kib: int
    line_bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NumaCell:
    span: Span
    id: int
    cpus: NodeSet = ()
    memory_kib: int
    mem_access: Literal["shared", "private"] | None = None
    discard: Tristate = None
    caches: tuple[NumaCache, ...] = ()
    distances: tuple[tuple[int, int], ...] = ()  # (sibling cell id, distance)


@dataclass(frozen=True, slots=True, kw_only=True)
class NumaInterconnect:
    """One HMAT <latency> or <bandwidth> entry between an initiator and a target cell."""

    kind: Literal["latency", "bandwidth"]
    initiator: int
    target: int
    cache: int  # 0: the memory itself; N: the level-N cache
    type: Literal["access", "read", "write"]
    value: int  # latency in ns, bandwidth in KiB/s


@dataclass(frozen=True, slots=True, kw_only=True)
class Numa:
    span: Span
    cells: tuple[NumaCell, ...]
    interconnects: tuple[NumaInterconnect, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NumaMemnode:
    span: Span
    cellid: int
    mode: Literal["strict", "preferred", "interleave", "restrictive"]
    nodeset: NodeSet


@dataclass(frozen=True, slots=True, kw_only=True)
class Numatune:
    span: Span
    mode: Literal["strict", "preferred", "interleave", "restrictive"] = "strict"
    nodeset: NodeSet | None = None  # <memory nodeset=>; None with placement='auto'
    placement: Literal["static", "auto"] | None = None
    memnodes: tuple[NumaMemnode, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryDevice:
    """<devices><memory model=...>: a hot-pluggable memory module."""

    span: Span
    model: Literal["dimm", "nvdimm", "virtio-pmem", "virtio-mem"]
    access: Literal["shared", "private"] | None = None
    discard: Tristate = None
    size_kib: int
    node: int | None = None  # guest NUMA cell; None for virtio-pmem
    pagesize_kib: int | None = None  # <source><pagesize> (dimm, virtio-mem)
    nodemask: NodeSet | None = None  # <source><nodemask> (dimm, virtio-mem)
    path: str | None = host_path()  # <source><path> (nvdimm, virtio-pmem)
    align_kib: int | None = None  # <source><alignsize> (nvdimm)
    pmem: bool = False  # <source><pmem/> (nvdimm)
    label_kib: int | None = None  # <target><label><size> (nvdimm)
    readonly: bool = False  # <target><readonly/> (nvdimm)
    block_kib: int | None = None  # <target><block> (virtio-mem)
    requested_kib: int | None = None  # <target><requested> (virtio-mem)
    slot: int | None = None  # <address type='dimm' slot=>; set by assign-memory-slots
    base: int | None = None  # <address type='dimm' base=>
    info: DeviceInfo = DeviceInfo()
