"""Read <controller>: type, index, model, <model>/<target> of PCI controllers, <driver>,
<master> of USB companions (virDomainControllerDefParseXML)."""

from __future__ import annotations

from compiler.ir.domain import Controller, ControllerDriver, PciControllerOptions
from compiler.read.common import read_device_info
from compiler.read.node import Node
from compiler.read.virtio import read_virtio_options

_INT_MAX = 2**31 - 1


def read_controller(node: Node) -> Controller:
    master = node.child("master")
    return Controller(
        span=node.span,
        type=node.req("type"),
        index=node.int_attr("index", hex_ok=False, hi=_INT_MAX),
        model=node.attr("model"),
        ports=node.int_attr("ports", hex_ok=False, lo=1, hi=_INT_MAX),
        vectors=node.int_attr("vectors", hex_ok=False, hi=_INT_MAX),
        pci=_pci_options(node),
        driver=_driver(node.child("driver")),
        master_startport=None
        if master is None
        else master.int_attr("startport", hex_ok=False, hi=_INT_MAX),
        info=read_device_info(node, boot=False),
    )


def _pci_options(node: Node) -> PciControllerOptions:
    model = node.child("model")
    target = node.child("target")
    if target is None:
        return PciControllerOptions(model_name=None if model is None else model.req("name"))
    numa = target.child("node")
    return PciControllerOptions(
        model_name=None if model is None else model.req("name"),
        chassis_nr=target.int_attr("chassisNr", hex_ok=False, lo=1, hi=255),
        chassis=target.int_attr("chassis", lo=0, hi=255),
        port=target.int_attr("port", lo=0, hi=255),
        bus_nr=target.int_attr("busNr", lo=1, hi=254),
        numa_node=None if numa is None else numa.int_text("<target><node>", hi=_INT_MAX),
        hotplug=target.on_off("hotplug"),
    )


def _driver(node: Node | None) -> ControllerDriver:
    if node is None:
        return ControllerDriver()
    return ControllerDriver(
        queues=node.int_attr("queues", hex_ok=False, lo=1, hi=_INT_MAX),
        cmd_per_lun=node.int_attr("cmd_per_lun", hex_ok=False, lo=1, hi=_INT_MAX),
        max_sectors=node.int_attr("max_sectors", hex_ok=False, lo=1, hi=_INT_MAX),
        ioeventfd=node.on_off("ioeventfd"),
        iothread=node.int_attr("iothread", hex_ok=False, lo=1, hi=_INT_MAX),
        virtio=read_virtio_options(node),
    )
