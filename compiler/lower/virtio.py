"""The shared head of every virtio ``-device``: driver name and virtio options.

libvirt builds it in one function (qemuBuildVirtioDevProps) for disks, nets, controllers,
filesystems, inputs, rngs, the balloon, vsock and video: the driver is the family's base
name plus the transport suffix (``-pci``), then ``-transitional`` or ``-non-transitional``
for those models, then the ``<driver>`` options in a fixed order, all booleans
(iommu_platform, ats, packed, page-per-vq). Family builders start their JSON with
:func:`virtio_head` and append their own keys.
"""

from __future__ import annotations

from compiler.ir.command import Obj
from compiler.ir.devices import VirtioOptions
from compiler.lower.builder import Builder, props

TRANSITIONAL = "virtio-transitional"
NON_TRANSITIONAL = "virtio-non-transitional"
# The capability that says QEMU has the *-transitional / *-non-transitional devices.
_TRANSITIONAL_CAP = "virtio-pci-non-transitional"


def virtio_head(
    b: Builder,
    base: str,
    *,
    model: str | None = None,
    options: VirtioOptions | None = None,
    bus_suffix: bool = True,
) -> Obj:
    """``{"driver": base-pci[-(non-)transitional], <disable-legacy>, <virtio options>}``.

    ``base`` is the QEMU family name ('virtio-blk', 'vhost-user-fs'); ``bus_suffix`` False
    keeps it as is (names that carry no transport, e.g. 'virtio-vga'). Without the
    transitional devices, QEMU gets their effect from the plain device with
    ``disable-legacy``/``disable-modern``, as libvirt does for older QEMUs.
    """
    driver = f"{base}-pci" if bus_suffix else base
    legacy: str | None = None
    modern: bool | None = None
    if model in (TRANSITIONAL, NON_TRANSITIONAL):
        if b.ctx.target.has(_TRANSITIONAL_CAP):
            driver += "-transitional" if model == TRANSITIONAL else "-non-transitional"
        elif model == NON_TRANSITIONAL:
            legacy, modern = "on", False
        else:
            legacy, modern = "off", False
    opts = options or VirtioOptions()
    return props(
        ("driver", driver),
        ("disable-legacy", legacy),
        ("disable-modern", modern),
        ("iommu_platform", opts.iommu),
        ("ats", opts.ats),
        ("packed", opts.packed),
        ("page-per-vq", opts.page_per_vq),
    )
