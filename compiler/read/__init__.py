"""XML → Domain IR.

``read_domain`` is the only entry point. Each element family has its own module; device
elements are dispatched through :data:`DEVICE_READERS` (tag → Domain field, reader). After
reading, anything no reader consumed becomes an E101 "not supported yet" diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler import codes
from compiler.diagnostics import DiagnosticError, make, q
from compiler.ir.domain import Domain
from compiler.read import chardev, devices, disk, domain, graphics, memory
from compiler.read.controller import read_controller
from compiler.read.hostdev import read_hostdev
from compiler.read.net import read_interface
from compiler.read.node import Node, ReadContext, unconsumed
from compiler.read.os import read_os, read_sysinfo
from compiler.read.qemu_ns import read_qemu_namespace
from compiler.xmlio import Document

# <devices> child tag → (Domain field, reader). Fields hold tuples in document order.
DEVICE_READERS: dict[str, tuple[str, Callable[[Node], Any]]] = {
    "disk": ("disks", disk.read_disk),
    "interface": ("nets", read_interface),
    "controller": ("controllers", read_controller),
    "memory": ("memories", memory.read_memory_device),
    "input": ("inputs", devices.read_input),
    "memballoon": ("memballoon", devices.read_memballoon),
    "audio": ("audios", graphics.read_audio),
    "graphics": ("graphics", graphics.read_graphics),
    "video": ("videos", graphics.read_video),
    "sound": ("sounds", graphics.read_sound),
    "filesystem": ("filesystems", devices.read_filesystem),
    "tpm": ("tpms", devices.read_tpm),
    "watchdog": ("watchdog", devices.read_watchdog),
    "redirdev": ("redirdevs", devices.read_redirdev),
    "rng": ("rngs", devices.read_rng),
    "panic": ("panics", devices.read_panic),
    "vsock": ("vsock", devices.read_vsock),
    "iommu": ("iommu", devices.read_iommu),
    "serial": ("serials", chardev.read_serial),
    "parallel": ("parallels", chardev.read_parallel),
    "channel": ("channels", chardev.read_channel),
    "console": ("consoles", chardev.read_console),
    "smartcard": ("smartcards", chardev.read_smartcard),
    "hostdev": ("hostdevs", read_hostdev),
}
_SINGLE = frozenset({"memballoon", "watchdog", "vsock", "iommu"})


def read_domain(doc: Document) -> Domain:
    ctx = ReadContext(doc)
    root = ctx.node(doc.root)
    dom = _read(root)
    leftovers = unconsumed(ctx)
    if leftovers:
        raise DiagnosticError(
            [make(codes.E101_NOT_SUPPORTED, span, what=what) for span, what in leftovers]
        )
    return dom


# The name becomes part of state directory and socket paths (lib_dir/domain-ID-NAME/).
_MAX_NAME = 200


def _check_name(root: Node, name: str) -> None:
    node = root.child("name") or root
    if "/" in name or name in (".", ".."):
        raise node.fail(
            codes.E107_BAD_NAME,
            what="domain name",
            value=q(name),
            grammar="a name without '/' (it becomes part of file paths)",
        )
    if len(name) > _MAX_NAME:
        raise node.fail(
            codes.E107_BAD_NAME,
            what="domain name",
            value=q(name),
            grammar=f"at most {_MAX_NAME} characters",
        )


def _read(root: Node) -> Domain:
    for skipped in ("metadata", "title", "description"):
        node = root.child(skipped)
        if node is not None:
            node.consume_subtree()
    root.attr("id")  # a running domain's id; meaningless for an inactive definition
    name = root.child_text("name")
    if not name:
        raise root.fail(codes.E105_MISSING, what="<name>")
    _check_name(root, name)
    fields: dict[str, Any] = {}
    emulator = None
    devices_node = root.child("devices")
    if devices_node is not None:
        collected: dict[str, list[Any]] = {}
        for child in devices_node.children():
            if child.tag == "emulator":
                emulator = child.text()
                continue
            entry = DEVICE_READERS.get(child.tag)
            if entry is None:
                continue  # left unconsumed: reported as not supported yet
            field_name, reader = entry
            collected.setdefault(field_name, []).append(reader(child))
            if child.tag in _SINGLE and len(collected[field_name]) > 1:
                raise child.fail(codes.E010_DUPLICATE_ELEMENT, tag=child.tag)
        for field_name, items in collected.items():
            fields[field_name] = items[0] if field_name in _SINGLE else tuple(items)
        # The element itself is consumed; unhandled children stay unconsumed.
    return Domain(
        span=root.span,
        virt_type=root.req("type"),
        name=name,
        uuid=domain.read_uuid(root.child("uuid")),
        memory=domain.read_memory(root),
        vcpu=domain.read_vcpu(root),
        os=read_os(root),
        cpu=domain.read_cpu(root),
        features=domain.read_features(root),
        clock=domain.read_clock(root),
        pm=domain.read_pm(root),
        lifecycle=domain.read_lifecycle(root),
        memory_backing=memory.read_memory_backing(root),
        numa=memory.read_numa(root.child("cpu")),
        numatune=memory.read_numatune(root),
        iothreads=domain.read_iothreads(root),
        genid=domain.read_genid(root),
        launch_security=domain.read_launch_security(root),
        sysinfo=read_sysinfo(root),
        emulator=emulator,
        qemu=read_qemu_namespace(root),
        **fields,
    )
