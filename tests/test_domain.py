"""Domain-level reading and lowering: features, CPU, memory, NUMA, firmware (small XML)."""

from __future__ import annotations

import pytest

from compiler.read.memory import parse_set

BASE = """<domain type='kvm'>
  <name>t</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  {extra}
  <devices><controller type='usb' model='none'/><memballoon model='none'/></devices>
</domain>"""


def _argv(compile_xml, extra: str, **opts: object) -> list[str]:
    result = compile_xml(BASE.format(extra=extra), validate=False, **opts)
    assert result.ok, [d.message for d in result.diagnostics]
    return result.argv


def _option(argv: list[str], flag: str) -> list[str]:
    return [argv[i + 1] for i, word in enumerate(argv) if word == flag]


def test_cpu_features_are_translated_to_qemu_names(compile_xml) -> None:
    extra = """<cpu mode='custom'><model>Haswell</model>
      <feature name='lahf_lm' policy='require'/><feature name='vmx' policy='forbid'/></cpu>"""
    assert _option(_argv(compile_xml, extra), "-cpu") == ["Haswell,lahf-lm=on,vmx=off"]


def test_hyperv_passthrough_and_kvm_hidden(compile_xml) -> None:
    extra = """<features><hyperv mode='passthrough'/>
      <kvm><hidden state='on'/><pv-ipi state='off'/></kvm></features>"""
    cpu = _option(_argv(compile_xml, extra), "-cpu")
    assert cpu == ["qemu64,hv-passthrough=on,kvm=off,kvm-pv-ipi=off"]


def test_unknown_hyperv_enlightenment_is_not_dropped(compile_xml) -> None:
    extra = "<features><hyperv><telepathy state='on'/></hyperv></features>"
    result = compile_xml(BASE.format(extra=extra), validate=False)
    assert [d.code.id for d in result.diagnostics] == ["E101"]


def test_cputune_is_accepted_without_argv_effect(compile_xml) -> None:
    plain = _argv(compile_xml, "")
    pinned = _argv(compile_xml, "<cputune><vcpupin vcpu='0' cpuset='1'/></cputune>")
    assert pinned == plain


def test_numa_cells_must_be_numbered_from_zero(compile_xml) -> None:
    extra = "<cpu><numa><cell id='1' cpus='0-1' memory='1' unit='GiB'/></numa></cpu>"
    result = compile_xml(BASE.format(extra=extra), validate=False)
    assert [d.code.id for d in result.diagnostics] == ["E104"]


def test_locked_memory_and_memfd_backing(compile_xml) -> None:
    extra = "<memoryBacking><source type='memfd'/><locked/></memoryBacking>"
    argv = _argv(compile_xml, extra)
    assert _option(argv, "-overcommit") == ["mem-lock=on"]
    (backend,) = [o for o in _option(argv, "-object") if '"pc.ram"' in o]
    assert backend.startswith('{"qom-type":"memory-backend-memfd","id":"pc.ram"')


def test_iothreads_fill_missing_ids(compile_xml) -> None:
    extra = "<iothreads>2</iothreads><iothreadids><iothread id='5'/></iothreadids>"
    objects = [o for o in _option(_argv(compile_xml, extra), "-object") if "iothread" in o]
    assert objects == [
        '{"qom-type":"iothread","id":"iothread5"}',
        '{"qom-type":"iothread","id":"iothread1"}',
    ]


def test_tcg_translation_cache_size(compile_xml) -> None:
    xml = BASE.format(extra="<features><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>")
    result = compile_xml(xml.replace("type='kvm'", "type='qemu'"), validate=False)
    assert _option(result.argv, "-accel") == ["tcg,tb-size=64"]


@pytest.mark.parametrize(
    ("text", "nodes"),
    [("0-3,^2", (0, 1, 3)), ("5", (5,)), ("1-2,5-7,^6", (1, 2, 5, 7))],
)
def test_node_sets_follow_libvirt_syntax(text: str, nodes: tuple[int, ...]) -> None:
    assert parse_set(None, text, "nodeset") == nodes  # type: ignore[arg-type]


def test_smbios_tables_from_sysinfo(compile_xml) -> None:
    extra = """<sysinfo type='smbios'>
      <bios><entry name='vendor'>ACME, Inc</entry></bios>
      <system><entry name='family'>Virtual</entry><entry name='manufacturer'>x2a</entry></system>
      <oemStrings><entry>one</entry></oemStrings>
    </sysinfo>"""
    xml = BASE.format(extra=extra).replace("</os>", "<smbios mode='sysinfo'/></os>")
    result = compile_xml(xml, validate=False)
    assert _option(result.argv, "-smbios") == [
        "type=0,vendor=ACME,, Inc",
        "type=1,manufacturer=x2a,family=Virtual",
        "type=11,value=one",
    ]


def test_fw_cfg_entries(compile_xml) -> None:
    extra = """<sysinfo type='fwcfg'><entry name='opt/a'>v</entry>
      <entry name='opt/b' file='/srv/b.ign'/></sysinfo>"""
    assert _option(_argv(compile_xml, extra), "-fw_cfg") == [
        "name=opt/a,string=v",
        "name=opt/b,file=/srv/b.ign",
    ]


def test_rom_loader_is_a_bios_option(compile_xml) -> None:
    xml = BASE.format(extra="").replace("</os>", "<loader type='rom'>/srv/bios.bin</loader></os>")
    assert _option(compile_xml(xml, validate=False).argv, "-bios") == ["/srv/bios.bin"]


def test_host_passthrough_is_migratable_by_default(compile_xml) -> None:
    argv = _argv(compile_xml, "<cpu mode='host-passthrough'/>")
    assert _option(argv, "-cpu") == ["host,migratable=on"]


def test_sev_guest_object_and_machine_reference(compile_xml) -> None:
    extra = """<launchSecurity type='sev' kernelHashes='yes'>
      <cbitpos>47</cbitpos><reducedPhysBits>1</reducedPhysBits><policy>0x0003</policy>
    </launchSecurity>"""
    xml = BASE.format(extra=extra)
    refused = compile_xml(xml, validate=False)
    assert [d.code.id for d in refused.diagnostics] == ["E106"]  # the target has no sev-guest
    caps = """<qemu:capabilities xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
      <qemu:add capability='sev-guest'/></qemu:capabilities>"""
    argv = _argv(compile_xml, extra + caps)
    assert _option(argv, "-machine")[0].endswith(",confidential-guest-support=lsec0")
    assert '{"qom-type":"sev-guest","id":"lsec0","cbitpos":47,"reduced-phys-bits":1,' in (
        " ".join(_option(argv, "-object"))
    )
