"""Round memory sizes up as libvirt's qemuDomainAlignMemorySizes does on x86.

QEMU takes whole mebibytes for -m, so the initial memory is rounded up to 1024 KiB (and
so is <maxMemory>). '-m 214' for <memory unit='KiB'>219100</memory> comes from here.
Before: Memory(total_kib=219100)   After: Memory(total_kib=219136, aligned=True)
Postcondition: memory sizes are multiples of 1024 KiB.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

ALIGN_KIB = 1024


def _up(kib: int) -> int:
    return -(-kib // ALIGN_KIB) * ALIGN_KIB


def align_memory(dom: Domain, ctx: PassContext) -> Domain:
    mem = dom.memory
    max_kib = None if mem.max_kib is None else _up(mem.max_kib)
    return replace(
        dom, memory=replace(mem, total_kib=_up(mem.total_kib), max_kib=max_kib, aligned=True)
    )


PASS = Pass(
    name="align-memory",
    run=align_memory,
    summary="Round memory sizes up to whole MiB",
    ensures=lambda d: d.memory.total_kib % ALIGN_KIB == 0,
)
