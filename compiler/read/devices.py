"""Read the small device elements: <input>, <memballoon>, <audio>."""

from __future__ import annotations

from compiler.ir.domain import Audio, Input, Memballoon
from compiler.read.common import read_device_info
from compiler.read.node import Node


def read_input(node: Node) -> Input:
    return Input(
        span=node.span,
        type=node.req("type"),
        bus=node.attr("bus"),
        info=read_device_info(node, boot=False),
    )


def read_memballoon(node: Node) -> Memballoon:
    stats = node.child("stats")
    return Memballoon(
        span=node.span,
        model=node.req("model"),
        autodeflate=node.on_off("autodeflate"),
        free_page_reporting=node.on_off("freePageReporting"),
        stats_period=None if stats is None else stats.int_attr("period", hex_ok=False),
        info=read_device_info(node, boot=False),
    )


def read_audio(node: Node) -> Audio:
    names = sorted(n for n in node.elem.attrib if n not in ("id", "type"))
    return Audio(
        span=node.span,
        id=node.int_attr("id", hex_ok=False, lo=1) or 0,
        type=node.req("type"),
        attrs=tuple((n, node.attr(n) or "") for n in names),
    )
