"""refuse-invalid-iommu: libvirt's IOMMU validation rules, one behaviour per test."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import DeviceInfo, Feature, Iommu, OtherAddress, PciAddress
from passes.refuse_invalid_iommu import refuse_invalid_iommu
from tests.passes.device_builders import SPAN, domain, messages


def _check(machine: str, iommu: Iommu, *features: str) -> list[str]:
    return messages(refuse_invalid_iommu, domain(machine, *features, iommu=iommu))


def test_virtio_on_q35_with_acpi_is_accepted() -> None:
    assert _check("q35", Iommu(span=SPAN, model="virtio"), "acpi") == []


def test_virtio_needs_q35() -> None:
    (msg,) = _check("pc", Iommu(span=SPAN, model="virtio"), "acpi")
    assert "only supported with Q35 and ARM Virt machines" in msg


def test_intel_needs_q35() -> None:
    (msg,) = _check("pc", Iommu(span=SPAN, model="intel"))
    assert "'intel' is only supported with Q35 machines" in msg


def test_virtio_needs_acpi() -> None:
    assert _check("q35", Iommu(span=SPAN, model="virtio")) == [
        "IOMMU device: 'virtio' requires ACPI"
    ]


def test_virtio_needs_a_pci_address() -> None:
    info = DeviceInfo(address=OtherAddress(type="virtio-mmio"))
    assert _check("q35", Iommu(span=SPAN, model="virtio", info=info), "acpi") == [
        "IOMMU device: 'virtio' needs a PCI address"
    ]


def test_virtio_is_integrated_on_bus_zero() -> None:
    info = DeviceInfo(address=PciAddress(bus=1))
    (msg,) = _check("q35", Iommu(span=SPAN, model="virtio", info=info), "acpi")
    assert "0000:01:00.0 needs to be an integrated device (bus=0)" in msg


def test_virtio_takes_no_intel_options() -> None:
    (msg,) = _check("q35", Iommu(span=SPAN, model="virtio", iotlb=True), "acpi")
    assert "doesn't support additional attributes" in msg


def test_interrupt_remapping_needs_split_ioapic() -> None:
    dom = domain("q35", iommu=Iommu(span=SPAN, model="intel", intremap=True))
    (msg,) = messages(refuse_invalid_iommu, dom)
    assert "requires split I/O APIC" in msg
    split = Feature(span=SPAN, name="ioapic", attrs=(("driver", "qemu"),))
    assert messages(refuse_invalid_iommu, replace(dom, features=(split,))) == []


def test_eim_needs_interrupt_remapping() -> None:
    (msg,) = _check("q35", Iommu(span=SPAN, model="intel", eim=True))
    assert "eim requires interrupt remapping" in msg
