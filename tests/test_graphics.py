"""Reading and lowering of <audio>, <graphics>, <video> and <sound>."""

from __future__ import annotations

import json

DOMAIN = """<domain type='qemu'>
  <name>t</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
    {devices}
  </devices>
</domain>
"""


def _compile(compile_xml, devices: str, **overrides: object):
    # The reader and lowering are under test here; schemas/core.xsd has its own tests.
    result = compile_xml(DOMAIN.format(devices=devices), validate=False, **overrides)
    assert result.ok, [d.message for d in result.diagnostics]
    return list(result.argv)


def _values(argv: list[str], flag: str) -> list[str]:
    return [argv[i + 1] for i, word in enumerate(argv) if word == flag]


def _devices(argv: list[str]) -> list[dict[str, object]]:
    return [json.loads(v) for v in _values(argv, "-device")]


def test_pulseaudio_backend_keys_and_driver_name(compile_xml) -> None:
    argv = _compile(
        compile_xml,
        "<audio id='1' type='pulseaudio' serverName='srv'>"
        "<output fixedSettings='no' name='n' latency='0'><settings frequency='8000'/></output>"
        "</audio>",
    )
    (audiodev,) = _values(argv, "-audiodev")
    # A zero latency means 'not set'; the stream format needs fixedSettings='yes'.
    assert json.loads(audiodev) == {
        "id": "audio1",
        "driver": "pa",
        "server": "srv",
        "out": {"fixed-settings": False, "name": "n"},
    }


def test_attribute_of_another_backend_is_not_supported(compile_xml) -> None:
    result = compile_xml(DOMAIN.format(devices="<audio id='1' type='alsa' serverName='x'/>"))
    assert not result.ok
    assert "attribute 'serverName'" in result.diagnostics[0].message


def test_sdl_backend_driver_goes_to_the_environment(compile_xml) -> None:
    result = compile_xml(DOMAIN.format(devices="<audio id='1' type='sdl' driver='alsa'/>"))
    assert ("SDL_AUDIODRIVER", "alsa") in result.command.env


def test_vnc_keymap_password_and_share_policy(compile_xml) -> None:
    argv = _compile(
        compile_xml,
        "<graphics type='vnc' port='5905' keymap='de' passwd='x' sharePolicy='force-shared'/>",
    )
    assert _values(argv, "-vnc") == ["127.0.0.1:5,share=force-shared,password=on,audiodev=audio1"]
    assert _values(argv, "-k") == ["de"]


def test_vnc_adds_the_implicit_cirrus_video_at_slot_2(compile_xml) -> None:
    argv = _compile(compile_xml, "<graphics type='vnc'/>")
    assert "-display" not in argv
    assert _devices(argv) == [
        {"driver": "cirrus-vga", "id": "video0", "bus": "pci.0", "addr": "0x2"}
    ]


def test_spice_secure_channel_without_tls_port_is_refused(compile_xml) -> None:
    result = compile_xml(
        DOMAIN.format(
            devices="<graphics type='spice' port='5900'><channel name='main' mode='secure'/>"
            "</graphics>"
        )
    )
    assert not result.ok
    assert "'main' wants mode 'secure'" in result.diagnostics[0].message


def test_curses_is_refused(compile_xml) -> None:
    result = compile_xml(DOMAIN.format(devices="<graphics type='curses'/>"), validate=False)
    assert not result.ok
    assert [d.code.id for d in result.diagnostics] == ["E204"]


def test_secondary_qxl_and_virtio_models(compile_xml) -> None:
    argv = _compile(
        compile_xml,
        "<video><model type='virtio' heads='2' primary='yes'/></video>"
        "<video><model type='qxl' vram='32768'/></video>",
    )
    primary, secondary = _devices(argv)
    assert (primary["driver"], primary["max_outputs"]) == ("virtio-vga", 2)
    assert (secondary["driver"], secondary["vram_size"]) == ("qxl", 32 * 1024 * 1024)


def test_secondary_vga_is_refused(compile_xml) -> None:
    result = compile_xml(
        DOMAIN.format(
            devices="<video><model type='qxl'/></video><video><model type='vga'/></video>"
        )
    )
    assert not result.ok
    assert "secondary video model 'vga'" in result.diagnostics[0].message


def test_hda_codecs_take_their_positions_as_addresses(compile_xml) -> None:
    argv = _compile(
        compile_xml, "<sound model='ich9'><codec type='micro'/><codec type='output'/></sound>"
    )
    controller, micro, output = _devices(argv)
    assert controller == {"driver": "ich9-intel-hda", "id": "sound0", "bus": "pci.0", "addr": "0x2"}
    assert micro["driver"] == "hda-micro" and micro["cad"] == 0
    assert output == {
        "driver": "hda-output",
        "id": "sound0-codec1",
        "bus": "sound0.0",
        "cad": 1,
        "audiodev": "audio1",
    }
