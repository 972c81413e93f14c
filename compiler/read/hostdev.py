"""Read <hostdev mode='subsystem'>: PCI, USB, SCSI (local or iSCSI), vhost-scsi and mdev.

Each type has its own <source> grammar (virDomainHostdevSubsysParseXML); only the parts
of it that type knows are read, so anything else stays unconsumed and is reported as not
supported yet. mode='capabilities' (LXC's block/char/net devices) has no QEMU meaning.
"""

from __future__ import annotations

import re
from typing import cast, get_args

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.common import PciAddress
from compiler.ir.hostdev import (
    Hostdev,
    HostdevSource,
    HostdevType,
    IscsiHostSource,
    MdevModel,
    MdevSource,
    PciHostSource,
    ScsiHostSource,
    UsbHostSource,
    VhostScsiModel,
    VhostScsiSource,
)
from compiler.ir.net import Rom
from compiler.ir.query import is_decimal
from compiler.ir.storage import NetworkHost, StorageSource
from compiler.read.common import read_device_info
from compiler.read.node import Node
from compiler.read.storage_source import choice, read_auth

_TYPES = get_args(HostdevType)
_VHOST_MODELS = get_args(VhostScsiModel)
_MDEV_MODELS = get_args(MdevModel)
_INT_MAX = 2**31 - 1
_ISCSI_PORT = 3260  # the port libvirt assumes for an iSCSI <host> without one
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\Z"
)
# A vhost-scsi WWPN as libvirt accepts it (virValidateWWN after the 'naa.' prefix).
_WWPN = re.compile(r"naa\.[0-9a-fA-F]{16}\Z")


def read_hostdev(node: Node) -> Hostdev:
    mode = node.attr("mode") or "subsystem"
    if mode != "subsystem":
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="hostdev mode", value=q(mode))
    kind = choice(node, "type", _TYPES)
    if kind is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'type' of <hostdev>")
    source = node.child("source")
    if source is None:
        raise node.fail(codes.E105_MISSING, what="<source> of <hostdev>")
    driver = node.child("driver")
    return Hostdev(
        span=node.span,
        type=cast(HostdevType, kind),
        source=_SOURCE_READERS[kind](source),
        managed=node.yes_no("managed"),
        driver=None if driver is None else choice(driver, "name", ("vfio", "kvm")),
        readonly=kind == "scsi" and node.child("readonly") is not None,
        shareable=kind == "scsi" and node.child("shareable") is not None,
        sgio=choice(node, "sgio", ("filtered", "unfiltered")) if kind == "scsi" else None,
        rawio=node.yes_no("rawio") if kind == "scsi" else None,
        model=_model(node, kind),
        display=node.on_off("display") if kind == "mdev" else None,
        ramfb=node.on_off("ramfb") if kind == "mdev" else None,
        rom=_rom(node.child("rom")) if kind == "pci" else Rom(),
        acpi_index=_acpi_index(node.child("acpi")),
        info=read_device_info(node),
    )


def _model(node: Node, kind: str) -> str | None:
    if kind == "scsi_host":
        return choice(node, "model", _VHOST_MODELS)
    if kind == "mdev":
        model = choice(node, "model", _MDEV_MODELS)
        if model is None:
            raise node.fail(codes.E105_MISSING, what="attribute 'model' of <hostdev type='mdev'>")
        return model
    return None


def _pci_source(src: Node) -> HostdevSource:
    addr = src.child("address")
    if addr is None:
        raise src.fail(codes.E105_MISSING, what="<address> of the PCI <hostdev> <source>")
    return PciHostSource(
        address=PciAddress(
            domain=addr.int_attr("domain", hi=0xFFFF) or 0,
            bus=addr.int_attr("bus", hi=0xFF) or 0,
            slot=addr.int_attr("slot", hi=0x1F) or 0,
            function=addr.int_attr("function", hi=7) or 0,
        )
    )


