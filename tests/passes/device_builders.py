"""Small Domain IR builders for the device-family pass tests (no XML involved)."""

from __future__ import annotations

from typing import Any

from compiler.ir.domain import Domain, Feature
from tests import builders
from tests.builders import SPAN, context


def domain(machine: str = "pc", *features: str, **fields: Any) -> Domain:
    flags = tuple(Feature(span=SPAN, name=f) for f in features)
    return builders.domain(machine=machine, name="t", features=flags, **fields)


def messages(run: Any, dom: Domain) -> list[str]:
    """The messages of the diagnostics a pass function reports on ``dom``."""
    ctx = context()
    run(dom, ctx)
    return [d.message for d in ctx.diagnostics]
