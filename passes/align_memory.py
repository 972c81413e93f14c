"""Round memory sizes up as libvirt's qemuDomainAlignMemorySizes does on x86.

QEMU takes whole mebibytes for guest RAM, so every NUMA cell is rounded up to 1024 KiB on
its own and the initial memory is their sum (without NUMA: <memory> minus the memory
devices, rounded up). Memory modules are rounded to 2 MiB, <maxMemory> to 1 MiB. The
total is recomputed from the aligned parts, as libvirt does.
Before: Memory(total_kib=219100)   After: Memory(total_kib=219136, initial_kib=219136)
Postcondition: memory.initial_kib is set and every size is aligned.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.domain import Domain, MemoryDevice
from compiler.passmanager import Pass, PassContext

ALIGN_KIB = 1024
MODULE_ALIGN_KIB = 2048


def _up(kib: int, align: int = ALIGN_KIB) -> int:
    return -(-kib // align) * align


def _module_align(dev: MemoryDevice) -> int:
    # virtio-mem plugs whole blocks, so a module is a multiple of its block size too.
    if dev.model == "virtio-mem" and dev.block_kib:
        return max(MODULE_ALIGN_KIB, dev.block_kib)
    return MODULE_ALIGN_KIB


def align_memory(dom: Domain, ctx: PassContext) -> Domain:
    mem = dom.memory
    plugged = sum(d.size_kib for d in dom.memories)
    numa = dom.numa
    if numa is not None:
        cells = tuple(replace(c, memory_kib=_up(c.memory_kib)) for c in numa.cells)
        numa = replace(numa, cells=cells)
        initial = sum(c.memory_kib for c in cells)
    else:
        initial = _up(max(mem.total_kib - plugged, 0))
    memories = tuple(replace(d, size_kib=_up(d.size_kib, _module_align(d))) for d in dom.memories)
    max_kib = None if mem.max_kib is None else _up(mem.max_kib)
    if max_kib is not None and initial > max_kib:
        ctx.error(
            codes.E104_INVALID_CONFIG,
            dom.span,
            detail="initial memory must not exceed <maxMemory>",
        )
    return replace(
        dom,
        numa=numa,
        memories=memories,
        memory=replace(
            mem,
            total_kib=initial + sum(d.size_kib for d in memories),
            initial_kib=initial,
            max_kib=max_kib,
            aligned=True,
        ),
    )


PASS = Pass(
    name="align-memory",
    run=align_memory,
    summary="Round memory sizes up to whole MiB (modules to 2 MiB)",
    ensures=lambda d: d.memory.initial_kib is not None and d.memory.initial_kib % ALIGN_KIB == 0,
)
