#!/usr/bin/env python3
"""In-process compile time of domains with many disks (200 virtio, 200 SCSI).

    python3 bench/bench_many_disks.py [--disks N] [--runs N]

Generates the domains in memory, compiles each with the library (no process start-up),
and prints the median wall time per domain and how long the PCI address pass took. The
virtio domains need one PCI slot per disk (bridges on pc, a root port per disk on q35);
the SCSI domain needs one drive unit per disk and a few controllers. Address assignment
must stay linear: a quadratic pass shows up here long before anywhere else. Not a
pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compiler import driver
from compiler.profiles import HostProfile
from passes import assign_pci_addresses

DOMAIN = """<domain type='qemu'>
  <name>many-disks</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
{disks}
  </devices>
</domain>
"""
DISK = """    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/images/disk{n}.img'/>
      <target dev='{dev}' bus='{bus}'/>
    </disk>"""


def target_name(prefix: str, index: int) -> str:
    """libvirt's disk naming: 'vda'..'vdz', 'vdaa'..."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return prefix + letters


def make_domain(machine: str, bus: str, count: int) -> str:
    prefix = "vd" if bus == "virtio" else "sd"
    disks = "\n".join(DISK.format(n=i, dev=target_name(prefix, i), bus=bus) for i in range(count))
    return DOMAIN.format(machine=machine, disks=disks)


def compile_once(xml: str) -> tuple[float, float]:
    """(total seconds, seconds spent in assign-pci-addresses) for one compile."""
    spent = [0.0]
    real = assign_pci_addresses.PASS.run

    def timed(dom: object, ctx: object) -> object:
        start = time.perf_counter()
        try:
            return real(dom, ctx)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - start

    object.__setattr__(assign_pci_addresses.PASS, "run", timed)
    options = driver.CompileOptions(
        target="qemu-7.2.50", profile="libvirt-test", host=HostProfile.fixed(), validate=False
    )
    start = time.perf_counter()
    try:
        result = driver.compile_bytes(xml.encode(), filename="many-disks.xml", options=options)
    finally:
        object.__setattr__(assign_pci_addresses.PASS, "run", real)
    total = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"compile failed: {result.diagnostics}")
    return total, spent[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--disks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ("pc", "virtio"),
        ("q35", "virtio"),
        ("pc", "scsi"),
    ]
    print(f"disks: {args.disks}  runs: {args.runs} (median)")
    for machine, bus in cases:
        xml = make_domain(machine, bus, args.disks)
        samples = [compile_once(xml) for _ in range(args.runs)]
        total = statistics.median(s[0] for s in samples)
        pci = statistics.median(s[1] for s in samples)
        print(
            f"{machine:4} {args.disks} {bus:6} disks: compile {total * 1000:7.1f} ms,"
            f" of which PCI addresses {pci * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
