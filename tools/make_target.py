#!/usr/bin/env python3
"""Build a target file (compiler/targets/<name>.json) from libvirt's recorded QEMU caps.

    python3 tools/make_target.py ../shared/conformance/libvirt-9.0/caps_8.0.0.x86_64.xml \
        qemu-7.2.50 > compiler/targets/qemu-7.2.50.json

The target is data, not code: capability flags, machine types and their defaults, the
CPU models. Rerun this script instead of editing the JSON by hand.
"""

from __future__ import annotations

import json
import sys

from lxml import etree


def main() -> None:
    src, name = sys.argv[1], sys.argv[2]
    root = etree.parse(src, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    version = int(root.findtext("version"))
    machines = {}
    for m in root.iterfind("machine"):
        if m.get("type") != "kvm" and m.get("type") != "tcg":
            continue
        entry = machines.setdefault(m.get("name"), {})
        entry.setdefault("accels", []).append(m.get("type"))
        for key in (
            "alias",
            "maxCpus",
            "defaultCPU",
            "defaultRAMid",
            "default",
            "deprecated",
            "numaMemSupported",
            "hotplugCpus",
            "acpi",
        ):
            if m.get(key) is not None:
                entry[key] = m.get(key)
    cpus = sorted({c.get("name") for c in root.iterfind("cpu") if c.get("name")})
    # The CPU feature switches QEMU knows (the boolean properties of its host CPU model).
    features = sorted(
        {
            p.get("name")
            for host in root.iterfind("hostCPU")
            for p in host.iterfind("property")
            if p.get("type") == "boolean"
        }
    )
    data = {
        "name": name,
        "qemu_version": f"{version // 1000000}.{version // 1000 % 1000}.{version % 1000}",
        "arch": root.findtext("arch"),
        "emulator": "/usr/bin/qemu-system-" + root.findtext("arch"),
        "caps": sorted(f.get("name") for f in root.iterfind("flag")),
        "machines": dict(sorted(machines.items())),
        "cpu_models": cpus,
        "cpu_features": features,
    }
    json.dump(data, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
