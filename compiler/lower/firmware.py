"""Lower the firmware: pflash -blockdev nodes, -machine pflash0/1, -bios and secure boot.

A pflash firmware is two block nodes per flash chip (libvirt-pflash0-storage, -format:
the code, libvirt-pflash1-*: the variable store) which -machine wires in with
pflash0=/pflash1=. A network variable store (nbd, iSCSI...) takes the disks' protocol
options and authentication secret, under the pflash1 node names. A ROM firmware is a
plain -bios. Secure boot locks the flash against the guest outside SMM with a -global on
the cfi.pflash01 device.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.command import Obj
from compiler.ir.domain import Domain, Loader, StorageSource
from compiler.lower import blockdev
from compiler.lower.builder import Builder, merge, props
from compiler.lower.secrets import secret_object


def pflash_loader(dom: Domain) -> Loader | None:
    """The loader when it is a pflash image (libvirt's virDomainDefHasOldStyleUEFI)."""
    loader = dom.os.loader
    if loader is None or loader.type != "pflash" or not loader.path:
        return None
    return loader


def nvram_source(dom: Domain) -> StorageSource | None:
    if pflash_loader(dom) is None or dom.os.nvram is None:
        return None
    return dom.os.nvram.source


def pflash_machine_props(dom: Domain) -> list[tuple[str, str | None]]:
    """-machine pflash0=/pflash1= (after the memory and security options)."""
    items: list[tuple[str, str | None]] = []
    if pflash_loader(dom) is not None:
        items.append(("pflash0", "libvirt-pflash0-format"))
        if nvram_source(dom) is not None:
            items.append(("pflash1", "libvirt-pflash1-format"))
    return items


def lower_pflash(b: Builder) -> None:
    """qemuBuildPflashBlockdevCommandLine: code then variables, storage then format node."""
    loader = pflash_loader(b.dom)
    if loader is None:
        return
    code = StorageSource(span=loader.span, type="file", path=loader.path, format=loader.format)
    _flash(b, 0, code, read_only=loader.readonly is True)
    nvram = nvram_source(b.dom)
    if nvram is not None:
        _flash(b, 1, nvram, read_only=False)


def _flash(b: Builder, unit: int, src: StorageSource, *, read_only: bool) -> None:
    """One flash chip: its storage node, then its format node (libvirt-pflash<unit>-*)."""
    src = replace(src, node_stem=f"pflash{unit}")
    backend = _backend(b, src)
    if backend is None:
        return
    tail = props(
        ("node-name", blockdev.node_name(src, "storage")),
        ("auto-read-only", True),
        ("discard", "unmap"),
    )
    b.json("-blockdev", merge(backend, tail), span=src.span)
    b.json("-blockdev", _format(src, read_only), span=src.span)


def _backend(b: Builder, src: StorageSource) -> Obj | None:
    """The storage node's driver options: a local image, or a network store opened like a
    disk's network source (its password's secret object goes first, named after the node)."""
    if src.type == "file" and src.path:
        return props(("driver", "file"), ("filename", src.path))
    unsupported = _unsupported_network(src)
    if unsupported is not None:
        b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what=unsupported)
        return None
    if src.auth is not None:
        alias = blockdev.auth_secret_alias(src)
        b.json("-object", secret_object(b, alias, src.auth.secret), src.auth.span)
    return blockdev.network_props(src)


def _unsupported_network(src: StorageSource) -> str | None:
    """Why ``src`` cannot be lowered as a network variable store, or None when it can.

    Only the host and authentication parts of a network source are wired for the NVRAM;
    TLS credentials, cookies, encryption, slices and reservations are disk-only here.
    """
    if src.type != "network":
        return f"a {src.type} UEFI variable store"
    if not src.hosts and src.protocol != "rbd":
        return "a network UEFI variable store without a <host>"
    if src.tls or src.cookies or src.encryption or src.slice or src.reservations:
        return "a UEFI variable store with TLS, cookies, encryption, slices or reservations"
    return None


def _format(src: StorageSource, read_only: bool) -> Obj:
    return props(
        ("node-name", blockdev.node_name(src, "format")),
        ("read-only", read_only),
        ("driver", src.format or "raw"),
        ("file", blockdev.node_name(src, "storage")),
    )


def lower_loader(b: Builder) -> None:
    """qemuBuildDomainLoaderCommandLine: -bios for a ROM, the secure-boot -global for pflash."""
    loader = b.dom.os.loader
    if loader is None or not loader.path:
        return
    if loader.type in (None, "rom"):
        b.word("-bios", loader.path, span=loader.span)
    elif loader.secure:
        b.kv(
            "-global",
            None,
            ("driver", "cfi.pflash01"),
            ("property", "secure"),
            ("value", "on"),
            span=loader.span,
        )
