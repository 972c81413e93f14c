"""Read the virtio <driver> options that every virtio device family shares.

libvirt parses ``iommu``, ``ats``, ``packed`` and ``page_per_vq`` on the ``<driver>`` of
disks, interfaces, controllers, filesystems, inputs, rngs, the balloon, vsock and video
(virDomainVirtioOptionsParseXML). Each family's reader calls :func:`read_virtio_options`
with its ``<driver>`` node, so the attributes are consumed in one place.
"""

from __future__ import annotations

from compiler.ir.devices import VirtioOptions
from compiler.read.node import Node


def read_virtio_options(driver: Node | None) -> VirtioOptions:
    """The shared options of ``<driver>``; all absent when there is no ``<driver>``."""
    if driver is None:
        return VirtioOptions()
    return VirtioOptions(
        iommu=driver.on_off("iommu"),
        ats=driver.on_off("ats"),
        packed=driver.on_off("packed"),
        page_per_vq=driver.on_off("page_per_vq"),
    )
