"""Reading and lowering of <interface>: small domains compiled end to end.

Schema validation is off here: these tests pin the reader and the lowering, including
interface elements (<target>, <tune>, <mtu>, <rom>...) that schemas/core.xsd does not
declare yet.
"""

from __future__ import annotations

import json

import pytest

from compiler import driver

DOMAIN = """<domain type='{virt}'>
  <name>guest</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>219136</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  <devices>
    <controller type='usb' model='none'/>
    {devices}
    <memballoon model='none'/>
  </devices>
</domain>"""


def _compile(compile_xml, devices, *, virt="qemu", machine="pc", profile="libvirt-test"):
    xml = DOMAIN.format(virt=virt, machine=machine, devices=devices)
    return compile_xml(xml, validate=False, profile=profile)


def _options(result, flag):
    """The values of every `flag` option, JSON ones decoded."""
    words = driver.render(result, "argv").splitlines()
    values = [words[i + 1] for i, w in enumerate(words[:-1]) if w == flag]
    return [json.loads(v) if v.startswith("{") else v for v in values]


def _errors(result):
    return [(d.code.id, d.message) for d in result.diagnostics if d.severity == "error"]


def test_default_model_and_generated_mac(compile_xml):
    result = _compile(compile_xml, "<interface type='user'/>")
    (nic,) = _options(result, "-device")
    assert nic["driver"] == "rtl8139" and nic["mac"].startswith("52:54:00:")
    assert _options(result, "-netdev") == [{"type": "user", "id": "hostnet0"}]


def test_mac_is_normalised_to_lower_case_pairs(compile_xml):
    result = _compile(
        compile_xml, "<interface type='user'><mac address='0:A:b:1:2:3'/></interface>"
    )
    assert _options(result, "-device")[0]["mac"] == "00:0a:0b:01:02:03"


def test_multicast_mac_is_refused(compile_xml):
    result = _compile(
        compile_xml, "<interface type='user'><mac address='01:00:5e:00:00:01'/></interface>"
    )
    assert _errors(result)[0][0] == "E104"


def test_tap_under_libvirt_test_uses_the_passed_descriptors(compile_xml):
    devices = """<interface type='ethernet'>
      <model type='virtio'/><driver queues='2'/><tune><sndbuf>1600</sndbuf></tune>
    </interface>"""
    (netdev,) = _options(_compile(compile_xml, devices), "-netdev")
    assert netdev == {
        "type": "tap",
        "fds": "3:4",
        "vhost": True,
        "vhostfds": "44:45",
        "sndbuf": 1600,
        "id": "hostnet0",
    }


def test_tap_without_virtio_gets_no_vhost(compile_xml):
    (netdev,) = _options(_compile(compile_xml, "<interface type='ethernet'/>"), "-netdev")
    assert netdev == {"type": "tap", "fd": "3", "id": "hostnet0"}


def test_standalone_tap_is_opened_by_name_without_scripts(compile_xml):
    devices = """<interface type='ethernet'>
      <target dev='tap0' managed='no'/><model type='virtio'/><driver queues='2'/>
    </interface>"""
    result = _compile(compile_xml, devices, virt="kvm", profile="standalone")
    (netdev,) = _options(result, "-netdev")
    assert netdev == {
        "type": "tap",
        "ifname": "tap0",
        "script": "no",
        "downscript": "no",
        "queues": 2,
        "vhost": True,
        "id": "hostnet0",
    }
    (nic,) = _options(result, "-device")
    assert nic["mq"] is True and nic["vectors"] == 6


def test_standalone_tap_needs_a_target(compile_xml):
    result = _compile(compile_xml, "<interface type='ethernet'/>", profile="standalone")
    assert _errors(result)[0][0] == "E104"


def test_standalone_bridge_uses_the_bridge_helper(compile_xml):
    devices = "<interface type='bridge'><source bridge='virbr0'/></interface>"
    result = _compile(compile_xml, devices, profile="standalone")
    assert _options(result, "-netdev") == [{"type": "bridge", "br": "virbr0", "id": "hostnet0"}]


def test_network_type_is_refused(compile_xml):
    result = _compile(
        compile_xml, "<interface type='network'><source network='default'/></interface>"
    )
    assert _errors(result)[0][0] == "E203"


def test_vhostuser_chardev_then_netdev(compile_xml):
    devices = """<interface type='vhostuser'>
      <source type='unix' path='/tmp/vu.sock' mode='client'>
        <reconnect enabled='yes' timeout='5'/>
      </source>
      <model type='virtio'/><driver queues='2'/>
    </interface>"""
    result = _compile(compile_xml, devices)
    assert "socket,id=charnet0,path=/tmp/vu.sock,reconnect=5" in _options(result, "-chardev")
    assert _options(result, "-netdev") == [
        {"type": "vhost-user", "chardev": "charnet0", "queues": 2, "id": "hostnet0"}
    ]


def test_vdpa_under_libvirt_test_is_an_fd_set(compile_xml):
    devices = "<interface type='vdpa'><source dev='/dev/vhost-vdpa-0'/></interface>"
    result = _compile(compile_xml, devices)
    assert _options(result, "-add-fd") == ["set=0,fd=1732,opaque=net0-vdpa"]
    assert _options(result, "-netdev")[0]["vhostdev"] == "/dev/fdset/0"


