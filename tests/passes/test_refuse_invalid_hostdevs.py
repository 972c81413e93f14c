"""refuse-invalid-hostdevs: libvirt's hostdev checks and what a profile cannot provide."""

from __future__ import annotations

from dataclasses import replace

from compiler import profiles
from compiler.ir.common import DeviceInfo, PciAddress
from compiler.ir.hostdev import Hostdev, MdevSource
from passes.refuse_invalid_hostdevs import refuse_invalid_hostdevs
from tests.passes.device_builders import SPAN, context, domain, messages
from tests.passes.disk_builders import drive
from tests.passes.hostdev_builders import iscsi_lun, scsi_controller, scsi_lun, vhost_scsi


def _vgpu(ramfb: bool = False, display: bool | None = None) -> Hostdev:
    source = MdevSource(uuid="53764d0e-85a0-42b4-af5c-2046b460b1dc")
    return Hostdev(
        span=SPAN, type="mdev", source=source, model="vfio-pci", display=display, ramfb=ramfb
    )


def _standalone_messages(*hostdevs: Hostdev) -> list[str]:
    ctx = replace(context(), profile=profiles.standalone("/var/lib/xml2argv"))
    refuse_invalid_hostdevs(domain(hostdevs=hostdevs), ctx)
    return [d.message for d in ctx.diagnostics]


def test_vhost_scsi_cannot_boot() -> None:
    dom = domain(hostdevs=(vhost_scsi(info=DeviceInfo(boot_order=1)),))
    assert messages(refuse_invalid_hostdevs, dom) == [
        "booting from assigned devices is not supported by vhost SCSI devices"
    ]


def test_only_one_vgpu_has_ramfb() -> None:
    dom = domain(hostdevs=(_vgpu(True), _vgpu(False), _vgpu(True)))
    assert messages(refuse_invalid_hostdevs, dom) == [
        "only one vgpu device can have 'ramfb' enabled"
    ]


def test_a_vgpu_display_needs_graphics() -> None:
    assert messages(refuse_invalid_hostdevs, domain(hostdevs=(_vgpu(display=True),))) == [
        "graphics device is needed for attribute value 'display=on' in <hostdev>"
    ]


def test_lsilogic_takes_hostdevs_on_target_0() -> None:
    dom = domain(
        controllers=(scsi_controller(model="lsilogic"),), hostdevs=(iscsi_lun(drive(target=1)),)
    )
    assert messages(refuse_invalid_hostdevs, dom) == [
        "an lsilogic controller takes SCSI host devices on target 0 only"
    ]


def test_standalone_refuses_what_only_a_daemon_provides() -> None:
    found = _standalone_messages(vhost_scsi(), scsi_lun(drive()), iscsi_lun(drive(unit=1)))
    assert len(found) == 2
    assert "/dev/vhost-scsi" in found[0] and "/dev/sgN" in found[1]


def test_an_s390_mdev_is_not_on_an_x86_target() -> None:
    ap = replace(_vgpu(), model="vfio-ap")
    assert messages(refuse_invalid_hostdevs, domain(hostdevs=(ap,))) == [
        "<hostdev type='mdev'> (QEMU device 'vfio-ap') is not supported by target qemu-7.2.50"
    ]


def test_a_scsi_lun_needs_a_drive_address() -> None:
    dom = domain(hostdevs=(iscsi_lun(address=PciAddress(slot=3)),))  # type: ignore[arg-type]
    assert messages(refuse_invalid_hostdevs, dom) == [
        "a <hostdev type='scsi'> takes an <address type='drive'>"
    ]
