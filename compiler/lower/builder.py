"""The Builder that lowering modules append options to, and JSON property helpers.

libvirt builds every JSON option with a fixed key order and typed optional markers (an
absent optional is left out). :func:`props` does the same: pairs whose value is None are
dropped, everything else keeps its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.diagnostics import Span
from compiler.ir.command import Item, JsonProps, KeyValue, Obj, Option, Origin, Verbatim, Word
from compiler.ir.domain import Domain
from compiler.passmanager import PassContext


def props(*pairs: tuple[str, object]) -> Obj:
    return Obj(tuple((k, v) for k, v in pairs if v is not None))


def merge(*objs: Obj) -> Obj:
    return Obj(tuple(item for o in objs for item in o.items))


@dataclass(slots=True)
class Builder:
    dom: Domain
    ctx: PassContext
    producer: str = "lower"
    items: list[Item] = field(default_factory=list)
    env: list[tuple[str, str]] = field(default_factory=list)

    def _origin(self, span: Span | None) -> Origin:
        return Origin(producer=self.producer, span=span)

    def flag(self, flag: str, span: Span | None = None) -> None:
        self.items.append(Option(flag=flag, origin=self._origin(span)))

    def word(self, flag: str, text: str, span: Span | None = None) -> None:
        self.items.append(Option(flag=flag, value=Word(text), origin=self._origin(span)))

    def kv(
        self, flag: str, head: str | None, *items: tuple[str, str | None], span: Span | None = None
    ) -> None:
        self.items.append(
            Option(flag=flag, value=KeyValue(head, tuple(items)), origin=self._origin(span))
        )

    def json(self, flag: str, obj: Obj, span: Span | None = None) -> None:
        self.items.append(Option(flag=flag, value=JsonProps(obj), origin=self._origin(span)))

    def device(self, obj: Obj, span: Span | None = None) -> None:
        self.json("-device", obj, span)

    def verbatim(self, text: str, span: Span | None = None) -> None:
        self.items.append(Verbatim(text=text, origin=self._origin(span)))

    def set_env(self, name: str, value: str) -> None:
        """Add or replace a variable in place (virCommandAddEnv semantics)."""
        for i, (k, _v) in enumerate(self.env):
            if k == name:
                self.env[i] = (name, value)
                return
        self.env.append((name, value))