def _usb_source(src: Node) -> HostdevSource:
    src.attr("startupPolicy")  # what libvirt does when the device is missing at start
    vendor, product, addr = src.child("vendor"), src.child("product"), src.child("address")
    if (vendor is None) != (product is None):
        raise src.fail(
            codes.E104_INVALID_CONFIG, detail="a USB <source> needs both <vendor> and <product>"
        )
    if vendor is None and addr is None:
        raise src.fail(
            codes.E105_MISSING, what="<vendor>/<product> or <address> of the USB <hostdev>"
        )
    reset = choice(src, "guestReset", ("off", "uninitialized", "on", "default"))
    bus = device = None
    if addr is not None:
        bus = addr.int_attr("bus", hex_ok=False, hi=_INT_MAX)
        device = addr.int_attr("device", hex_ok=False, hi=_INT_MAX)
        if bus is None or device is None:
            raise addr.fail(codes.E105_MISSING, what="attributes 'bus' and 'device' of <address>")
    return UsbHostSource(
        vendor=None if vendor is None else _usb_id(vendor),
        product=None if product is None else _usb_id(product),
        bus=bus,
        device=device,
        guest_reset=None if reset == "default" else reset,  # type: ignore[arg-type]
    )


def _usb_id(node: Node) -> int:
    value = node.int_attr("id", hi=0xFFFF)
    if value is None:
        raise node.fail(codes.E105_MISSING, what=f"attribute 'id' of <{node.tag}>")
    return value


def _scsi_source(src: Node) -> HostdevSource:
    protocol = choice(src, "protocol", ("adapter", "iscsi"))
    if protocol == "iscsi":
        return _iscsi_source(src)
    adapter, addr = src.child("adapter"), src.child("address")
    if adapter is None or addr is None:
        raise src.fail(codes.E105_MISSING, what="<adapter> and <address> of the SCSI <source>")
    return ScsiHostSource(
        adapter=adapter.req("name"),
        bus=addr.int_attr("bus", hex_ok=False, hi=_INT_MAX) or 0,
        target=addr.int_attr("target", hex_ok=False, hi=_INT_MAX) or 0,
        unit=addr.int_attr("unit", hex_ok=False) or 0,
    )


def _iscsi_source(src: Node) -> HostdevSource:
    hosts = tuple(
        NetworkHost(
            name=h.req("name"), port=h.int_attr("port", hex_ok=False, hi=65535) or _ISCSI_PORT
        )
        for h in src.children("host")
    )
    if len(hosts) != 1:
        raise src.fail(codes.E104_INVALID_CONFIG, detail="an iSCSI <source> needs one <host>")
    initiator = src.child("initiator")
    iqn = None if initiator is None else initiator.child("iqn")
    name = src.req("name")
    _target, sep, lun = name.partition("/")
    if sep and not is_decimal(lun):
        raise src.fail(codes.E102_UNSUPPORTED_VALUE, what="iSCSI name (IQN/LUN)", value=q(name))
    return IscsiHostSource(
        storage=StorageSource(
            span=src.span,
            type="network",
            protocol="iscsi",
            path=name,
            hosts=hosts,
            auth=read_auth(src.child("auth")),
            initiator_iqn=None if iqn is None else iqn.req("name"),
        )
    )


def _vhost_source(src: Node) -> HostdevSource:
    choice(src, "protocol", ("vhost",))
    wwpn = src.req("wwpn")
    if not _WWPN.match(wwpn):
        raise src.fail(codes.E102_UNSUPPORTED_VALUE, what="vhost-scsi wwpn", value=q(wwpn))
    return VhostScsiSource(wwpn=wwpn)


def _mdev_source(src: Node) -> HostdevSource:
    addr = src.child("address")
    if addr is None:
        raise src.fail(codes.E105_MISSING, what="<address uuid> of the mdev <source>")
    uuid = addr.req("uuid")
    if not _UUID.match(uuid):
        raise addr.fail(codes.E102_UNSUPPORTED_VALUE, what="mdev uuid", value=q(uuid))
    return MdevSource(uuid=uuid)


_SOURCE_READERS = {
    "pci": _pci_source,
    "usb": _usb_source,
    "scsi": _scsi_source,
    "scsi_host": _vhost_source,
    "mdev": _mdev_source,
}


def _rom(node: Node | None) -> Rom:
    if node is None:
        return Rom()
    return Rom(bar=node.on_off("bar"), file=node.attr("file"), enabled=node.yes_no("enabled"))


def _acpi_index(node: Node | None) -> int | None:
    if node is None:
        return None
    index = node.int_attr("index", hex_ok=False, lo=1, hi=_INT_MAX)
    if index is None:
        raise node.fail(codes.E105_MISSING, what="attribute 'index' of <acpi>")
    return index
