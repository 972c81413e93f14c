"""Lower guest memory: -m, default RAM, -overcommit, -numa and memory modules.

The backend objects themselves come from :mod:`compiler.lower.memory_backend`; this
module places them: the default RAM right after -m (no NUMA), one per guest NUMA cell
before its -numa node, and one per memory module before its -device.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.command import Obj
from compiler.ir.domain import MemoryDevice, Numa
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, props
from compiler.lower.features import onoff
from compiler.lower.memory_backend import (
    Request,
    build_backend,
    emit_backend,
    legacy_mem_options,
    legacy_mem_path,
    page_size,
)

_HIERARCHY = ("memory", "first-level", "second-level", "third-level")
_ASSOCIATIVITY = {"none": "none", "direct": "direct", "full": "complex"}
_CACHE_POLICY = {"none": "none", "writeback": "write-back", "writethrough": "write-through"}


# --- -m, default RAM, -overcommit (qemuBuildMemCommandLine) --------------------------------


def lower_memory(b: Builder) -> None:
    dom = b.dom
    mem = dom.memory
    initial = mem.initial_kib if mem.initial_kib is not None else mem.total_kib
    if mem.max_kib is not None:
        items = [("size", f"{initial}k")]
        if mem.slots:
            items.append(("slots", str(mem.slots)))
        items.append(("maxmem", f"{mem.max_kib}k"))
        b.kv("-m", None, *items)
    else:
        b.word("-m", str(initial // 1024))
    ram_id = _default_ram_id(b)
    if dom.numa is None:
        if ram_id is not None:
            req = Request(alias=ram_id, path_alias=ram_id, size_kib=initial, system=True)
            emit_backend(b, build_backend(b, req, mem_prealloc=False))
        else:
            legacy_mem_path(b)
    locked = dom.memory_backing is not None and dom.memory_backing.locked
    b.kv("-overcommit", None, ("mem-lock", onoff(locked)))


def _default_ram_id(b: Builder) -> str | None:
    machine = b.ctx.target.machine(b.dom.os.machine or "")
    return None if machine is None else machine.default_ram_id


# --- -numa (qemuBuildNumaCommandLine) ---------------------------------------------------------


def lower_numa(b: Builder) -> None:
    numa = b.dom.numa
    if numa is None:
        return
    machine = b.ctx.target.machine(b.dom.os.machine or "")
    hmat = bool(numa.interconnects) or any(c.caches for c in numa.cells)
    backends = [
        build_backend(
            b,
            Request(
                alias=f"ram-node{c.id}",
                path_alias=f"ram-node{c.id}",
                size_kib=c.memory_kib,
                cell=c.id,
            ),
            mem_prealloc=False,
        )
        for c in numa.cells
    ]
    need_backend = (
        machine is None or not machine.numa_mem_supported or hmat or any(x.needed for x in backends)
    )
    if not need_backend:
        legacy_mem_path(b)
    master = next((c.id for c in numa.cells if c.cpus), None)
    if master is None:
        b.ctx.error(
            codes.E104_INVALID_CONFIG, numa.span, detail="at least one NUMA cell needs CPUs"
        )
        return
    for cell, cell_backend in zip(numa.cells, backends, strict=True):
        if need_backend:
            emit_backend(b, cell_backend)
        items: list[tuple[str, str | None]] = [("nodeid", str(cell.id))]
        items += [("cpus", part) for part in _ranges(cell.cpus).split(",") if part]
        if hmat:
            items.append(("initiator", str(_initiator(numa, cell.id, master))))
        if need_backend:
            items.append(("memdev", f"ram-node{cell.id}"))
        else:
            items.append(("mem", str(cell.memory_kib // 1024)))
        b.kv("-numa", "node", *items, span=cell.span)
    _distances(b)
    if hmat:
        _hmat(b)


def _initiator(numa: Numa, cell: int, master: int) -> int:
    """A cell with CPUs initiates for itself; a memory-only cell takes the initiator of an
    interconnect that targets it, else the first cell with CPUs (virDomainNumaGetNodeInitiator)."""
    if numa.cells[cell].cpus:
        return cell
    return next((link.initiator for link in numa.interconnects if link.target == cell), master)


def _distances(b: Builder) -> None:
    cells = b.dom.numa.cells if b.dom.numa is not None else ()
    table = {(c.id, sib): val for c in cells for sib, val in c.distances}
    if not table:
        return
    for src in cells:
        for dst in cells:
            default = 10 if src.id == dst.id else 20
            val = table.get((src.id, dst.id), table.get((dst.id, src.id), default))
            b.kv("-numa", "dist", ("src", str(src.id)), ("dst", str(dst.id)), ("val", str(val)))


def _hmat(b: Builder) -> None:
    numa = b.dom.numa
    assert numa is not None
    for link in numa.interconnects:
        unit = "latency" if link.kind == "latency" else "bandwidth"
        value = str(link.value) if link.kind == "latency" else f"{link.value}K"
        b.kv(
            "-numa",
            "hmat-lb",
            ("initiator", str(link.initiator)),
            ("target", str(link.target)),
            ("hierarchy", _HIERARCHY[link.cache]),
            ("data-type", f"{link.type}-{unit}"),
            (unit, value),
        )
    for cell in numa.cells:
        for cache in cell.caches:
            items = [
                ("node-id", str(cell.id)),
                ("size", f"{cache.size_kib}K"),
                ("level", str(cache.level)),
                ("associativity", _ASSOCIATIVITY[cache.associativity]),
                ("policy", _CACHE_POLICY[cache.policy]),
            ]
            if cache.line_bytes:
                items.append(("line", str(cache.line_bytes)))
            b.kv("-numa", "hmat-cache", *items)


def _ranges(nodes: tuple[int, ...]) -> str:
    """libvirt's virBitmapFormat: '0-3,5,7-8'."""
    parts: list[str] = []
    start = prev = None
    for n in nodes:
        if start is None:
            start = prev = n
        elif prev is not None and n == prev + 1:
            prev = n
        else:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ",".join(parts)


