"""sort-disks: the grouped stable sort equals libvirt's one-at-a-time insertion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compiler import profiles, targets
from compiler.diagnostics import Span
from compiler.ir.domain import Disk, Domain, Memory, Os, StorageSource, Vcpu
from compiler.passmanager import PassContext
from passes.sort_disks import sort_disks

SPAN = Span(file="t.xml", line=1, col=1)
PREFIX = {"ide": "hd", "virtio": "vd", "scsi": "sd"}


def disk(bus: str, letter: str, n: int) -> Disk:
    src = StorageSource(span=Span(file="t.xml", line=n + 1, col=1), type="file", path=f"/{n}")
    return Disk(span=SPAN, device="disk", source=src, target=PREFIX[bus] + letter, bus=bus)


def run(disks: list[Disk]) -> list[str]:
    dom = Domain(
        span=SPAN,
        virt_type="qemu",
        name="vm",
        memory=Memory(total_kib=1024),
        vcpu=Vcpu(count=1),
        os=Os(span=SPAN, type="hvm"),
        disks=tuple(disks),
    )
    ctx = PassContext(
        target=targets.load("qemu-7.2"),
        profile=profiles.LIBVIRT_TEST,
        host=profiles.HostProfile.fixed(),
    )
    return [f"{d.target}@{d.source.path}" for d in sort_disks(dom, ctx).disks]


def libvirt_insert(disks: list[Disk]) -> list[str]:
    """virDomainDiskInsert, one disk at a time (the reference)."""
    ordered: list[Disk] = []
    for new in disks:
        at = -1
        for i in range(len(ordered) - 1, -1, -1):
            if ordered[i].bus != new.bus:
                continue
            if ordered[i].target[2:] > new.target[2:]:
                at = i
            elif at == -1:
                at = i + 1
        ordered.insert(len(ordered) if at == -1 else at, new)
    return [f"{d.target}@{d.source.path}" for d in ordered]


def test_corpus_example_disk_order():
    disks = [
        disk("ide", "c", 0),
        disk("virtio", "b", 1),
        disk("ide", "a", 2),
        disk("virtio", "a", 3),
    ]
    assert [t.split("@")[0] for t in run(disks)] == ["hda", "hdc", "vda", "vdb"]


@given(st.lists(st.tuples(st.sampled_from(sorted(PREFIX)), st.sampled_from("abcd")), max_size=10))
def test_same_order_as_libvirt_insertion(spec):
    disks = [disk(bus, letter, n) for n, (bus, letter) in enumerate(spec)]
    assert run(disks) == libvirt_insert(disks)
