"""Bounded mutation fuzzing in the normal test run: exit 0 or 1 only, never a crash.

Hypothesis picks a seed (golden and corpus inputs) and a mutation sequence; ``check``
asserts determinism, located diagnostics for refusals, and whole values in every option
of a successful compile. tools/fuzz.py runs the same checks for long campaigns.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import check, mutate, seeds

SEEDS = seeds()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_mutated_inputs_compile_or_are_refused_cleanly(seed, salt, rounds):
    data = mutate(seed.read_bytes(), random.Random(salt), rounds)
    check(data)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEEDS), st.integers(0, 2**32 - 1))
def test_truncated_and_byte_flipped_inputs_are_refused_cleanly(seed, salt):
    rng = random.Random(salt)
    data = bytearray(seed.read_bytes())
    for _ in range(rng.randint(1, 5)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    check(bytes(data[: rng.randint(0, len(data))]))


def test_seeds_are_compiled_unchanged():
    for seed in SEEDS[:40]:
        check(seed.read_bytes())
