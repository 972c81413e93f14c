"""Small IR builders for the graphics/video/audio pass tests, on the shared ones."""

from __future__ import annotations

from typing import Any

from compiler.ir.domain import Domain
from tests import builders
from tests.builders import SPAN, context

__all__ = ["SPAN", "context", "domain"]


def domain(**fields: Any) -> Domain:
    return builders.domain(name="t", **fields)
