"""Read <controller>: type, index, model and the model-specific options."""

from __future__ import annotations

from compiler.ir.domain import Controller
from compiler.read.common import read_device_info
from compiler.read.node import Node

# Attributes of <controller> and its <target>/<model>/<driver> children that only some
# models use; they are kept as (name, value) pairs for the lowering of those models.
_TARGET_ATTRS = ("chassisNr", "chassis", "port", "busNr", "hotplug", "index", "memReserve")
_DRIVER_ATTRS = (
    "queues",
    "cmd_per_lun",
    "max_sectors",
    "ioeventfd",
    "iothread",
    "iommu",
    "ats",
    "packed",
    "page_per_vq",
)


def read_controller(node: Node) -> Controller:
    options: list[tuple[str, str]] = []
    model_node = node.child("model")
    if model_node is not None:
        options.append(("model-name", model_node.req("name")))
    target = node.child("target")
    if target is not None:
        options += [(f"target.{a}", target.attr(a) or "") for a in _TARGET_ATTRS if target.has(a)]
    driver = node.child("driver")
    if driver is not None:
        options += [(f"driver.{a}", driver.attr(a) or "") for a in _DRIVER_ATTRS if driver.has(a)]
    for extra in ("maxGrantFrames", "maxEventChannels"):
        if node.has(extra):
            options.append((extra, node.attr(extra) or ""))
    return Controller(
        span=node.span,
        type=node.req("type"),
        index=node.int_attr("index", hex_ok=False, hi=2**31 - 1) or 0,
        model=node.attr("model"),
        ports=node.int_attr("ports", hex_ok=False, lo=1, hi=255),
        vectors=node.int_attr("vectors", hex_ok=False, hi=2**31 - 1),
        options=tuple(options),
        info=read_device_info(node, boot=False),
    )
