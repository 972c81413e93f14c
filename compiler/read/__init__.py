"""XML → Domain IR.

``read_domain`` is the only entry point. Each element family has its own module; device
elements are dispatched through :data:`DEVICE_READERS` (tag → Domain field, reader). After
reading, anything no reader consumed becomes an E101 "not supported yet" diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compiler import codes
from compiler.diagnostics import DiagnosticError, make
from compiler.ir.domain import Domain
from compiler.read import devices, disk, domain
from compiler.read.controller import read_controller
from compiler.read.node import Node, ReadContext, unconsumed
from compiler.read.qemu_ns import read_qemu_namespace
from compiler.xmlio import Document

# <devices> child tag → (Domain field, reader). Fields hold tuples in document order.
DEVICE_READERS: dict[str, tuple[str, Callable[[Node], Any]]] = {
    "disk": ("disks", disk.read_disk),
    "controller": ("controllers", read_controller),
    "input": ("inputs", devices.read_input),
    "memballoon": ("memballoon", devices.read_memballoon),
    "audio": ("audios", devices.read_audio),
}
_SINGLE = frozenset({"memballoon"})


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


def _read(root: Node) -> Domain:
    for skipped in ("metadata", "title", "description"):
        node = root.child(skipped)
        if node is not None:
            node.consume_subtree()
    root.attr("id")  # a running domain's id; meaningless for an inactive definition
    name = root.child_text("name")
    if not name:
        raise root.fail(codes.E105_MISSING, what="<name>")
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
        os=domain.read_os(root),
        cpu=domain.read_cpu(root),
        features=domain.read_features(root),
        clock=domain.read_clock(root),
        pm=domain.read_pm(root),
        lifecycle=domain.read_lifecycle(root),
        emulator=emulator,
        qemu=read_qemu_namespace(root),
        **fields,
    )
