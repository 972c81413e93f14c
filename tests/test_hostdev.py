"""<hostdev>: reading and lowering, compiled from small XML documents."""

from __future__ import annotations

import pytest

_DOMAIN = """<domain type='kvm'>
  <name>hd</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory>219136</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    {devices}
    <memballoon model='none'/>
  </devices>
</domain>"""


def _compile(compile_xml, devices: str):  # type: ignore[no-untyped-def]
    # core.xsd does not declare <driver>, <rom>, <vendor>/<product> of <hostdev> yet: these
    # tests exercise the reader, so the schema step is skipped.
    return compile_xml(_DOMAIN.format(devices=devices), validate=False)


def _args(result) -> str:  # type: ignore[no-untyped-def]
    from compiler import driver

    return driver.render(result, "args")


def test_pci_hostdev_is_vfio_with_rom_settings(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/>"
        "<source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source>"
        "<rom bar='off' file='/tmp/rom.bin'/></hostdev>",
    )
    assert result.ok, result.diagnostics
    assert (
        '{"driver":"vfio-pci","host":"0000:06:12.5","id":"hostdev0","bus":"pci.0",'
        '"addr":"0x2","rombar":0,"romfile":"/tmp/rom.bin"}' in _args(result)
    )


def test_usb_hostdev_by_ids_lets_qemu_find_it(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<hostdev mode='subsystem' type='usb'><source>"
        "<vendor id='0x0204'/><product id='0x6025'/></source></hostdev>",
    )
    assert result.ok, result.diagnostics
    assert (
        '{"driver":"usb-host","vendorid":516,"productid":24613,"id":"hostdev0",'
        '"bus":"usb.0","port":"1"}' in _args(result)
    )


def test_kvm_assignment_is_refused(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<hostdev mode='subsystem' type='pci'><driver name='kvm'/>"
        "<source><address bus='0x06' slot='0x12' function='0x5'/></source></hostdev>",
    )
    assert not result.ok
    assert "KVM device assignment is no longer supported" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("hostdev", "expected"),
    [
        ("<hostdev mode='capabilities' type='storage'><source/></hostdev>", "E102"),
        (
            "<hostdev mode='subsystem' type='usb'><source><vendor id='1'/></source></hostdev>",
            "E104",
        ),
        ("<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source/></hostdev>", "E105"),
    ],
)
def test_malformed_hostdevs_are_located_errors(compile_xml, hostdev, expected) -> None:  # type: ignore[no-untyped-def]
    result = _compile(compile_xml, hostdev)
    assert not result.ok
    assert result.diagnostics[0].code.id == expected


def test_hostdev_interface_is_a_vfio_function_before_the_hostdevs(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<hostdev mode='subsystem' type='pci'>"
        "<source><address bus='0x06' slot='0x12' function='0x5'/></source></hostdev>"
        "<interface type='hostdev' managed='yes'><mac address='00:11:22:33:44:55'/>"
        "<source><address type='pci' bus='0x00' slot='0x07' function='0x0'/></source>"
        "</interface>",
    )
    assert result.ok, result.diagnostics
    args = _args(result)
    # The NIC comes first (libvirt parses interfaces first) and shares the hostdev counter;
    # its MAC is set on the VF by the host, so it never reaches the command line.
    assert (
        '{"driver":"vfio-pci","host":"0000:00:07.0","id":"hostdev0","bus":"pci.0","addr":"0x2"}'
        in args
    )
    assert '"host":"0000:06:12.5","id":"hostdev1","bus":"pci.0","addr":"0x3"' in args
    assert "00:11:22:33:44:55" not in args and "-netdev" not in args


def test_a_vf_backing_a_virtio_nic_names_its_failover_pair(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<interface type='user'><mac address='00:11:22:33:44:54'/><model type='virtio'/>"
        "<teaming type='persistent'/><alias name='ua-backup0'/></interface>"
        "<interface type='hostdev'><mac address='00:11:22:33:44:54'/>"
        "<source><address type='pci' bus='0x00' slot='0x07' function='0x0'/></source>"
        "<teaming type='transient' persistent='ua-backup0'/></interface>",
    )
    assert result.ok, result.diagnostics
    assert '"id":"hostdev0","failover_pair_id":"ua-backup0","bus":"pci.0"' in _args(result)


def test_an_iscsi_lun_must_be_a_number(compile_xml) -> None:  # type: ignore[no-untyped-def]
    result = _compile(
        compile_xml,
        "<hostdev mode='subsystem' type='scsi'><source protocol='iscsi' name='iqn.x/one'>"
        "<host name='example.org'/></source></hostdev>",
    )
    assert not result.ok
    assert result.diagnostics[0].code.id == "E102"
