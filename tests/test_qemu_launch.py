"""The second oracle: a real QEMU (Debian's qemu-system-x86 7.2) accepts the standalone argv.

Each test compiles a domain with the default target (qemu-7.2) and profile (standalone),
starts QEMU under TCG, and asks it over QMP what it really built. QEMU is a required test
dependency (`.ci/run` installs it); set XML2ARGV_NO_QEMU=1 only on a machine without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from compiler import driver
from tests.qmp import launch, shutdown

QEMU = shutil.which("qemu-system-x86_64")

pytestmark = pytest.mark.skipif(
    os.environ.get("XML2ARGV_NO_QEMU") == "1", reason="XML2ARGV_NO_QEMU=1 set explicitly"
)


def require_qemu() -> str:
    assert QEMU, "qemu-system-x86_64 is required (apt-get install qemu-system-x86)"
    return QEMU


def image(path, fmt="qcow2", size="16M"):
    subprocess.run(["qemu-img", "create", "-q", "-f", fmt, str(path), size], check=True)
    return path


def compile_standalone(xml: str, state_dir) -> driver.Result:
    return driver.compile_bytes(
        xml.encode(),
        filename="vm.xml",
        options=driver.CompileOptions(state_root=str(state_dir), verify_ir=True),
    )


def run_paused(result: driver.Result, state_dir, name: str):
    argv = list(result.argv)
    argv[0] = require_qemu()
    monitor = state_dir / f"domain-1-{name}" / "monitor.sock"
    monitor.parent.mkdir(parents=True, exist_ok=True)
    # Freeze the CPUs for the check: nothing needs to boot.
    proc, qmp = launch([*argv, "-S"], monitor, dict(result.env))
    return proc, qmp


def pci_devices(buses: list[dict]) -> list[dict]:
    """Every device of query-pci's answer, including those behind bridges and root ports."""
    found: list[dict] = []
    stack = [d for bus in buses for d in bus["devices"]]
    while stack:
        dev = stack.pop()
        found.append(dev)
        stack.extend(dev.get("pci_bridge", {}).get("devices", []))
    return found


def domain(name: str, machine: str, devices: str) -> str:
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <uuid>6d9c4a52-1b0e-4f7d-9a3c-2e8f5b1c0d47</uuid>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
{devices}
  </devices>
</domain>
"""


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_disks_and_default_devices_are_what_qemu_builds(tmp_path, machine):
    require_qemu()
    disk = image(tmp_path / "root.qcow2")
    raw = image(tmp_path / "data.raw", fmt="raw")
    bus = "sata" if machine == "q35" else "ide"
    devices = f"""
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source file='{raw}'/>
      <target dev='sdb' bus='{bus}'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sdc' bus='{bus}'/>
      <readonly/>
    </disk>"""
    result = compile_standalone(domain("vm1", machine, devices), tmp_path)
    assert result.ok, [d.message for d in result.diagnostics]
    proc, qmp = run_paused(result, tmp_path, "vm1")
    try:
        assert qmp.execute("query-status")["status"] == "prelaunch"
        blocks = {b["qdev"]: b for b in qmp.execute("query-block")}
        assert any("virtio-disk0" in q for q in blocks)
        files = {b["inserted"]["image"]["filename"] for b in blocks.values() if "inserted" in b}
        assert {str(disk), str(raw)} <= files
        # Before the firmware runs, devices behind root ports are not enumerated on their
        # bus yet; QOM lists every device QEMU created, under its id.
        peripherals = {p["name"] for p in qmp.execute("qom-list", path="/machine/peripheral")}
        assert {"balloon0", "virtio-disk0", "usb"} <= peripherals
        root_bus = {d.get("qdev_id") for d in pci_devices(qmp.execute("query-pci"))}
        assert ("balloon0" in root_bus) == (machine == "pc")
        chardevs = {c["label"] for c in qmp.execute("query-chardev")}
        assert "charmonitor" in chardevs
        qmp.execute("quit")
    finally:
        shutdown(proc, qmp)


def test_character_devices_are_what_qemu_builds(tmp_path):
    require_qemu()
    log = tmp_path / "serial0.log"
    sock = tmp_path / "serial1.sock"
    devices = f"""
    <serial type='file'>
      <source path='{log}' append='on'/>
      <log file='{tmp_path / "serial0.meta"}' append='off'/>
      <target port='0'/>
    </serial>
    <serial type='unix'>
      <source mode='bind' path='{sock}'/>
      <target port='1'/>
    </serial>
    <console type='pty'>
      <target type='virtio' port='0'/>
    </console>
    <channel type='unix'>
      <source mode='bind'/>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>"""
    result = compile_standalone(domain("vmchr", "q35", devices), tmp_path)
    assert result.ok, [d.message for d in result.diagnostics]
    proc, qmp = run_paused(result, tmp_path, "vmchr")
    try:
        chardevs = {c["label"]: c["filename"] for c in qmp.execute("query-chardev")}
        assert {"charserial0", "charserial1", "charchannel0"} <= set(chardevs)
        assert "unix:" in chardevs["charserial1"] and str(sock) in chardevs["charserial1"]
        # With serials present, console 0 stands for serial 0 and the virtio one is console1.
        assert chardevs["charconsole1"].startswith("pty:")
        peripherals = {p["name"] for p in qmp.execute("qom-list", path="/machine/peripheral")}
        assert {"serial0", "serial1", "console1", "channel0", "virtio-serial0"} <= peripherals
        assert log.exists() and sock.exists()
        qmp.execute("quit")
    finally:
        shutdown(proc, qmp)
