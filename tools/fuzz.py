#!/usr/bin/env python3
"""Long mutation-fuzzing campaign (the bounded version runs in tests/test_fuzz.py).

    python3 tools/fuzz.py --inputs 100000 [--seed 1] [--jobs 2]

Each input is a mutated golden or corpus document, compiled in-process twice with the
checks of tests/fuzzing.py. Any exception (a traceback, an internal error, a broken
property) is written to fuzz-failures/ with its input and counted; a single compile taking
more than --hang seconds counts as a hang. Prints a summary with the input rate.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzzing import check, mutate, seeds


def worker(args: tuple[int, int, float, str]) -> tuple[int, int, int, float]:
    start, count, hang, outdir = args
    corpus = [p.read_bytes() for p in seeds()]
    failures = hangs = 0
    slowest = 0.0
    for n in range(start, start + count):
        rng = random.Random(n)
        data = corpus[rng.randrange(len(corpus))]
        if rng.random() < 0.1:
            raw = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            data = bytes(raw)
        else:
            data = mutate(data, rng, rng.randint(1, 5))
        t0 = time.perf_counter()
        try:
            check(data)
        except Exception:  # every exception is a finding
            failures += 1
            out = Path(outdir)
            out.mkdir(exist_ok=True)
            (out / f"case-{n}.xml").write_bytes(data)
            (out / f"case-{n}.txt").write_text(traceback.format_exc())
        took = time.perf_counter() - t0
        slowest = max(slowest, took)
        if took > hang:
            hangs += 1
    return count, failures, hangs, slowest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--hang", type=float, default=5.0)
    parser.add_argument("--out", default="fuzz-failures")
    args = parser.parse_args()
    chunk = max(1, args.inputs // (args.jobs * 20))
    tasks = [
        (args.seed * 10**9 + i, min(chunk, args.inputs - i), args.hang, args.out)
        for i in range(0, args.inputs, chunk)
    ]
    t0 = time.perf_counter()
    done = failures = hangs = 0
    slowest = 0.0
    with multiprocessing.Pool(args.jobs) as pool:
        for count, fails, slow, worst in pool.imap_unordered(worker, tasks):
            done += count
            failures += fails
            hangs += slow
            slowest = max(slowest, worst)
    elapsed = time.perf_counter() - t0
    print(
        f"{done} inputs in {elapsed:.0f} s ({done / elapsed:.0f}/s): "
        f"{failures} failures, {hangs} hangs (> {args.hang} s), slowest {slowest:.3f} s"
    )
    sys.exit(1 if failures or hangs else 0)


if __name__ == "__main__":
    main()