# --- memory modules (qemuBuildMemoryDeviceCommandLine) ----------------------------------------

_DRIVERS = {
    "dimm": "pc-dimm",
    "nvdimm": "nvdimm",
    "virtio-pmem": "virtio-pmem-pci",
    "virtio-mem": "virtio-mem-pci",
}


def lower_memory_devices(b: Builder) -> None:
    mem_prealloc = _numa_legacy_prealloc(b)
    for dev in b.dom.memories:
        alias = dev.info.alias or ""
        req = Request(
            alias=f"mem{alias}",
            path_alias=alias,
            size_kib=dev.size_kib,
            cell=dev.node,
            device=dev,
            force=True,
        )
        emit_backend(b, build_backend(b, req, mem_prealloc))
        b.device(_device_props(b, dev, req), span=dev.span)


def _device_props(b: Builder, dev: MemoryDevice, req: Request) -> Obj:
    prealloc = None
    if dev.model == "virtio-mem" and b.ctx.target.has("virtio-mem-pci.prealloc"):
        backing = b.dom.memory_backing
        _size, _need, use_huge = page_size(b, req)
        immediate = backing is not None and backing.allocation == "immediate"
        prealloc = True if (use_huge or immediate) else None
    if dev.slot is None:
        address = address_props(b.dom, dev.info)
    else:
        address = props(("slot", dev.slot), ("addr", dev.base or None))
    return props(
        ("driver", _DRIVERS[dev.model]),
        ("node", dev.node),
        ("label-size", dev.label_kib * 1024 if dev.label_kib else None),
        ("block-size", dev.block_kib * 1024 if dev.block_kib else None),
        ("requested-size", dev.requested_kib * 1024 if dev.requested_kib else None),
        ("unarmed", True if dev.readonly else None),
        ("memdev", req.alias),
        ("prealloc", prealloc),
        ("id", dev.info.alias),
        *address.items,
    )


def _numa_legacy_prealloc(b: Builder) -> bool:
    """Whether -mem-prealloc was emitted for NUMA cells (then backends do not prealloc)."""
    numa = b.dom.numa
    machine = b.ctx.target.machine(b.dom.os.machine or "")
    if numa is None or machine is None or not machine.numa_mem_supported:
        return False
    if any(c.caches for c in numa.cells) or numa.interconnects:
        return False
    for cell in numa.cells:
        req = Request(alias="", path_alias="", size_kib=cell.memory_kib, cell=cell.id)
        if build_backend(b, req, mem_prealloc=False).needed:
            return False
    return legacy_mem_options(b)[0]
