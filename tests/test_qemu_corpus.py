"""A real QEMU 7.2 accepts the standalone argv of a broad set of libvirt's corpus inputs.

Each case is compiled with the default target and profile (standalone), its image files
are replaced by empty raw images of our own, KVM by TCG, and QEMU is started paused; the
test passes when QEMU comes up and answers over QMP. The cases are those of the corpus
whose argv needs nothing from the host beyond files (no network servers, host devices,
hugepages, OpenGL, KVM-only CPU features): CPU models and features, NUMA and memory
backends, VNC, IOMMUs, virtio options, RNGs, panic, smartcards and controllers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compiler import driver
from tests.conftest import CORPUS_CASES, corpus_available
from tests.qmp import launch, shutdown
from tests.test_qemu_launch import require_qemu

CASES = """
controller-usb-order cpu-Icelake-Server-pconfig cpu-eoi-disabled cpu-eoi-enabled
cpu-translation disk-virtio-queues eoi-enabled fd-memory-numa-topology4 genid
graphics-vnc-auto-socket graphics-vnc-none graphics-vnc-socket-new-cmdline
graphics-vnc-socket graphics-vnc-tls graphics-vnc-websocket hugepages-default-system-size
hyperv-panic hyperv-passthrough intel-iommu-aw-bits intel-iommu-caching-mode
intel-iommu-device-iotlb intel-iommu kvmclock+eoi-disabled machine-smm-off machine-smm-on
mlock-on numatune-hmat numatune-memnode-restrictive-mode numatune-system-memory
pages-discard panic-double pc-i440fx-acpi-root-hotplug-enable pcie-root-port-nohotplug
pv-spinlock-enabled q35-default-devices-only smartcard-passthrough-unix user-aliases2
video-qxl-device-vram64 virtio-iommu-x86_64 virtio-options-controller-ats
virtio-options-controller-packed virtio-options-input-ats virtio-options-input-iommu
virtio-options-input-packed virtio-options-memballoon-ats
virtio-options-memballoon-freepage-reporting virtio-options-memballoon-packed
virtio-rng-builtin virtio-rng-egd-unix x86-kvm-32-on-64 x86_64-default-cpu-tcg-features
""".split()  # noqa: SIM905 - a word list reads better than a list literal

pytestmark = pytest.mark.skipif(not corpus_available(), reason="libvirt corpus not present")


def _local_images(argv: list[str], tmp: Path) -> list[str]:
    """Point every file-backed block node at an empty raw image of our own."""
    out = []
    for word in argv:
        if word.startswith("{") and re.search(r'"driver":"(file|host_device|host_cdrom)"', word):
            node = json.loads(word)
            image = tmp / f"image{len(out)}.raw"
            image.write_bytes(b"\0" * 1024 * 1024)
            node.update(driver="file", filename=str(image))
            word = json.dumps(node, separators=(",", ":"))
        out.append(word)
    return out


@pytest.mark.parametrize("case", CASES)
def test_qemu_starts_with_the_standalone_argv(tmp_path, case):
    qemu = require_qemu()
    result = driver.compile_file(
        CORPUS_CASES / f"{case}.xml", driver.CompileOptions(state_root=str(tmp_path))
    )
    assert result.ok, [d.message for d in result.diagnostics]
    argv = _local_images(list(result.argv), tmp_path)
    argv[0] = qemu
    if "-accel" in argv:
        argv[argv.index("-accel") + 1] = "tcg"
    monitor_opt = next(w for w in argv if "id=charmonitor" in w)
    monitor = Path(re.search(r"path=([^,]+)", monitor_opt).group(1))
    monitor.parent.mkdir(parents=True, exist_ok=True)
    proc, qmp = launch([*argv, "-S"], monitor, dict(result.env))
    try:
        assert qmp.execute("query-status")["status"] == "prelaunch"
        qmp.execute("quit")
    finally:
        shutdown(proc, qmp)
