"""Memory backends: the one decision behind every guest RAM object (qemuBuildMemoryBackendProps).

libvirt builds the default RAM ('pc.ram'), each NUMA cell ('ram-nodeN') and each memory
module ('memdimm0') with the same rules: the backend type (ram, file, memfd) follows the
huge pages, the memory source and the access mode; host node binding follows <numatune>;
preallocation follows huge pages and <allocation>. A backend that preallocates on a known
node set gets a thread-context object first, so QEMU preallocates with threads on those
nodes. Settings are inherited from the module, then its NUMA cell, then <memoryBacking>.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler import codes
from compiler.ir.command import Obj
from compiler.ir.domain import Domain, MemoryDevice, NumaCell, NumaMemnode
from compiler.lower.builder import Builder, props

_POLICY = {"strict": "bind", "preferred": "preferred", "interleave": "interleave"}


@dataclass(frozen=True, slots=True)
class Request:
    """One backend to build: who it is for and how libvirt treats it."""

    alias: str  # the backend id
    path_alias: str  # names the file under the memory backing directory
    size_kib: int
    cell: int | None = None  # guest NUMA cell, if any
    device: MemoryDevice | None = None
    force: bool = False  # always a backend object (memory modules)
    system: bool = False  # the default RAM: keeps QEMU's RAM block id for migration


@dataclass(frozen=True, slots=True)
class Backend:
    props: Obj
    needed: bool  # False: a plain '-numa node,mem=' would do
    nodes: tuple[int, ...] | None  # host nodes it is bound to (thread-context affinity)
    prealloc: bool


def legacy_mem_path(b: Builder) -> None:
    """-mem-prealloc / -mem-path, for QEMUs without memory backends for plain RAM."""
    prealloc, path = legacy_mem_options(b)
    if prealloc:
        b.flag("-mem-prealloc")
    if path is not None:
        b.word("-mem-path", path)


def legacy_mem_options(b: Builder) -> tuple[bool, str | None]:
    backing = b.dom.memory_backing
    if backing is None:
        return False, None
    prealloc = backing.allocation == "immediate"
    page = backing.hugepages[0].size_kib if backing.hugepages else None
    if backing.hugepages and page != b.ctx.host.page_size_kib:
        return True, _hugepage_path(b, page or _default_pagesize(b))
    if backing.source == "file":
        return prealloc, _backing_file(b, "ram")
    return prealloc, None


# --- the backend decision (qemuBuildMemoryBackendProps) -------------------------------------


@dataclass(frozen=True, slots=True)
class _Settings:
    """What a backend inherits: device, then NUMA cell, then <memoryBacking> settings."""

    access: str | None
    discard: bool | None
    pagesize: int  # KiB; 0: normal pages
    need_huge: bool  # a page size chosen for this cell or module specifically
    use_huge: bool
    nv_path: str | None  # the file behind an NVDIMM or virtio-pmem
    prealloc: bool
    source: str | None  # <memoryBacking><source type>


def _settings(b: Builder, req: Request) -> _Settings:
    dev = req.device
    backing = b.dom.memory_backing
    cell = _cell(b.dom, req.cell)
    access = (dev.access if dev else None) or (cell.mem_access if cell else None)
    discard = dev.discard if dev else None
    if discard is None and cell is not None:
        discard = cell.discard
    if discard is None and backing is not None and backing.discard:
        discard = True
    pagesize, need_huge, use_huge = page_size(b, req)
    nv_path = dev.path if dev is not None and dev.model in ("nvdimm", "virtio-pmem") else None
    prealloc = backing is not None and backing.allocation == "immediate"
    if nv_path is not None:
        # A real NVDIMM holds data already; only an emulated one is worth preallocating.
        prealloc = prealloc or (dev is not None and dev.model == "nvdimm" and not dev.pmem)
    elif use_huge:
        prealloc = True
    return _Settings(
        access=access or (backing.access if backing else None),
        discard=discard,
        pagesize=pagesize,
        need_huge=need_huge,
        use_huge=use_huge,
        nv_path=nv_path,
        prealloc=prealloc,
        source=backing.source if backing else None,
    )


def build_backend(b: Builder, req: Request, mem_prealloc: bool) -> Backend:
    dom = b.dom
    dev = req.device
    st = _settings(b, req)
    qom, pairs = _kind_props(b, req, st)
    in_backend = False
    if dev is not None and dev.model == "virtio-mem":
        # virtio-mem preallocates in the device (its 'prealloc'), never in the backend.
        if not b.ctx.target.has("virtio-mem-pci.prealloc") and mem_prealloc:
            pairs.append(("prealloc", False))
        if b.ctx.target.has("memory-backend-file.reserve"):
            pairs.append(("reserve", False))
    elif not mem_prealloc:
        in_backend = st.prealloc
        backing = dom.memory_backing
        threads = backing.allocation_threads if backing else None
        pairs += [
            ("prealloc", True if st.prealloc else None),
            ("prealloc-threads", threads or None),
        ]
    pairs.append(("size", req.size_kib * 1024))
    if dev is not None and dev.model == "nvdimm":
        pairs.append(("align", dev.align_kib * 1024 if dev.align_kib else None))
        pairs.append(("pmem", True if dev.pmem else None))
    has_source_nodes = dev is not None and dev.nodemask is not None
    nodes = dev.nodemask if dev is not None and has_source_nodes else _tuned_nodes(b, req.cell)
    mode = _mode(dom, req.cell)
    # 'restrictive' leaves placement to cgroups: QEMU gets no binding policy.
    if nodes and mode != "restrictive":
        pairs += [("host-nodes", tuple(nodes)), ("policy", _POLICY[mode])]
    needed = bool(
        st.need_huge
        or has_source_nodes
        or _memnode(dom, req.cell) is not None
        or st.nv_path
        or st.access
        or st.source in ("file", "memfd")
        or req.force
    )
    obj = props(("qom-type", qom), ("id", req.alias), *pairs)
    return Backend(props=obj, needed=needed, nodes=nodes or None, prealloc=in_backend)


def _kind_props(b: Builder, req: Request, st: _Settings) -> tuple[str, list[tuple[str, object]]]:
    """The backend type and its type-specific properties (memfd, file or plain RAM)."""
    pairs: list[tuple[str, object]] = []
    if st.nv_path is None and st.source == "memfd":
        qom = "memory-backend-memfd"
        if st.use_huge:
            pairs += [("hugetlb", True), ("hugetlbsize", st.pagesize * 1024)]
        pairs += _share(st.access)
    elif st.use_huge or st.nv_path or st.access or st.source == "file":
        qom = "memory-backend-file"
        if st.nv_path is not None:
            path = st.nv_path
        elif st.use_huge:
            path = _hugepage_path(b, st.pagesize)
        else:
            path = _backing_file(b, req.path_alias)
        pairs.append(("mem-path", path))
        if st.nv_path is None and st.discard is not None:
            pairs.append(("discard-data", st.discard))
        pairs += _share(st.access)
    else:
        return "memory-backend-ram", pairs
    # QEMU names the default RAM block after the backend id unless told otherwise; keeping
    # its old name keeps the guest migratable (QEMU commit 8db0b20415c1).
    canonical = "memory-backend-file.x-use-canonical-path-for-ramblock-id"
    if req.system and b.ctx.target.has(canonical):
        pairs.append(("x-use-canonical-path-for-ramblock-id", False))
    return qom, pairs


def _share(access: str | None) -> list[tuple[str, object]]:
    return [] if access is None else [("share", access == "shared")]


def page_size(b: Builder, req: Request) -> tuple[int, bool, bool]:
    """(page size KiB, must use a file backend for it, huge pages apply) for a backend."""
    dev = req.device
    size = dev.pagesize_kib if dev is not None and dev.model in ("dimm", "virtio-mem") else None
    need = use = bool(size)
    backing = b.dom.memory_backing
    if not size and backing is not None and backing.hugepages:
        master = next((p for p in backing.hugepages if p.nodeset is None), None)
        chosen = master
        if req.cell is not None:
            for page in backing.hugepages:
                if page.nodeset is not None and req.cell in page.nodeset:
                    chosen, need = page, True
                    break
        if chosen is not None:
            size, use = chosen.size_kib or 0, True
    if size == b.ctx.host.page_size_kib:
        return 0, False, False
    if use and not size:
        size = _default_pagesize(b)
    return size or 0, need, use


def _default_pagesize(b: Builder) -> int:
    mounts = b.ctx.profile.hugetlbfs
    return mounts[0][1] if mounts else 0


def _hugepage_path(b: Builder, pagesize: int) -> str:
    mount = next((path for path, size in b.ctx.profile.hugetlbfs if size == pagesize), None)
    if mount is None:
        b.ctx.error(
            codes.E104_INVALID_CONFIG,
            b.dom.span,
            detail=f"no hugetlbfs mount provides {pagesize} KiB pages",
        )
        return ""
    return f"{mount}/libvirt/qemu/{b.ctx.profile.short_name(b.dom.name)}"


def _backing_file(b: Builder, alias: str) -> str:
    profile = b.ctx.profile
    return f"{profile.memory_backing_dir}/{profile.short_name(b.dom.name)}/{alias}"


def _cell(dom: Domain, cell: int | None) -> NumaCell | None:
    if cell is None or dom.numa is None or cell >= len(dom.numa.cells):
        return None
    return dom.numa.cells[cell]


def _memnode(dom: Domain, cell: int | None) -> NumaMemnode | None:
    if cell is None or dom.numatune is None:
        return None
    return next((m for m in dom.numatune.memnodes if m.cellid == cell), None)


def _mode(dom: Domain, cell: int | None) -> str:
    memnode = _memnode(dom, cell)
    if memnode is not None:
        return memnode.mode
    return dom.numatune.mode if dom.numatune is not None else "strict"


def _tuned_nodes(b: Builder, cell: int | None) -> tuple[int, ...] | None:
    """The host nodes <numatune> binds this cell (or all guest memory) to."""
    memnode = _memnode(b.dom, cell)
    if memnode is not None:
        return memnode.nodeset
    tune = b.dom.numatune
    if tune is not None and tune.placement == "auto":
        return b.ctx.profile.auto_nodeset  # what numad advises; a host fact
    return None if tune is None else tune.nodeset


def emit_backend(b: Builder, backend: Backend) -> None:
    """The backend object, after a thread-context object when it preallocates on nodes."""
    obj = backend.props
    if b.ctx.target.has("thread-context") and backend.nodes and backend.prealloc:
        alias = f"tc-{dict(obj.items)['id']}"
        b.json(
            "-object",
            props(
                ("qom-type", "thread-context"),
                ("id", alias),
                ("node-affinity", tuple(backend.nodes)),
            ),
        )
        obj = Obj((*obj.items, ("prealloc-context", alias)))
    b.json("-object", obj)
