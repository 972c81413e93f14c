#!/usr/bin/env python3
"""One-shot CLI time on a corpus case, next to the cost of importing click and lxml.

    python3 bench/bench_cli.py [CASE.xml] [--runs N]

Prints the median wall time of `xml2argv compile` (a new process each time, as a user or a
build pipeline runs it) and of `python -c "import click, lxml.etree"` measured in the same
run, so that the compiler's own share of the start-up is visible. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASE = ROOT.parent / "shared/conformance/libvirt-9.0/cases/x86_64-pc-headless.xml"


def timed(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default=str(DEFAULT_CASE))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("xml2argv") or f"{sys.executable} -m compiler.cli"
    cli = [
        *exe.split(),
        "compile",
        "--target",
        "qemu-7.2.50",
        "--profile",
        "libvirt-test",
        "--format",
        "args",
        args.case,
    ]
    baseline = [sys.executable, "-c", "import click, lxml.etree"]
    bare = [sys.executable, "-c", "pass"]
    t_cli = timed(cli, args.runs)
    t_base = timed(baseline, args.runs)
    t_bare = timed(bare, args.runs)
    print(f"case: {Path(args.case).name}  runs: {args.runs} (median)")
    print(f"python -c pass                       {t_bare * 1000:7.1f} ms")
    print(f"python -c 'import click, lxml.etree' {t_base * 1000:7.1f} ms")
    print(f"xml2argv compile                     {t_cli * 1000:7.1f} ms")
    print(f"compiler's own share                 {(t_cli - t_base) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
