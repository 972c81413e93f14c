"""Reading and lowering of the small devices: inputs, watchdog, panic, rng, tpm, vsock,
iommu, filesystems, the balloon and the shared virtio <driver> options."""

from __future__ import annotations

import json

import pytest

DOMAIN = """<domain type='qemu'>
  <name>t</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  {features}
  <devices>
    <controller type='usb' model='none'/>
    {devices}
  </devices>
</domain>
"""


def _xml(devices: str, machine: str = "pc", features: str = "") -> str:
    return DOMAIN.format(devices=devices, machine=machine, features=features)


def _devices(result) -> list[dict[str, object]]:
    words = list(result.argv)
    return [json.loads(words[i + 1]) for i, w in enumerate(words) if w == "-device"]


def _option(result, flag: str) -> list[str]:
    words = list(result.argv)
    return [words[i + 1] for i, w in enumerate(words) if w == flag]


def _messages(result) -> list[str]:
    return [d.message for d in result.diagnostics]


def test_virtio_input_with_driver_options(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<input type='tablet' bus='virtio'><driver iommu='on' packed='off'/></input>"
            "<memballoon model='none'/>"
        )
    )
    assert result.ok, _messages(result)
    (dev,) = _devices(result)
    assert dev == {
        "driver": "virtio-tablet-pci",
        "iommu_platform": True,
        "packed": False,
        "id": "input0",
        "bus": "pci.0",
        "addr": "0x2",
    }


def test_passthrough_input_takes_the_transitional_model(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<input type='passthrough' bus='virtio' model='virtio-transitional'>"
            "<source evdev='/dev/input/event1'/></input><memballoon model='none'/>"
        )
    )
    (dev,) = _devices(result)
    assert dev["driver"] == "virtio-input-host-pci-transitional"
    assert dev["evdev"] == "/dev/input/event1"


def test_transitional_keyboard_is_refused(compile_xml) -> None:
    result = compile_xml(_xml("<input type='keyboard' bus='virtio' model='virtio-transitional'/>"))
    assert not result.ok
    assert "not supported for input type=keyboard" in _messages(result)[0]


def test_evdev_input_is_an_object(compile_xml) -> None:
    result = compile_xml(
        _xml("<input type='evdev'><source dev='/dev/input/e' grab='all' repeat='on'/></input>")
    )
    objects = [json.loads(o) for o in _option(result, "-object")]
    assert [o for o in objects if o["qom-type"] == "input-linux"] == [
        {
            "qom-type": "input-linux",
            "id": "input0",
            "evdev": "/dev/input/e",
            "repeat": True,
            "grab_all": True,
        }
    ]


def test_watchdog_dump_action_becomes_pause(compile_xml) -> None:
    result = compile_xml(_xml("<watchdog model='ib700' action='dump'/>"))
    assert _option(result, "-watchdog-action") == ["pause"]


def test_rng_rate_defaults_the_period(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<rng model='virtio'><rate bytes='123'/><backend model='random'>/dev/hwrng"
            "</backend></rng><memballoon model='none'/>"
        )
    )
    (dev,) = _devices(result)
    assert dev["max-bytes"] == 123 and dev["period"] == 1000
    assert json.loads(_option(result, "-object")[-1])["filename"] == "/dev/hwrng"


def test_vsock_auto_cid_standalone_is_refused(compile_xml) -> None:
    result = compile_xml(
        _xml("<vsock model='virtio'><cid auto='yes'/></vsock>"), profile="standalone"
    )
    assert not result.ok
    assert "needs <cid address=...>" in _messages(result)[0]


def test_vsock_standalone_opens_the_device_itself(compile_xml) -> None:
    result = compile_xml(
        _xml("<vsock model='virtio'><cid address='7'/></vsock>"), profile="standalone"
    )
    dev = _devices(result)[-1]
    assert dev["guest-cid"] == 7 and "vhostfd" not in dev


def test_intel_iommu_options(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<iommu model='intel'><driver intremap='on' eim='on' aw_bits='48'/></iommu>",
            machine="q35",
            features="<features><ioapic driver='qemu'/></features>",
        ),
        validate=False,  # the schema does not know 'eim' yet
    )
    assert result.ok, _messages(result)
    dev = _devices(result)[0]
    assert dev == {
        "driver": "intel-iommu",
        "id": "iommu0",
        "intremap": "on",
        "eim": "on",
        "aw-bits": 48,
    }


@pytest.mark.parametrize(
    ("attrs", "fsdev"),
    [
        ("accessmode='squash'", "local,security_model=none,id=fsdev-fs0,path=/s"),
        (
            "fmode='644' dmode='0755'",
            "local,security_model=passthrough,fmode=0644,dmode=0755,id=fsdev-fs0,path=/s",
        ),
    ],
)
def test_9p_fsdev(compile_xml, attrs: str, fsdev: str) -> None:
    result = compile_xml(
        _xml(f"<filesystem type='mount' {attrs}><source dir='/s'/><target dir='t'/></filesystem>"),
        validate=False,  # the schema does not know fmode/dmode yet
    )
    assert _option(result, "-fsdev") == [fsdev]


def test_virtiofs_readonly_is_refused(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<filesystem type='mount'><driver type='virtiofs'/><source dir='/s'/>"
            "<target dir='t'/><readonly/></filesystem>"
        )
    )
    assert _messages(result) == ["virtiofs does not yet support read-only mode"]


def test_tpm_passthrough_standalone_uses_paths(compile_xml) -> None:
    result = compile_xml(
        _xml(
            "<tpm model='tpm-crb'><backend type='passthrough'><device path='/dev/tpm1'/>"
            "</backend></tpm>"
        ),
        profile="standalone",
    )
    assert _option(result, "-add-fd") == []
    assert _option(result, "-tpmdev") == [
        "passthrough,id=tpm-tpm0,path=/dev/tpm1,cancel-path=/sys/class/tpm/tpm1/device/cancel"
    ]


def test_spapr_tpm_is_refused_on_x86(compile_xml) -> None:
    result = compile_xml(_xml("<tpm model='tpm-spapr'><backend type='emulator'/></tpm>"))
    assert _messages(result) == ["TPM model 'tpm-spapr' is only available for PPC64 guests"]


def test_ps2_tablet_is_refused(compile_xml) -> None:
    result = compile_xml(_xml("<input type='tablet' bus='ps2'/>"))
    assert _messages(result) == ["ps2 bus does not support tablet input"]
