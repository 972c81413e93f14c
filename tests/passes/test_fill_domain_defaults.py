"""fill-domain-defaults: libvirt's post-parse defaults for the domain as a whole."""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import BootConfig, IOThread, IOThreads, Os, Sysinfo
from passes.fill_domain_defaults import fill_domain_defaults
from tests.passes.device_builders import SPAN, context, domain, messages


def test_machine_uuid_and_default_boot_are_filled() -> None:
    dom = replace(domain(), os=Os(span=SPAN, type="hvm"))
    out = fill_domain_defaults(dom, context())
    assert (out.os.arch, out.os.machine) == ("x86_64", "pc-i440fx-8.0")
    assert out.os.boot.devices == ("hd",)
    assert out.uuid == "00000000-0000-0000-0000-000000000000"


def test_explicit_boot_devices_are_kept() -> None:
    dom = replace(domain(), os=replace(domain().os, boot=BootConfig(devices=("network",))))
    assert fill_domain_defaults(dom, context()).os.boot.devices == ("network",)


def test_a_32_bit_guest_runs_on_the_64_bit_emulator() -> None:
    dom = replace(domain(), os=replace(domain().os, arch="i686"))
    assert messages(fill_domain_defaults, dom) == []
    dom = replace(domain(), os=replace(domain().os, arch="aarch64"))
    assert messages(fill_domain_defaults, dom) == [
        "architecture 'aarch64' is not supported by target qemu-7.2.50"
    ]


def test_uuid_comes_from_the_smbios_system_table() -> None:
    info = Sysinfo(
        span=SPAN, type="smbios", system=(("uuid", "C7A5FDBD-EDAF-9455-926A-D65C16DB1809"),)
    )
    out = fill_domain_defaults(replace(domain(), sysinfo=(info,)), context())
    assert out.uuid == "c7a5fdbd-edaf-9455-926a-d65c16db1809"


def test_missing_iothread_ids_take_the_lowest_free_ones() -> None:
    threads = IOThreads(count=3, ids=(IOThread(span=SPAN, id=2),))
    out = fill_domain_defaults(replace(domain(), iothreads=threads), context())
    assert [t.id for t in out.iothreads.ids] == [2, 1, 3]
