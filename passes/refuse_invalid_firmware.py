"""Refuse firmware and SMM settings that libvirt rejects (virDomainDefOSValidate, TSEG).

Firmware autoselection (<os firmware='efi'>) picks the loader itself, so a loader path or
type next to it is a contradiction; <firmware><feature> only steers that selection; a
BIOS has no variable store; a stateless loader has none either; enrolled keys are only
meaningful with secure boot. The extended TSEG is a q35 (mch) property sized in MiB.
Before: <os firmware='efi'><loader>/path/OVMF_CODE.fd</loader></os>
After:  E104 at <loader>; Domain unchanged.
Postcondition: firmware settings are consistent, TSEG is whole MiB on a q35 machine.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import codes
from compiler.diagnostics import Span
from compiler.ir.domain import Domain
from compiler.ir.query import is_q35
from compiler.passmanager import Pass, PassContext


def refuse_invalid_firmware(dom: Domain, ctx: PassContext) -> Domain:
    for span, detail in (*_firmware_problems(dom), *_tseg_problems(dom)):
        ctx.error(codes.E104_INVALID_CONFIG, span, detail=detail)
    return dom


def _firmware_problems(dom: Domain) -> Iterator[tuple[Span, str]]:
    os_ = dom.os
    loader = os_.loader
    nvram = os_.nvram
    features = dict(os_.firmware_features)
    if os_.firmware is None and features:
        yield os_.span, "<firmware><feature> needs firmware autoselection (<os firmware=...>)"
    if features.get("enrolled-keys") and features.get("secure-boot") is False:
        yield os_.span, "firmware feature 'enrolled-keys' needs feature 'secure-boot'"
    if os_.firmware is not None and loader is not None and (loader.path or loader.type):
        yield loader.span, "a loader path or type cannot be given with firmware autoselection"
    if os_.firmware == "bios" and (nvram is not None or (loader and loader.stateless is False)):
        yield (nvram or loader or os_).span, "only EFI firmware has an NVRAM variable store"
    if loader is not None and loader.stateless and nvram is not None:
        yield nvram.span, "a stateless loader cannot have an NVRAM variable store"


def _tseg_problems(dom: Domain) -> Iterator[tuple[Span, str]]:
    smm = next((f for f in dom.features if f.name == "smm"), None)
    tseg = None if smm is None else next((c for c in smm.children if c.name == "tseg"), None)
    if smm is None or tseg is None:
        return
    if smm.state is False:
        yield tseg.span, "<tseg> needs SMM enabled"
    if not is_q35(dom):
        yield tseg.span, "<tseg> is only supported on q35 machine types"
    if (tseg.size_kib or 0) % 1024:
        yield tseg.span, "SMM TSEG size must be a whole number of MiB"


PASS = Pass(
    name="refuse-invalid-firmware",
    run=refuse_invalid_firmware,
    summary="Refuse contradictory firmware selection, NVRAM and TSEG settings",
)
