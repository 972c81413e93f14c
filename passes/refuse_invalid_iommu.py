"""Refuse the <iommu> configurations libvirt refuses (qemuValidateDomainDefIOMMU).

The intel IOMMU exists only on q35; virtio-iommu only on q35 (and ARM virt), needs ACPI
to be described to the guest, and is an integrated PCI device: it needs a PCI address on
the root bus. Interrupt remapping needs the split I/O APIC, and EIM needs remapping.
Before: <iommu model='virtio'/> on a pc machine.
After:  E104 "IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines".
Postcondition: a remaining Iommu fits its machine, features and address.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.common import PciAddress
from compiler.ir.devices import Iommu
from compiler.ir.domain import Domain
from compiler.ir.query import is_q35
from compiler.passmanager import Pass, PassContext


def refuse_invalid_iommu(dom: Domain, ctx: PassContext) -> Domain:
    iommu = dom.iommu
    if iommu is None:
        return dom
    problem = _machine_problem(dom, iommu) or _option_problem(dom, iommu)
    if problem is None and iommu.model == "virtio":
        problem = _virtio_problem(dom, iommu)
    if problem is not None:
        ctx.error(codes.E104_INVALID_CONFIG, iommu.span, detail=problem)
    return dom


def _machine_problem(dom: Domain, iommu: Iommu) -> str | None:
    if iommu.model == "intel" and not is_q35(dom):
        return "IOMMU device: 'intel' is only supported with Q35 machines"
    if iommu.model == "virtio" and not is_q35(dom):
        return "IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines"
    if iommu.model not in ("intel", "virtio"):
        return f"IOMMU device: '{iommu.model}' is not supported with this machine"
    return None


def _option_problem(dom: Domain, iommu: Iommu) -> str | None:
    options = (iommu.intremap, iommu.caching_mode, iommu.eim, iommu.iotlb, iommu.aw_bits)
    if iommu.model != "intel" and any(o is not None for o in options):
        return f"iommu model '{iommu.model}' doesn't support additional attributes"
    if iommu.intremap and not _split_ioapic(dom):
        return "IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')"
    if iommu.eim and not iommu.intremap:
        return "iommu: eim requires interrupt remapping to be enabled"
    return None


def _virtio_problem(dom: Domain, iommu: Iommu) -> str | None:
    if not _acpi(dom):
        return "IOMMU device: 'virtio' requires ACPI"
    addr = iommu.info.address
    if addr is not None and not isinstance(addr, PciAddress):
        return "IOMMU device: 'virtio' needs a PCI address"
    if isinstance(addr, PciAddress) and addr.bus != 0:
        where = f"{addr.domain:04x}:{addr.bus:02x}:{addr.slot:02x}.{addr.function}"
        return f"The device at PCI address {where} needs to be an integrated device (bus=0)"
    return None


def _acpi(dom: Domain) -> bool:
    return any(f.name == "acpi" and f.state is not False for f in dom.features)


def _split_ioapic(dom: Domain) -> bool:
    return any(f.name == "ioapic" and dict(f.attrs).get("driver") == "qemu" for f in dom.features)


PASS = Pass(
    name="refuse-invalid-iommu",
    run=refuse_invalid_iommu,
    summary="Refuse IOMMU models, options and addresses libvirt refuses",
)
