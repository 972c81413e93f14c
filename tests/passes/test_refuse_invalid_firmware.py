"""refuse-invalid-firmware: libvirt's firmware and TSEG consistency rules."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Feature, Loader, Nvram, Os
from passes.refuse_invalid_firmware import refuse_invalid_firmware
from tests.passes.device_builders import SPAN, domain, messages


def _os(**fields: object) -> Os:
    return Os(span=SPAN, type="hvm", arch="x86_64", machine="pc-q35-8.0", **fields)  # type: ignore[arg-type]


def _check(os_: Os) -> list[str]:
    return messages(refuse_invalid_firmware, replace(domain(), os=os_))


def test_autoselection_with_a_loader_path_is_refused() -> None:
    loader = Loader(span=SPAN, path="/x/OVMF_CODE.fd")
    assert _check(_os(firmware="efi", loader=loader)) == [
        "a loader path or type cannot be given with firmware autoselection"
    ]


def test_features_need_autoselection() -> None:
    (msg,) = _check(_os(firmware_features=(("secure-boot", True),)))
    assert "needs firmware autoselection" in msg


def test_enrolled_keys_need_secure_boot() -> None:
    feats = (("enrolled-keys", True), ("secure-boot", False))
    (msg,) = _check(_os(firmware="efi", firmware_features=feats))
    assert "'enrolled-keys' needs feature 'secure-boot'" in msg


def test_bios_has_no_nvram() -> None:
    (msg,) = _check(_os(firmware="bios", loader=Loader(span=SPAN, stateless=False)))
    assert msg == "only EFI firmware has an NVRAM variable store"


def test_stateless_loader_has_no_nvram() -> None:
    loader = Loader(span=SPAN, path="/c.fd", type="pflash", stateless=True)
    (msg,) = _check(_os(loader=loader, nvram=Nvram(span=SPAN, template="/t.fd")))
    assert "stateless" in msg


def test_tseg_must_be_whole_mebibytes_on_q35() -> None:
    tseg = Feature(span=SPAN, name="tseg", size_kib=12345)
    smm = Feature(span=SPAN, name="smm", state=True, children=(tseg,))
    dom = replace(domain("pc-q35-8.0"), features=(smm,))
    assert messages(refuse_invalid_firmware, dom) == ["SMM TSEG size must be a whole number of MiB"]
    dom = replace(domain("pc"), features=(replace(smm, children=(replace(tseg, size_kib=49152),)),))
    assert messages(refuse_invalid_firmware, dom) == [
        "<tseg> is only supported on q35 machine types"
    ]
