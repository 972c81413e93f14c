"""The IR verifier, run after every pass with ``--verify-ir`` and in the tests.

It checks invariants that hold for every tree (collections are tuples, aliases unique
once assigned) and then the pass's own ``ensures`` postcondition. A failure is a bug in
xml2argv, so it raises :class:`IRInvariantError` (exit status 70), never a diagnostic.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from compiler.diagnostics import IRInvariantError

if TYPE_CHECKING:
    from compiler.passmanager import Pass


def check(tree: object, *, after: Pass) -> None:
    _check_tuples(tree, path=type(tree).__name__)
    _check_unique_aliases(tree)
    if after.ensures is not None and not after.ensures(tree):
        raise IRInvariantError(f"postcondition of pass '{after.name}' does not hold")


def _check_tuples(node: Any, path: str) -> None:
    if isinstance(node, (list, dict, set)):
        raise IRInvariantError(f"{path} is a mutable {type(node).__name__}; IR uses tuples")
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            _check_tuples(getattr(node, field.name), f"{path}.{field.name}")
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            _check_tuples(item, f"{path}[{i}]")


def _check_unique_aliases(tree: object) -> None:
    seen: set[str] = set()
    for info in _device_infos(tree):
        alias = info.alias
        if alias is None:
            continue
        if alias in seen:
            raise IRInvariantError(f"alias {alias!r} is assigned twice")
        seen.add(alias)


def _device_infos(node: Any) -> list[Any]:
    from compiler.ir.domain import DeviceInfo

    found: list[Any] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, DeviceInfo):
            found.append(cur)
        elif dataclasses.is_dataclass(cur) and not isinstance(cur, type):
            stack.extend(getattr(cur, f.name) for f in dataclasses.fields(cur))
        elif isinstance(cur, tuple):
            stack.extend(cur)
    return found
