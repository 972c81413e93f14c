"""The Command IR: an ordered list of QEMU options with typed properties.

Lowering (``compiler.lower``) builds it from the Domain IR; command passes edit it
(``qemu:override``, passthrough placement); emitters (``compiler.emit``) only format it.
Every option carries an :class:`Origin`: the source span and the builder or pass that
produced it, so ``--format json`` can say where each argv word came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Span

# A JSON value as QEMU takes it. Objects are Obj (ordered pairs), arrays are tuples.
Json = "str | int | float | bool | None | Obj | tuple[Json, ...]"


@dataclass(frozen=True, slots=True)
class Obj:
    """A JSON object that keeps insertion order (as libvirt's virJSONValueObjectAdd does)."""

    items: tuple[tuple[str, object], ...]

    def get(self, key: str) -> object:
        for k, v in self.items:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class JsonProps:
    """``-device '{"driver":...}'``: rendered with json.dumps, compact."""

    obj: Obj


@dataclass(frozen=True, slots=True)
class KeyValue:
    """``-chardev socket,id=x,path=/a,,b``: an optional implied head, then key=value pairs.

    Values are raw here; the emitter doubles commas. A ``None`` value is a bare key.
    """

    head: str | None
    items: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Word:
    """A value written verbatim as one argv word (``-m 214``, ``-uuid ...``)."""

    text: str


Value = JsonProps | KeyValue | Word


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    producer: str  # the builder or pass that made the option, e.g. "lower-disks"
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One QEMU option: ``flag`` and, unless it is a bare flag like ``-S``, a value."""

    flag: str
    value: Value | None = None
    origin: Origin


@dataclass(frozen=True, slots=True, kw_only=True)
class Verbatim:
    """One argv word from passthrough (``qemu:arg``), placed where libvirt places it."""

    text: str
    origin: Origin


Item = Option | Verbatim


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    emulator: str
    env: tuple[tuple[str, str], ...]
    items: tuple[Item, ...]
