"""Read <os> (boot order, direct kernel boot, firmware, loader, NVRAM) and <sysinfo>.

The firmware elements keep what the XML says: autoselection (<os firmware=...>) is decided
later by the select-firmware pass, and the NVRAM path of a read-only pflash loader by
fill-nvram-path, so the reader never consults the host or the profile.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal, cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    BootConfig,
    FwCfgEntry,
    Loader,
    Nvram,
    Os,
    StorageSource,
    Sysinfo,
)
from compiler.read.node import Node
from compiler.read.storage_source import read_source


def read_os(root: Node) -> Os:
    node = root.child("os")
    if node is None:
        raise root.fail(codes.E105_MISSING, what="<os>")
    type_node = node.child("type")
    if type_node is None:
        raise node.fail(codes.E105_MISSING, what="<os><type>")
    firmware = node.attr("firmware")
    if firmware not in (None, "bios", "efi"):
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what="attribute 'firmware' of <os>", value=q(firmware)
        )
    return Os(
        span=node.span,
        type=type_node.text() or "hvm",
        arch=type_node.attr("arch"),
        machine=type_node.attr("machine"),
        boot=_boot(node),
        kernel=node.child_text("kernel"),
        initrd=node.child_text("initrd"),
        cmdline=node.child_text("cmdline"),
        dtb=node.child_text("dtb"),
        slic_table=_slic_table(node.child("acpi")),
        smbios_mode=_smbios_mode(node.child("smbios")),
        firmware=cast(Literal["bios", "efi"] | None, firmware),
        firmware_features=_firmware_features(node.child("firmware")),
        loader=_loader(node.child("loader")),
        nvram=_nvram(node.child("nvram")),
    )


def _boot(node: Node) -> BootConfig:
    devices = tuple(b.req("dev") for b in node.children("boot"))
    menu = timeout = None
    menu_node = node.child("bootmenu")
    if menu_node is not None:
        menu = menu_node.yes_no("enable")
        timeout = menu_node.int_attr("timeout", hex_ok=False, hi=65535)
    useserial = reboot_timeout = None
    bios = node.child("bios")
    if bios is not None:
        useserial = bios.yes_no("useserial")
        text = bios.attr("rebootTimeout")
        if text is not None:
            # -1 disables rebooting after a failed boot; 0..65535 is the delay in ms.
            what = "attribute 'rebootTimeout' of <bios>"
            reboot_timeout = (
                -1 if text.strip() == "-1" else bios.parse_int(text, what, False, 0, 65535)
            )
    return BootConfig(
        devices=devices,
        menu=menu,
        menu_timeout=timeout,
        reboot_timeout=reboot_timeout,
        bios_useserial=useserial,
    )


def _slic_table(node: Node | None) -> str | None:
    if node is None:
        return None
    tables = node.children("table")
    for table in tables:
        kind = table.req("type")
        if kind != "slic":
            raise table.fail(codes.E102_UNSUPPORTED_VALUE, what="<table type>", value=q(kind))
    return tables[0].text() if tables else None


def _smbios_mode(node: Node | None) -> Literal["emulate", "host", "sysinfo"] | None:
    if node is None:
        return None
    mode = node.req("mode")
    if mode not in ("emulate", "host", "sysinfo"):
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="<smbios mode>", value=q(mode))
    return cast(Literal["emulate", "host", "sysinfo"], mode)


def _firmware_features(node: Node | None) -> tuple[tuple[str, bool], ...]:
    if node is None:
        return ()
    return tuple((f.req("name"), bool(f.yes_no("enabled"))) for f in node.children("feature"))


def _loader(node: Node | None) -> Loader | None:
    if node is None:
        return None
    kind = node.attr("type")
    if kind not in (None, "rom", "pflash"):
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what="attribute 'type' of <loader>", value=q(kind)
        )
    return Loader(
        span=node.span,
        path=node.text() or None,
        type=cast(Literal["rom", "pflash"] | None, kind),
        readonly=node.yes_no("readonly"),
        secure=node.yes_no("secure"),
        stateless=node.yes_no("stateless"),
        format=node.attr("format"),
    )


def _nvram(node: Node | None) -> Nvram | None:
    if node is None:
        return None
    template = node.attr("template")
    kind = node.attr("type")
    if kind is None:
        path = node.text() or None
        source = None if path is None else StorageSource(span=node.span, type="file", path=path)
    else:
        source = read_source(node, kind, node.child("source"))
    if source is not None and source.format is None:
        source = replace(source, format=node.attr("format") or "raw")
    return Nvram(span=node.span, source=source, template=template)


def read_sysinfo(root: Node) -> tuple[Sysinfo, ...]:
    return tuple(_sysinfo(node) for node in root.children("sysinfo"))


def _sysinfo(node: Node) -> Sysinfo:
    kind = node.req("type")
    if kind == "fwcfg":
        entries = tuple(
            FwCfgEntry(name=e.req("name"), value=e.text() or None, file=e.attr("file"))
            for e in node.children("entry")
        )
        return Sysinfo(span=node.span, type="fwcfg", fw_cfg=entries)
    if kind != "smbios":
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="<sysinfo type>", value=q(kind))
    oem = node.child("oemStrings")
    return Sysinfo(
        span=node.span,
        type="smbios",
        bios=_entries(node.child("bios")),
        system=_entries(node.child("system")),
        base_boards=tuple(_entries(b) for b in node.children("baseBoard")),
        chassis=_entries(node.child("chassis")),
        oem_strings=() if oem is None else tuple(e.text() or "" for e in oem.children("entry")),
    )


def _entries(node: Node | None) -> tuple[tuple[str, str], ...]:
    if node is None:
        return ()
    return tuple((e.req("name"), e.text() or "") for e in node.children("entry"))
