"""Lower the firmware: pflash -blockdev nodes, -machine pflash0/1, -bios and secure boot.

A pflash firmware is two block nodes per flash chip (libvirt-pflash0-storage, -format:
the code, libvirt-pflash1-*: the variable store) which -machine wires in with
pflash0=/pflash1=. A ROM firmware is a plain -bios. Secure boot locks the flash against
the guest outside SMM with a -global on the cfi.pflash01 device.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.command import Obj
from compiler.ir.domain import Domain, Loader, StorageSource
from compiler.lower.builder import Builder, props


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
    if src.type != "file" or not src.path:
        b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what=f"a {src.type} UEFI variable store")
        return
    storage = f"libvirt-pflash{unit}-storage"
    b.json(
        "-blockdev",
        props(
            ("driver", "file"),
            ("filename", src.path),
            ("node-name", storage),
            ("auto-read-only", True),
            ("discard", "unmap"),
        ),
        span=src.span,
    )
    b.json("-blockdev", _format(unit, src, read_only, storage), span=src.span)


def _format(unit: int, src: StorageSource, read_only: bool, storage: str) -> Obj:
    return props(
        ("node-name", f"libvirt-pflash{unit}-format"),
        ("read-only", read_only),
        ("driver", src.format or "raw"),
        ("file", storage),
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
