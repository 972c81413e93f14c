"""Reading and lowering of <controller>: QEMU devices, key order, built-in controllers."""

from __future__ import annotations

import json
from typing import Any

from compiler.ir.command import JsonProps, Option
from compiler.ir.printing import to_plain

HEAD = """<domain type='qemu'>
  <name>guest</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>219136</memory>
  <vcpu>1</vcpu>{extra}
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    {devices}
    <memballoon model='none'/>
  </devices>
</domain>"""


def devices(compile_xml: Any, machine: str, xml: str, extra: str = "") -> list[dict[str, Any]]:
    """The JSON of every -device, in command-line order."""
    result = compile_xml(HEAD.format(machine=machine, devices=xml, extra=extra))
    assert result.ok, result.diagnostics
    return [
        json.loads(json.dumps(to_plain(item.value.obj)))
        for item in result.command.items
        if isinstance(item, Option) and item.flag == "-device" and isinstance(item.value, JsonProps)
    ]


def test_virtio_scsi_keeps_libvirts_key_order(compile_xml: Any) -> None:
    xml = """<controller type='scsi' index='0' model='virtio-scsi'>
      <driver queues='2' iothread='1' ioeventfd='off' iommu='on'/>
    </controller>"""
    (scsi,) = devices(compile_xml, "pc", xml, extra="<iothreads>1</iothreads>")[1:]
    assert list(scsi) == [
        "driver",
        "iommu_platform",
        "iothread",
        "id",
        "num_queues",
        "ioeventfd",
        "bus",
        "addr",
    ]
    assert scsi["iothread"] == "iothread1" and scsi["ioeventfd"] is False


def test_builtin_controllers_are_not_on_the_command_line(compile_xml: Any) -> None:
    found = devices(compile_xml, "q35", "<controller type='sata' index='0'/>")
    assert [d["driver"] for d in found] == ["pcie-root-port", "pcie-root-port", "qemu-xhci"]


def test_usb_companion_has_masterbus_and_no_id(compile_xml: Any) -> None:
    xml = """<controller type='usb' index='0' model='ich9-ehci1'/>
    <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>"""
    ehci, uhci = devices(compile_xml, "pc", xml)
    assert ehci["id"] == "usb" and ehci["addr"] == "0x2.0x7"
    assert "id" not in uhci and uhci["masterbus"] == "usb.0" and uhci["firstport"] == 0
    assert uhci["multifunction"] is True and uhci["addr"] == "0x2"


def test_pcie_root_port_model_name_and_target(compile_xml: Any) -> None:
    xml = """<controller type='pci' index='1' model='pcie-root-port'>
      <model name='ioh3420'/><target chassis='7' port='0x10' hotplug='off'/>
    </controller>"""
    port = devices(compile_xml, "q35", xml)[0]
    assert port == {
        "driver": "ioh3420",
        "port": 16,
        "chassis": 7,
        "id": "pci.1",
        "hotplug": False,
        "bus": "pcie.0",
        "addr": "0x1",
    }
