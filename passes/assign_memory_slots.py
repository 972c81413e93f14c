"""Give every DIMM and NVDIMM a slot, and check the slots the XML gave.

QEMU numbers pc-dimm/nvdimm modules by slot (0 .. <maxMemory slots>-1), and libvirt names
them after it ('dimm2'), so slots are decided before aliases. libvirt
(qemuDomainAssignMemorySlots) keeps explicit slots and gives the others the lowest free
one, in device order; virtio-mem and virtio-pmem sit on PCI and take no slot.
Before: <memory model='dimm'> without <address>, another at slot 0.
After:  the first takes slot 1.
Postcondition: every dimm/nvdimm has a slot below the <maxMemory slots> count.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.domain import Domain, MemoryDevice
from compiler.passmanager import Pass, PassContext

SLOTTED = ("dimm", "nvdimm")


def assign_memory_slots(dom: Domain, ctx: PassContext) -> Domain:
    if not dom.memories:
        return dom
    slots = dom.memory.slots or 0
    taken: set[int] = set()
    for dev in dom.memories:
        if dev.model in SLOTTED and dev.slot is not None:
            if dev.slot >= slots or dev.slot in taken:
                ctx.error(
                    codes.E304_BAD_ADDRESS,
                    dev.span,
                    detail=f"memory slot {dev.slot} is taken or not below the {slots} slots",
                )
            taken.add(dev.slot)
    if ctx.has_errors():
        return dom
    placed: list[MemoryDevice] = []
    for dev in dom.memories:
        if dev.model in SLOTTED and dev.slot is None:
            free = next((s for s in range(slots) if s not in taken), None)
            if free is None:
                ctx.error(
                    codes.E303_NO_FREE_ADDRESS, dev.span, what="memory slot", device=dev.model
                )
                return dom
            taken.add(free)
            dev = replace(dev, slot=free)
        placed.append(dev)
    return replace(dom, memories=tuple(placed))


PASS = Pass(
    name="assign-memory-slots",
    run=assign_memory_slots,
    summary="Assign DIMM/NVDIMM slots",
    ensures=lambda d: all(m.slot is not None for m in d.memories if m.model in SLOTTED),
)
