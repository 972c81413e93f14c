"""select-firmware: the first descriptor of the profile that fits the domain wins."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Loader, Os
from passes.fill_nvram_path import fill_nvram_path
from passes.select_firmware import select_firmware
from tests.passes.device_builders import SPAN, context, domain, messages


def _dom(machine: str = "pc-q35-4.0", **fields: object):  # type: ignore[no-untyped-def]
    os_ = Os(span=SPAN, type="hvm", arch="x86_64", machine=machine, **fields)  # type: ignore[arg-type]
    return replace(domain(machine), os=os_)


def test_efi_prefers_secure_boot_and_turns_smm_on() -> None:
    out = select_firmware(_dom(firmware="efi"), context())
    assert out.os.loader.path == "/usr/share/OVMF/OVMF_CODE.secboot.fd"
    assert out.os.loader.secure is True
    assert any(f.name == "smm" and f.state for f in out.features)
    assert out.os.nvram.template == "/usr/share/OVMF/OVMF_VARS.secboot.fd"


def test_secure_boot_off_picks_plain_ovmf() -> None:
    dom = _dom(firmware="efi", firmware_features=(("secure-boot", False),))
    out = select_firmware(dom, context())
    assert out.os.loader.path == "/usr/share/OVMF/OVMF_CODE.fd"
    assert not any(f.name == "smm" for f in out.features)


def test_stateless_picks_a_stateless_image_without_nvram() -> None:
    dom = _dom(firmware="efi", loader=Loader(span=SPAN, stateless=True))
    out = fill_nvram_path(select_firmware(dom, context()), context())
    assert out.os.loader.path == "/usr/share/OVMF/OVMF.sev.fd"
    assert out.os.nvram is None


def test_bios_is_a_rom() -> None:
    out = select_firmware(_dom(firmware="bios"), context())
    assert (out.os.loader.type, out.os.loader.path) == ("rom", "/usr/share/seabios/bios-256k.bin")


def test_nothing_fits_is_refused() -> None:
    (msg,) = messages(
        select_firmware,
        _dom("pc-i440fx-8.0", firmware="efi", loader=Loader(span=SPAN, secure=True)),
    )
    assert "no firmware for 'efi'" in msg


def test_generated_nvram_path_uses_the_profile_directory() -> None:
    out = fill_nvram_path(select_firmware(_dom(firmware="efi"), context()), context())
    assert out.os.nvram.source.path == "/var/lib/libvirt/qemu/nvram/t_VARS.fd"
