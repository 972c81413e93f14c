"""Reading pieces that many device elements share: <address>, <alias>, <boot>, units."""

from __future__ import annotations

import re

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    Address,
    DeviceInfo,
    DriveAddress,
    OtherAddress,
    PciAddress,
    UsbAddress,
    VirtioSerialAddress,
)
from compiler.read.node import Node

USER_ALIAS = re.compile(r"ua-[A-Za-z0-9_-]+\Z")

# libvirt's virScaleInteger suffixes, as multiples of one byte.
_UNITS = {
    "b": 1,
    "bytes": 1,
    "k": 1024,
    "kib": 1024,
    "kb": 1000,
    "m": 1024**2,
    "mib": 1024**2,
    "mb": 1000**2,
    "g": 1024**3,
    "gib": 1024**3,
    "gb": 1000**3,
    "t": 1024**4,
    "tib": 1024**4,
    "tb": 1000**4,
    "p": 1024**5,
    "pib": 1024**5,
    "pb": 1000**5,
    "e": 1024**6,
    "eib": 1024**6,
    "eb": 1000**6,
}
# libvirt keeps memory sizes in KiB in an unsigned long long, capped at LLONG_MAX bytes.
MAX_MEMORY_KIB = (2**63 - 1) // 1024


def read_device_info(node: Node, *, boot: bool = True) -> DeviceInfo:
    """<alias>, <address> and (where the device can boot) <boot order>."""
    alias = None
    user = False
    alias_node = node.child("alias")
    if alias_node is not None:
        name = alias_node.req("name")
        # libvirt keeps only user aliases ('ua-*') on an inactive definition.
        if USER_ALIAS.match(name):
            alias, user = name, True
        elif name.startswith("ua-"):
            raise alias_node.fail(
                codes.E107_BAD_NAME, what="alias", value=q(name), grammar="'ua-[A-Za-z0-9_-]+'"
            )
    order = None
    if boot:
        boot_node = node.child("boot")
        if boot_node is not None:
            order = boot_node.int_attr("order", hex_ok=False, lo=1, hi=2**31 - 1)
            if order is None:
                raise boot_node.fail(codes.E105_MISSING, what="attribute 'order' of <boot>")
    addr_node = node.child("address")
    address = None if addr_node is None else read_address(addr_node)
    return DeviceInfo(alias=alias, user_alias=user, address=address, boot_order=order)


def read_address(node: Node) -> Address:
    kind = node.req("type")
    if kind == "pci":
        return PciAddress(
            domain=node.int_attr("domain", hi=0xFFFF) or 0,
            bus=node.int_attr("bus", hi=0xFF) or 0,
            slot=node.int_attr("slot", hi=0x1F) or 0,
            function=node.int_attr("function", hi=7) or 0,
            multifunction=node.on_off("multifunction"),
        )
    if kind == "drive":
        return DriveAddress(
            controller=node.int_attr("controller", hex_ok=False, hi=2**31 - 1) or 0,
            bus=node.int_attr("bus", hex_ok=False, hi=2**31 - 1) or 0,
            target=node.int_attr("target", hex_ok=False, hi=2**31 - 1) or 0,
            unit=node.int_attr("unit", hex_ok=False, hi=2**31 - 1) or 0,
        )
    if kind == "usb":
        return UsbAddress(bus=node.int_attr("bus", hex_ok=False) or 0, port=node.attr("port") or "")
    if kind == "virtio-serial":
        return VirtioSerialAddress(
            controller=node.int_attr("controller", hex_ok=False, hi=2**31 - 1) or 0,
            bus=node.int_attr("bus", hex_ok=False, hi=2**31 - 1) or 0,
            port=node.int_attr("port", hex_ok=False, hi=2**31 - 1) or 0,
        )
    names = sorted(node.elem.attrib)
    return OtherAddress(
        type=kind, attrs=tuple((n, node.attr(n) or "") for n in names if n != "type")
    )


def scaled_bytes(node: Node, value: str, unit: str | None, what: str) -> int:
    """A size with a libvirt unit suffix whose default unit is bytes (virParseScaledValue)."""
    scale = _UNITS.get((unit or "bytes").lower())
    if scale is None:
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what=f"unit of {what}", value=q(unit))
    return node.parse_int(value, what, hex_ok=False) * scale


def scaled_kib(node: Node, value: str, unit: str | None, what: str) -> int:
    """A size with a libvirt unit suffix, in KiB, rounded up (virDomainParseMemory)."""
    scale = _UNITS.get((unit or "KiB").lower())
    if scale is None:
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what=f"unit of {what}", value=q(unit))
    number = node.parse_int(value, what, hex_ok=False)
    size_bytes = number * scale
    kib = -(-size_bytes // 1024)
    if kib > MAX_MEMORY_KIB:
        raise node.fail(codes.E103_BAD_INTEGER, what=what, value=q(value), kind="size (too large)")
    return kib


def memory_kib(node: Node, what: str) -> int:
    text = node.text()
    if text is None or text == "":
        raise node.fail(codes.E105_MISSING, what=f"the value of {what}")
    return scaled_kib(node, text, node.attr("unit"), what)
