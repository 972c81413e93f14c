"""align-memory: libvirt's x86 memory alignment, one behaviour per test."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Memory, MemoryDevice, Numa, NumaCell
from passes.align_memory import align_memory
from tests.passes.device_builders import SPAN, context, domain


def _cell(cid: int, kib: int) -> NumaCell:
    return NumaCell(span=SPAN, id=cid, cpus=(cid,), memory_kib=kib)


def test_initial_memory_rounds_up_to_a_mebibyte() -> None:
    dom = align_memory(replace(domain(), memory=Memory(total_kib=219100)), context())
    assert dom.memory.initial_kib == 219136
    assert dom.memory.total_kib == 219136


def test_numa_cells_round_individually_and_sum() -> None:
    numa = Numa(span=SPAN, cells=(_cell(0, 20002), _cell(1, 660066), _cell(2, 24002400)))
    dom = replace(domain(), memory=Memory(total_kib=24682468), numa=numa)
    out = align_memory(dom, context())
    assert [c.memory_kib for c in out.numa.cells] == [20480, 660480, 24002560]
    assert out.memory.initial_kib == 24683520


def test_modules_round_to_two_mebibytes_and_leave_initial_memory() -> None:
    dimm = MemoryDevice(span=SPAN, model="dimm", size_kib=524287, node=0)
    dom = replace(
        domain(),
        memory=Memory(total_kib=1572863, max_kib=4194304, slots=4),
        memories=(dimm,),
    )
    out = align_memory(dom, context())
    assert out.memories[0].size_kib == 524288
    assert out.memory.initial_kib == 1048576
    assert out.memory.total_kib == 1048576 + 524288


def test_initial_memory_above_max_memory_is_refused() -> None:
    ctx = context()
    numa = Numa(span=SPAN, cells=(_cell(0, 4096),))
    align_memory(replace(domain(), memory=Memory(total_kib=4096, max_kib=2048), numa=numa), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E104"]
