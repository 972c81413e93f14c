"""Refuse memory configurations that libvirt rejects before starting QEMU.

These are libvirt's post-parse and start-time checks on guest memory: huge pages must
name existing guest NUMA cells and a page size some hugetlbfs mount provides; host node
sets must name host NUMA nodes that exist; memory modules need <maxMemory> and a guest
NUMA topology (qemuDomainDefValidateMemoryHotplug). Host facts come from the profile
(hugetlbfs mounts, host NUMA node count), never from the machine running the compiler.
Before: <page size='5' unit='MiB'/> with only 2 MiB and 1 GiB mounts.
After:  E104 at <page>; Domain unchanged.
Postcondition: every page size and node set refers to something that exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import codes
from compiler.diagnostics import Span
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext


def refuse_invalid_memory(dom: Domain, ctx: PassContext) -> Domain:
    for span, detail in _problems(dom, ctx):
        ctx.error(codes.E104_INVALID_CONFIG, span, detail=detail)
    return dom


def _problems(dom: Domain, ctx: PassContext) -> Iterator[tuple[Span, str]]:
    yield from _hugepage_problems(dom, ctx)
    yield from _host_node_problems(dom, ctx)
    yield from _module_problems(dom)


def _hugepage_problems(dom: Domain, ctx: PassContext) -> Iterator[tuple[Span, str]]:
    backing = dom.memory_backing
    if backing is None:
        return
    cells = len(dom.numa.cells) if dom.numa is not None else 1
    sizes = [p.size_kib for p in backing.hugepages] + [m.pagesize_kib for m in dom.memories]
    spans = [p.span for p in backing.hugepages] + [m.span for m in dom.memories]
    for page in backing.hugepages:
        for node in page.nodeset or ():
            if node >= cells:
                yield page.span, f"hugepages: guest NUMA node {node} does not exist"
    mounts = {size for _path, size in ctx.profile.hugetlbfs}
    for size, span in zip(sizes, spans, strict=True):
        if size is not None and size != ctx.host.page_size_kib and size not in mounts:
            yield span, f"no hugetlbfs mount provides {size} KiB pages"


def _host_node_problems(dom: Domain, ctx: PassContext) -> Iterator[tuple[Span, str]]:
    available = ctx.profile.host_numa_nodes
    tune = dom.numatune
    sets = [(m.span, m.nodemask) for m in dom.memories]
    if tune is not None:
        sets.append((tune.span, tune.nodeset))
        sets += [(m.span, m.nodeset) for m in tune.memnodes]
        cells = len(dom.numa.cells) if dom.numa is not None else 0
        for memnode in tune.memnodes:
            if memnode.cellid >= cells:
                yield memnode.span, f"<memnode cellid='{memnode.cellid}'> has no guest NUMA cell"
    if available is None:
        return
    for span, nodes in sets:
        for node in nodes or ():
            if node >= available:
                yield span, f"host NUMA node {node} is not available"


def _module_problems(dom: Domain) -> Iterator[tuple[Span, str]]:
    if not dom.memories and dom.memory.max_kib is None:
        return
    if dom.numa is None:
        yield dom.span, "memory hotplug needs at least one guest NUMA cell (<cpu><numa>)"
        return
    cells = len(dom.numa.cells)
    for dev in dom.memories:
        if dom.memory.max_kib is None:
            yield dev.span, "memory devices need <maxMemory>"
        if dev.node is not None and dev.node >= cells:
            yield (
                dev.span,
                f"memory device targets guest NUMA node {dev.node}, which does not exist",
            )


PASS = Pass(
    name="refuse-invalid-memory",
    run=refuse_invalid_memory,
    summary="Refuse impossible huge pages, host node sets and memory modules",
)
