"""refuse-invalid-memory: huge pages, host node sets and memory modules that cannot work."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import (
    HugePage,
    Memory,
    MemoryBacking,
    MemoryDevice,
    Numa,
    NumaCell,
    NumaMemnode,
    Numatune,
)
from passes.refuse_invalid_memory import refuse_invalid_memory
from tests.passes.device_builders import SPAN, domain, messages

NUMA = Numa(span=SPAN, cells=(NumaCell(span=SPAN, id=0, cpus=(0,), memory_kib=1024),))


def _pages(*pages: HugePage):  # type: ignore[no-untyped-def]
    return replace(domain(), memory_backing=MemoryBacking(span=SPAN, hugepages=pages))


def test_default_and_mounted_page_sizes_are_accepted() -> None:
    dom = _pages(HugePage(span=SPAN), HugePage(span=SPAN, size_kib=1048576, nodeset=(0,)))
    assert messages(refuse_invalid_memory, dom) == []


def test_page_size_without_a_mount_is_refused() -> None:
    (msg,) = messages(refuse_invalid_memory, _pages(HugePage(span=SPAN, size_kib=5120)))
    assert msg == "no hugetlbfs mount provides 5120 KiB pages"


def test_system_page_size_needs_no_mount() -> None:
    assert messages(refuse_invalid_memory, _pages(HugePage(span=SPAN, size_kib=4))) == []


def test_page_nodeset_must_name_guest_cells() -> None:
    (msg,) = messages(refuse_invalid_memory, _pages(HugePage(span=SPAN, nodeset=(1,))))
    assert msg == "hugepages: guest NUMA node 1 does not exist"


def test_host_nodes_must_exist() -> None:
    tune = Numatune(
        span=SPAN, memnodes=(NumaMemnode(span=SPAN, cellid=0, mode="strict", nodeset=(999,)),)
    )
    (msg,) = messages(refuse_invalid_memory, replace(domain(), numa=NUMA, numatune=tune))
    assert msg == "host NUMA node 999 is not available"


def test_memory_modules_need_numa_and_max_memory() -> None:
    dimm = MemoryDevice(span=SPAN, model="dimm", size_kib=2048, node=0)
    assert messages(refuse_invalid_memory, replace(domain(), memories=(dimm,))) == [
        "memory hotplug needs at least one guest NUMA cell (<cpu><numa>)"
    ]
    dom = replace(domain(), numa=NUMA, memories=(dimm,))
    assert messages(refuse_invalid_memory, dom) == ["memory devices need <maxMemory>"]
    dom = replace(dom, memory=Memory(total_kib=1024, max_kib=4096, slots=1))
    assert messages(refuse_invalid_memory, dom) == []
