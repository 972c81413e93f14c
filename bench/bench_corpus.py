#!/usr/bin/env python3
"""In-process compile throughput over the libvirt corpus (and the golden cases).

    python3 bench/bench_corpus.py [--repeat 3]

Reports the median and worst per-document compile time (gate, schema, passes, emit) with
the libvirt-test profile, as a build pipeline compiling many domains in one process sees
it. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler import driver  # noqa: E402
from compiler.profiles import HostProfile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = ROOT.parent / "shared/conformance/libvirt-9.0/cases"
    files = sorted(corpus.glob("*.xml")) + sorted((ROOT / "golden").glob("*/*.xml"))
    blobs = [(str(f), f.read_bytes()) for f in files]
    options = driver.CompileOptions(
        target="qemu-7.2.50", profile="libvirt-test", host=HostProfile.fixed()
    )
    driver.compile_bytes(blobs[0][1], filename=blobs[0][0], options=options)  # warm caches
    per_doc: list[float] = []
    slowest = ("", 0.0)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for name, data in blobs:
            start = time.perf_counter()
            driver.compile_bytes(data, filename=name, options=options)
            took = time.perf_counter() - start
            per_doc.append(took)
            if took > slowest[1]:
                slowest = (name, took)
    total = time.perf_counter() - t0
    print(
        f"{len(blobs)} documents x {args.repeat}: {total:.2f} s "
        f"({len(per_doc) / total:.0f} documents/s)"
    )
    print(
        f"median {statistics.median(per_doc) * 1000:.2f} ms, "
        f"p95 {sorted(per_doc)[int(len(per_doc) * 0.95)] * 1000:.2f} ms, "
        f"worst {slowest[1] * 1000:.2f} ms ({Path(slowest[0]).name})"
    )


if __name__ == "__main__":
    main()
