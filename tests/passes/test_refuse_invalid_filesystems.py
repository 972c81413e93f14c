"""refuse-invalid-filesystems: virtiofs needs shared memory and cannot be read-only."""

from __future__ import annotations

from compiler.ir.domain import Filesystem
from compiler.ir.memory import MemoryBacking, Numa, NumaCell
from passes.refuse_invalid_filesystems import refuse_invalid_filesystems
from tests.passes.device_builders import SPAN, domain, messages

VIRTIOFS = Filesystem(span=SPAN, type="mount", driver="virtiofs", source="/s", target="t")
SHARED = MemoryBacking(span=SPAN, access="shared")


def test_virtiofs_with_shared_memory_is_accepted() -> None:
    dom = domain(filesystems=(VIRTIOFS,), memory_backing=SHARED)
    assert messages(refuse_invalid_filesystems, dom) == []


def test_virtiofs_needs_shared_memory() -> None:
    dom = domain(filesystems=(VIRTIOFS,))
    assert messages(refuse_invalid_filesystems, dom) == ["'virtiofs' requires shared memory"]


def test_a_private_numa_cell_is_not_shared() -> None:
    cells = (
        NumaCell(span=SPAN, id=0, cpus=(0,), memory_kib=512, mem_access="shared"),
        NumaCell(span=SPAN, id=1, cpus=(1,), memory_kib=512, mem_access="private"),
    )
    dom = domain(filesystems=(VIRTIOFS,), memory_backing=SHARED, numa=Numa(span=SPAN, cells=cells))
    assert messages(refuse_invalid_filesystems, dom) == ["'virtiofs' requires shared memory"]


def test_9p_needs_nothing_shared() -> None:
    nine_p = Filesystem(span=SPAN, type="mount", source="/s", target="t")
    assert messages(refuse_invalid_filesystems, domain(filesystems=(nine_p,))) == []
