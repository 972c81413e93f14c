"""A real QEMU accepts the standalone argv of interfaces and builds the NICs asked for.

Only host sides that need no privileges are started here (user-mode networking and a
listening socket); vDPA devices and taps need devices or CAP_NET_ADMIN, so the argv shape
of those is pinned in tests/test_net.py and the goldens instead.
"""

from __future__ import annotations

import socket

import pytest

from tests.qmp import shutdown
from tests.test_qemu_launch import compile_standalone, domain, require_qemu, run_paused


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_user_networking_nics_are_built(tmp_path, machine):
    require_qemu()
    devices = f"""
    <interface type='user'>
      <mac address='52:54:00:12:34:56'/>
      <ip address='10.0.5.0' family='ipv4' prefix='24'/>
      <model type='virtio'/>
      <driver rss='on'/>
    </interface>
    <interface type='user'>
      <mac address='52:54:00:12:34:57'/>
      <model type='e1000e'/>
    </interface>
    <interface type='user'/>
    <interface type='server'>
      <source address='127.0.0.1' port='{_free_port()}'/>
      <model type='virtio'/>
    </interface>"""
    result = compile_standalone(domain("vmnet", machine, devices), tmp_path)
    assert result.ok, [d.message for d in result.diagnostics]
    proc, qmp = run_paused(result, tmp_path, "vmnet")
    try:
        peripherals = {p["name"] for p in qmp.execute("qom-list", path="/machine/peripheral")}
        assert {"net0", "net1", "net2", "net3"} <= peripherals
        filters = {f["name"]: f for f in qmp.execute("query-rx-filter")}
        assert filters["net0"]["main-mac"] == "52:54:00:12:34:56"
        info = qmp.execute("human-monitor-command", **{"command-line": "info network"})
        assert "hostnet0" in info and "net=10.0.5.0" in info
        assert "e1000e" in info and "rtl8139" in info and "hostnet3" in info
        qmp.execute("quit")
    finally:
        shutdown(proc, qmp)
