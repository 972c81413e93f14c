"""Firmware descriptors: what firmware images the host offers, for <os firmware=...>.

QEMU's firmware interop specification has each installed firmware described by a JSON
descriptor (interface, how it is mapped, the machines it supports, its features); libvirt
picks the first descriptor, in file-name order, that fits the domain (qemu_firmware.c).
A profile carries the descriptor list as data, so selection never looks at the machine
running the compiler. ``LIBVIRT_TEST`` is libvirt 9.0's test set (tests/qemufirmwaredata,
after its /etc overrides), which the libvirt-test profile reproduces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class FirmwareDescriptor:
    name: str  # the descriptor's file name; selection goes in this order
    interface: Literal["bios", "uefi"]
    device: Literal["flash", "memory"]
    executable: str
    format: str = "raw"
    mode: Literal["split", "stateless"] = "split"  # flash only: separate variable store?
    nvram_template: str | None = None
    architectures: tuple[str, ...] = ("x86_64",)
    machines: tuple[str, ...] = ()  # glob patterns, e.g. 'pc-q35-*'
    features: frozenset[str] = frozenset()


_Q35 = ("pc-q35-*",)
_PC = ("pc-i440fx-*", "pc-q35-*")

LIBVIRT_TEST: tuple[FirmwareDescriptor, ...] = (
    FirmwareDescriptor(
        name="40-bios.json",
        interface="bios",
        device="memory",
        executable="/usr/share/seabios/bios-256k.bin",
        architectures=("i386", "x86_64"),
        machines=_PC,
        features=frozenset({"acpi-s3", "acpi-s4"}),
    ),
    FirmwareDescriptor(
        name="40-ovmf-sb-keys.json",
        interface="uefi",
        device="flash",
        executable="/usr/share/OVMF/OVMF_CODE.secboot.fd",
        nvram_template="/usr/share/OVMF/OVMF_VARS.secboot.fd",
        machines=_Q35,
        features=frozenset(
            {
                "acpi-s3",
                "amd-sev",
                "enrolled-keys",
                "requires-smm",
                "secure-boot",
                "verbose-dynamic",
            }
        ),
    ),
    FirmwareDescriptor(
        name="45-ovmf-sev-stateless.json",
        interface="uefi",
        device="flash",
        mode="stateless",
        executable="/usr/share/OVMF/OVMF.sev.fd",
        machines=_Q35,
        features=frozenset({"acpi-s3", "amd-sev", "amd-sev-es", "verbose-dynamic"}),
    ),
    FirmwareDescriptor(
        name="50-ovmf-sb-keys.json",
        interface="uefi",
        device="flash",
        executable="/usr/share/OVMF/OVMF_CODE.secboot.fd",
        nvram_template="/usr/share/OVMF/OVMF_VARS.secboot.fd",
        machines=_Q35,
        features=frozenset(
            {
                "acpi-s3",
                "amd-sev",
                "enrolled-keys",
                "requires-smm",
                "secure-boot",
                "verbose-dynamic",
            }
        ),
    ),
    FirmwareDescriptor(
        name="61-ovmf.json",
        interface="uefi",
        device="flash",
        executable="/usr/share/OVMF/OVMF_CODE.fd",
        nvram_template="/usr/share/OVMF/OVMF_VARS.fd",
        machines=_PC,
        features=frozenset({"acpi-s3", "amd-sev", "verbose-dynamic"}),
    ),
)
