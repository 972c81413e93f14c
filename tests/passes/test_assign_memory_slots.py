"""assign-memory-slots: explicit slots are kept, the others take the lowest free one."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Memory, MemoryDevice
from passes.assign_memory_slots import assign_memory_slots
from tests.passes.device_builders import SPAN, context, domain, messages


def _dom(*mems: MemoryDevice):  # type: ignore[no-untyped-def]
    return replace(domain(), memory=Memory(total_kib=1024, max_kib=8192, slots=3), memories=mems)


def _dimm(slot: int | None = None, model: str = "dimm") -> MemoryDevice:
    return MemoryDevice(span=SPAN, model=model, size_kib=2048, node=0, slot=slot)  # type: ignore[arg-type]


def test_free_slots_are_filled_lowest_first() -> None:
    out = assign_memory_slots(_dom(_dimm(), _dimm(0), _dimm(model="nvdimm")), context())
    assert [m.slot for m in out.memories] == [1, 0, 2]


def test_virtio_modules_take_no_slot() -> None:
    out = assign_memory_slots(_dom(_dimm(model="virtio-mem")), context())
    assert out.memories[0].slot is None


def test_slot_beyond_the_count_is_refused() -> None:
    (msg,) = messages(assign_memory_slots, _dom(_dimm(3)))
    assert "memory slot 3" in msg


def test_running_out_of_slots_is_refused() -> None:
    ctx = context()
    assign_memory_slots(_dom(_dimm(), _dimm(), _dimm(), _dimm()), ctx)
    assert [d.code.id for d in ctx.diagnostics] == ["E303"]
