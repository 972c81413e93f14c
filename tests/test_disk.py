"""Reading and lowering of <disk>: small domains compiled end to end.

Schema validation is off: these tests pin the reader and the lowering of the storage
family, whatever schemas/core.xsd declares today.
"""

from __future__ import annotations

import json

from compiler import driver

DOMAIN = """<domain type='qemu'>
  <name>guest</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>219136</memory>
  <vcpu>1</vcpu>{extra}
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  <devices>
    {devices}
    <memballoon model='none'/>
  </devices>
</domain>"""


def _compile(compile_xml, devices, *, machine="pc", profile="libvirt-test", extra=""):
    xml = DOMAIN.format(machine=machine, devices=devices, extra=extra)
    return compile_xml(xml, validate=False, profile=profile)


def _options(result, flag):
    """The values of every `flag` option, JSON ones decoded."""
    assert result.ok, [d.message for d in result.diagnostics]
    words = driver.render(result, "argv").splitlines()
    values = [words[i + 1] for i, w in enumerate(words[:-1]) if w == flag]
    return [json.loads(v) if v.startswith("{") else v for v in values]


def test_backing_chain_is_emitted_deepest_first(compile_xml):
    disk = """<disk type='file'><driver name='qemu' type='qcow2'/>
      <source file='/top.qcow2'/>
      <backingStore type='file'><format type='qcow2'/><source file='/base.qcow2'/>
        <backingStore/></backingStore>
      <target dev='vda' bus='virtio'/></disk>"""
    nodes = _options(_compile(compile_xml, disk), "-blockdev")
    assert [n["node-name"] for n in nodes] == [
        "libvirt-2-storage",
        "libvirt-2-format",
        "libvirt-1-storage",
        "libvirt-1-format",
    ]
    assert nodes[1]["backing"] is None and nodes[3]["backing"] == "libvirt-2-format"


def test_rbd_with_auth_gets_a_secret_object(compile_xml):
    disk = """<disk type='network'><driver name='qemu' type='raw'/>
      <source protocol='rbd' name='pool/image'><host name='mon' port='6789'/></source>
      <auth username='admin'><secret type='ceph' usage='ceph-admin'/></auth>
      <target dev='vda' bus='virtio'/></disk>"""
    result = _compile(compile_xml, disk)
    secret = [o for o in _options(result, "-object") if o["id"].endswith("auth-secret0")]
    storage = _options(result, "-blockdev")[0]
    assert secret[0]["keyid"] == "masterKey0"
    assert storage["pool"] == "pool" and storage["image"] == "image"
    assert storage["key-secret"] == "libvirt-1-storage-auth-secret0"


def test_standalone_reads_secrets_from_the_state_directory(compile_xml):
    disk = """<disk type='file'><driver name='qemu' type='raw'/>
      <source file='/luks.img'><encryption format='luks'>
        <secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>
      </encryption></source><target dev='vda' bus='virtio'/></disk>"""
    result = _compile(compile_xml, disk, profile="standalone")
    secret = _options(result, "-object")[-1]
    assert secret["file"].endswith("/secrets/0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f")
    assert _options(result, "-blockdev")[1]["driver"] == "luks"


def test_a_sliced_qcow2_gets_a_raw_slice_node(compile_xml):
    disk = """<disk type='file'><driver name='qemu' type='qcow2'/>
      <source file='/img'><slices><slice type='storage' offset='512' size='1024'/></slices>
      </source><target dev='vda' bus='virtio'/></disk>"""
    nodes = _options(_compile(compile_xml, disk), "-blockdev")
    assert nodes[1]["node-name"] == "libvirt-1-slice-sto" and nodes[1]["offset"] == 512
    assert nodes[2]["file"] == "libvirt-1-slice-sto"


def test_copy_on_read_adds_a_layer_the_device_uses(compile_xml):
    disk = """<disk type='file'><driver name='qemu' type='raw' copy_on_read='on'/>
      <source file='/img'/><target dev='vda' bus='virtio'/></disk>"""
    result = _compile(compile_xml, disk)
    assert _options(result, "-blockdev")[-1]["driver"] == "copy-on-read"
    assert _options(result, "-device")[-1]["drive"] == "libvirt-CoR-vda"


def test_an_sd_card_is_a_legacy_drive(compile_xml):
    disk = "<disk type='file'><source file='/sd,card'/><target dev='sda' bus='sd'/></disk>"
    assert _options(_compile(compile_xml, disk), "-drive") == [
        "file=/sd,,card,format=raw,if=sd,index=0"
    ]


def test_a_vhost_user_disk_is_a_socket(compile_xml):
    disk = """<disk type='vhostuser' device='disk'><driver name='qemu' type='raw'/>
      <source type='unix' path='/tmp/vu.sock'><reconnect enabled='yes' timeout='5'/></source>
      <target dev='vda' bus='virtio'/></disk>"""
    shared = "<memoryBacking><access mode='shared'/></memoryBacking>"
    result = _compile(compile_xml, disk, extra=shared)
    assert (
        _options(result, "-chardev")[-1]
        == "socket,id=chr-vu-virtio-disk0,path=/tmp/vu.sock,reconnect=5"
    )
    assert _options(result, "-device")[-1]["driver"] == "vhost-user-blk-pci"


def test_q35_floppies_boot_through_an_explicit_controller(compile_xml):
    disk = """<disk type='file' device='floppy'><source file='/fd.img'/>
      <target dev='fda' bus='fdc'/><boot order='1'/></disk>"""
    devices = _options(_compile(compile_xml, disk, machine="q35"), "-device")
    assert {"driver": "isa-fdc", "bootindexA": 1} in devices


def test_disk_and_source_encryption_together_are_refused(compile_xml):
    disk = """<disk type='file'><source file='/img'>
      <encryption format='luks'><secret type='passphrase' uuid='u1'/></encryption></source>
      <encryption format='luks'><secret type='passphrase' uuid='u2'/></encryption>
      <target dev='vda' bus='virtio'/></disk>"""
    result = _compile(compile_xml, disk)
    assert [d.code.id for d in result.diagnostics] == ["E104"]


def test_geometry_reaches_the_device(compile_xml):
    disk = """<disk type='file'><source file='/img'/><target dev='hda' bus='ide'/>
      <geometry cyls='16383' heads='16' secs='63' trans='lba'/></disk>"""
    device = _options(_compile(compile_xml, disk), "-device")[-1]
    assert [device[k] for k in ("cyls", "heads", "secs", "bios-chs-trans")] == [
        16383,
        16,
        63,
        "lba",
    ]