@pytest.mark.parametrize(
    ("kind", "source", "expected"),
    [
        ("server", "<source port='2015'/>", {"listen": ":2015"}),
        ("client", "<source address='10.0.0.1' port='5558'/>", {"connect": "10.0.0.1:5558"}),
        ("mcast", "<source address='230.0.0.1' port='5558'/>", {"mcast": "230.0.0.1:5558"}),
        (
            "udp",
            "<source address='10.0.0.1' port='1'><local address='10.0.0.2' port='2'/></source>",
            {"udp": "10.0.0.1:1", "localaddr": "10.0.0.2:2"},
        ),
    ],
)
def test_socket_types(compile_xml, kind, source, expected):
    result = _compile(compile_xml, f"<interface type='{kind}'>{source}</interface>")
    assert _options(result, "-netdev") == [{"type": "socket", **expected, "id": "hostnet0"}]


def test_passt_needs_a_management_daemon(compile_xml):
    devices = "<interface type='user'><backend type='passt'/></interface>"
    assert _errors(_compile(compile_xml, devices, profile="standalone"))[0][0] == "E104"


def test_port_forward_needs_passt(compile_xml):
    devices = """<interface type='user'>
      <portForward proto='tcp'><range start='22'/></portForward>
    </interface>"""
    assert "<portForward> needs" in _errors(_compile(compile_xml, devices))[0][1]


def test_virtio_nic_property_order(compile_xml):
    devices = """<interface type='user'>
      <mac address='52:54:00:00:00:01'/><model type='virtio'/>
      <driver txmode='timer' rss='on' iommu='on'><host csum='off'/><guest ufo='on'/></driver>
      <mtu size='9000'/><rom bar='on'/><acpi index='3'/>
      <address type='pci' bus='0' slot='5'/>
    </interface>"""
    (nic,) = _options(_compile(compile_xml, devices), "-device")
    assert list(nic) == [
        "driver",
        "iommu_platform",
        "tx",
        "csum",
        "guest_ufo",
        "rss",
        "host_mtu",
        "netdev",
        "id",
        "mac",
        "bus",
        "addr",
        "acpi-index",
        "rombar",
    ]


def test_user_aliases_do_not_consume_net_numbers(compile_xml):
    devices = """<interface type='user'><alias name='ua-first'/></interface>
      <interface type='user'/>"""
    nics = _options(_compile(compile_xml, devices), "-device")
    assert [n["id"] for n in nics] == ["ua-first", "net0"]
    assert [n["netdev"] for n in nics] == ["hostua-first", "hostnet0"]


def test_nics_on_q35_take_root_ports(compile_xml):
    devices = "<interface type='user'><model type='virtio'/></interface>"
    (nic,) = [
        d
        for d in _options(_compile(compile_xml, devices, machine="q35"), "-device")
        if d["driver"] == "virtio-net-pci"
    ]
    assert nic["bus"] == "pci.1" and nic["addr"] == "0x0"


def test_link_state_down_is_a_warning(compile_xml):
    result = _compile(compile_xml, "<interface type='user'><link state='down'/></interface>")
    assert result.ok
    assert [d.code.id for d in result.diagnostics] == ["W001"]


def test_persistent_teaming_marks_the_virtio_nic_as_failover(compile_xml):
    devices = (
        "<interface type='user'><model type='virtio'/><teaming type='persistent'/></interface>"
    )
    (nic,) = _options(_compile(compile_xml, devices), "-device")
    assert nic["failover"] is True


def test_features_are_gated_on_the_target(compile_xml):
    from compiler import targets

    bare = targets.with_caps(
        targets.load("qemu-7.2.50"), frozenset(), frozenset({"virtio-net.rss"})
    )
    devices = "<interface type='user'><model type='virtio'/><driver rss='on'/></interface>"
    xml = DOMAIN.format(virt="qemu", machine="pc", devices=devices)
    result = compile_xml(xml, validate=False, target=bare)
    assert _errors(result)[0][0] == "E106"


def test_vdpa_fd_set_follows_the_sets_of_prepared_devices(compile_xml):
    devices = """<serial type='file'><source path='/tmp/serial.log'/></serial>
      <interface type='vdpa'><source dev='/dev/vhost-vdpa-0'/></interface>"""
    result = _compile(compile_xml, devices)
    assert _options(result, "-add-fd") == [
        "set=1,fd=1732,opaque=net0-vdpa",
        "set=0,fd=1750,opaque=serial0-source",
    ]


def test_usb_nic_takes_its_written_port_or_none(compile_xml):
    devices = """<controller type='usb' index='1' model='qemu-xhci'/>
      <interface type='user'><model type='usb-net'/></interface>
      <interface type='user'>
        <model type='usb-net'/><address type='usb' bus='1' port='2'/>
      </interface>"""
    nics = [
        d for d in _options(_compile(compile_xml, devices), "-device") if d["driver"] == "usb-net"
    ]
    assert "bus" not in nics[0]
    assert (nics[1]["bus"], nics[1]["port"]) == ("usb1.0", "2")


@pytest.mark.parametrize(
    ("devices", "code"),
    [
        ("<interface type='user'><mac address='52:54:00:zz:00:01'/></interface>", "E102"),
        ("<interface type='user'><teaming type='transient'/></interface>", "E104"),
        ("<interface type='user'><mtu/></interface>", "E105"),
        ("<interface type='user'><route address='10.0.0.0'/></interface>", "E101"),
        ("<interface type='user'><script path='/etc/qemu-ifup'/></interface>", "E205"),
        ("<interface type='direct'><source dev='eth0' mode='vepa'/></interface>", "E101"),
        ("<interface type='user'><model type='usb-net'/><rom bar='off'/></interface>", "E104"),
    ],
)
def test_refused_interfaces(compile_xml, devices, code):
    assert _errors(_compile(compile_xml, devices))[0][0] == code
