"""Refuse host devices that libvirt refuses, or that this launch cannot provide.

libvirt's checks (qemuValidateDomainDeviceDefHostdev, qemuDomainDefValidate): legacy KVM
PCI assignment is gone from QEMU; vhost-scsi devices and vGPUs cannot boot; only one vGPU
may own the ramfb boot display, display/ramfb exist only for vfio-pci mdevs, and a vGPU's
display needs a graphics device; each type sits on its own kind of guest address; an
lsilogic HBA addresses a LUN by unit 0-7 on target 0. The target QEMU must have the
device (vfio-pci, vfio-ccw, vfio-ap, vhost-scsi). Beyond libvirt: vhost-scsi needs a
descriptor of /dev/vhost-scsi and a local SCSI LUN the host's sg node, which only a
management daemon (the profile's daemon) hands QEMU.
Before: <hostdev type='scsi_host'> with <boot order='1'/>   After: E104 at the <hostdev>.
Postcondition: the Domain is unchanged.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, DriveAddress, PciAddress, UsbAddress
from compiler.ir.hostdev import Hostdev, IscsiHostSource
from compiler.ir.query import lsi_address_problem
from compiler.passmanager import Pass, PassContext

# Hostdev type → the guest address it sits on (s390 mdevs are left to their own buses).
_ADDRESS_TYPES: dict[str, tuple[type, str]] = {
    "pci": (PciAddress, "pci"),
    "scsi_host": (PciAddress, "pci"),
    "usb": (UsbAddress, "usb"),
    "scsi": (DriveAddress, "drive"),
}


def refuse_invalid_hostdevs(dom: Domain, ctx: PassContext) -> Domain:
    ramfb_seen = False
    for dev in dom.hostdevs:
        device = _qemu_device(dev)
        if device is not None and not ctx.target.has(device):
            what = f"<hostdev type={q(dev.type)}> (QEMU device {q(device)})"
            ctx.error(codes.E106_UNSUPPORTED_TARGET, dev.span, what=what, target=ctx.target.name)
            continue
        detail = _problem(dom, ctx, dev)
        if detail is None and dev.ramfb:
            detail = "only one vgpu device can have 'ramfb' enabled" if ramfb_seen else None
            ramfb_seen = True
        if detail is not None:
            ctx.error(codes.E104_INVALID_CONFIG, dev.span, detail=detail)
    return dom


def _qemu_device(dev: Hostdev) -> str | None:
    """The QEMU device (capability name) the hostdev needs; USB's usb-host is everywhere."""
    if dev.type == "pci":
        return "vfio-pci"
    if dev.type == "mdev":
        return dev.model
    return "vhost-scsi" if dev.type == "scsi_host" else None


def _problem(dom: Domain, ctx: PassContext, dev: Hostdev) -> str | None:
    wanted = _ADDRESS_TYPES.get(dev.type)
    addr = dev.info.address
    if wanted is not None and addr is not None and not isinstance(addr, wanted[0]):
        return f"a <hostdev type={q(dev.type)}> takes an <address type={q(wanted[1])}>"
    if dev.type == "pci" and dev.driver == "kvm":
        return "KVM device assignment is no longer supported; use <driver name='vfio'/>"
    if dev.type == "mdev":
        return _mdev_problem(dom, dev)
    if dev.type == "scsi_host":
        return _vhost_scsi_problem(ctx, dev)
    if dev.type == "scsi":
        return _scsi_problem(dom, ctx, dev)
    return None


def _mdev_problem(dom: Domain, dev: Hostdev) -> str | None:
    """qemuValidateDomainMdevDef: a vGPU's display is shown through a graphics device."""
    if dev.model != "vfio-pci":
        return (
            "<hostdev> attributes 'display' and 'ramfb' need model='vfio-pci'"
            if (dev.display or dev.ramfb)
            else None
        )
    if dev.info.boot_order is not None:
        return (
            "booting from assigned devices is not supported by mediated devices of model vfio-pci"
        )
    if dev.display and not dom.graphics:
        return "graphics device is needed for attribute value 'display=on' in <hostdev>"
    return None


def _vhost_scsi_problem(ctx: PassContext, dev: Hostdev) -> str | None:
    if dev.info.boot_order is not None:
        return "booting from assigned devices is not supported by vhost SCSI devices"
    if ctx.profile.daemon is None:
        return (
            "a vhost-scsi <hostdev> needs a /dev/vhost-scsi descriptor opened by a management "
            "daemon, and this profile has none"
        )
    return None


def _scsi_problem(dom: Domain, ctx: PassContext, dev: Hostdev) -> str | None:
    if not isinstance(dev.source, IscsiHostSource) and ctx.profile.daemon is None:
        # The LUN's sg node is looked up in the host's sysfs when the guest starts; a
        # compiler that never inspects the host cannot name it.
        return (
            "a SCSI <hostdev> on a host adapter needs the LUN's /dev/sgN node, which only a "
            "management daemon looks up; use <disk type='block' device='lun'> on /dev/sgN"
        )
    return lsi_address_problem(dom, dev.info.address, "SCSI host devices")


PASS = Pass(
    name="refuse-invalid-hostdevs",
    run=refuse_invalid_hostdevs,
    summary="Refuse host devices libvirt refuses or this profile cannot provide",
)
