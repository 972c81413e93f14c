"""Pick the firmware image for <os firmware='bios|efi'> (libvirt's qemu_firmware.c).

With firmware autoselection the XML names the kind of firmware and the features it must
(or must not) have; the image comes from the profile's firmware descriptors, the first
that fits in priority order: right interface, architecture and machine type, the flash
mode the loader asks for (stateless or with a variable store), the requested features,
and secure boot when the loader asks for it. The chosen descriptor then fills the loader
as if the user had written it; firmware needing SMM turns SMM on and locks the flash.
Before: <os firmware='efi'/> on pc-q35-4.0.
After:  loader pflash, read-only, '/usr/share/OVMF/OVMF_CODE.secboot.fd', secure; SMM on;
        NVRAM template '/usr/share/OVMF/OVMF_VARS.secboot.fd' (libvirt-test profile).
Postcondition: with os.firmware set, the loader has a path and a type.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from compiler import codes
from compiler.diagnostics import q
from compiler.firmware import FirmwareDescriptor
from compiler.ir.domain import Domain, Feature, Loader, Nvram
from compiler.passmanager import Pass, PassContext

_INTERFACE = {"bios": "bios", "efi": "uefi"}
_DEVICE = {"rom": "memory", "pflash": "flash"}


def select_firmware(dom: Domain, ctx: PassContext) -> Domain:
    if dom.os.firmware is None:
        return dom
    chosen = next((d for d in ctx.profile.firmware if _fits(dom, d)), None)
    if chosen is None:
        ctx.error(
            codes.E104_INVALID_CONFIG,
            dom.os.span,
            detail=f"no firmware for {q(dom.os.firmware)} fits this domain's requirements",
        )
        return dom
    return _apply(dom, chosen)


def _fits(dom: Domain, fw: FirmwareDescriptor) -> bool:
    os_ = dom.os
    loader = os_.loader
    if _INTERFACE[os_.firmware or ""] != fw.interface:
        return False
    arch = "i386" if os_.arch == "i686" else os_.arch
    if arch not in fw.architectures:
        return False
    if not any(fnmatchcase(os_.machine or "", pattern) for pattern in fw.machines):
        return False
    if loader is not None and loader.type is not None and _DEVICE[loader.type] != fw.device:
        return False
    stateless = loader is not None and loader.stateless is True
    if fw.device == "flash" and (fw.mode == "stateless") != stateless:
        return False
    for name, wanted in os_.firmware_features:
        if (name in fw.features) != wanted:
            return False
    if loader is not None and loader.secure is True and "secure-boot" not in fw.features:
        return False
    smm = next((f for f in dom.features if f.name == "smm"), None)
    return not ("requires-smm" in fw.features and smm is not None and smm.state is False)


def _apply(dom: Domain, fw: FirmwareDescriptor) -> Domain:
    old = dom.os.loader
    span = old.span if old is not None else dom.os.span
    smm = "requires-smm" in fw.features
    loader = Loader(
        span=span,
        path=fw.executable,
        type="pflash" if fw.device == "flash" else "rom",
        readonly=True,
        secure=True if smm else (old.secure if old is not None else None),
        stateless=True if fw.mode == "stateless" and fw.device == "flash" else None,
        format=fw.format,
    )
    nvram = dom.os.nvram
    if fw.device == "flash" and fw.mode == "split" and fw.nvram_template is not None:
        nvram = (
            Nvram(span=span, template=fw.nvram_template)
            if nvram is None
            else replace(nvram, template=nvram.template or fw.nvram_template)
        )
    features = dom.features
    if smm and not any(f.name == "smm" for f in features):
        features = (*features, Feature(span=span, name="smm", state=True))
    return replace(dom, os=replace(dom.os, loader=loader, nvram=nvram), features=features)


PASS = Pass(
    name="select-firmware",
    run=select_firmware,
    summary="Pick the firmware image for <os firmware=...> from the profile's descriptors",
    ensures=lambda d: d.os.firmware is None or (d.os.loader is not None and d.os.loader.path),
)
