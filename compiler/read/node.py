"""A consumption-tracking view of lxml elements for the readers.

Readers never touch lxml directly: they ask a :class:`Node` for attributes, text and
children, and every element and attribute they ask for is marked as consumed. After
reading, :func:`unconsumed` lists what no reader understood, and the driver turns each into
a located "not supported yet" diagnostic. That is how xml2argv never drops input silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from compiler import codes
from compiler.diagnostics import DiagnosticError, Span, make, q
from compiler.xmlio import QEMU_NS, Document

_DEC = re.compile(r"[0-9]+\Z")
_HEX = re.compile(r"0[xX][0-9a-fA-F]+\Z")
U64_MAX = 2**64 - 1


@dataclass(slots=True)
class ReadContext:
    doc: Document
    used: set[etree._Element] = field(default_factory=set)
    used_attrs: set[tuple[etree._Element, str]] = field(default_factory=set)

    def node(self, elem: etree._Element) -> Node:
        self.used.add(elem)
        return Node(self, elem)


class Node:
    __slots__ = ("ctx", "elem")

    def __init__(self, ctx: ReadContext, elem: etree._Element) -> None:
        self.ctx = ctx
        self.elem = elem

    @property
    def span(self) -> Span:
        return self.ctx.doc.span(self.elem)

    @property
    def tag(self) -> str:
        return str(etree.QName(self.elem).localname)

    def fail(self, code: codes.Code, **args: object) -> DiagnosticError:
        return DiagnosticError([make(code, self.span, "error", **args)])

    # --- attributes --------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.elem.attrib

    def attr(self, name: str, default: str | None = None) -> str | None:
        value: str | None = self.elem.get(name)
        if value is None:
            return default
        self.ctx.used_attrs.add((self.elem, name))
        return value

    def req(self, name: str) -> str:
        value = self.attr(name)
        if value is None:
            raise self.fail(codes.E105_MISSING, what=f"attribute {name!r} of <{self.tag}>")
        return value

    def int_attr(
        self, name: str, *, hex_ok: bool = True, lo: int = 0, hi: int = U64_MAX
    ) -> int | None:
        value = self.attr(name)
        return (
            None
            if value is None
            else self.parse_int(value, f"attribute {name!r} of <{self.tag}>", hex_ok, lo, hi)
        )

    def parse_int(
        self, value: str, what: str, hex_ok: bool = True, lo: int = 0, hi: int = U64_MAX
    ) -> int:
        text = value.strip()
        if len(text) > 40:  # far beyond 2**64; int() would refuse 4300+ digits with an error
            raise self.fail(codes.E103_BAD_INTEGER, what=what, value=q(value), kind="number")
        if _DEC.match(text):
            number = int(text, 10)
        elif hex_ok and _HEX.match(text):
            number = int(text, 16)
        else:
            raise self.fail(codes.E103_BAD_INTEGER, what=what, value=q(value), kind="number")
        if not lo <= number <= hi:
            raise self.fail(
                codes.E103_BAD_INTEGER, what=what, value=q(value), kind=f"number in {lo}..{hi}"
            )
        return number

    def yes_no(self, name: str, yes: str = "yes", no: str = "no") -> bool | None:
        value = self.attr(name)
        if value is None:
            return None
        if value == yes:
            return True
        if value == no:
            return False
        raise self.fail(
            codes.E102_UNSUPPORTED_VALUE, what=f"attribute {name!r} of <{self.tag}>", value=q(value)
        )

    def on_off(self, name: str) -> bool | None:
        return self.yes_no(name, "on", "off")

    # --- text and children --------------------------------------------------------------------

    def text(self) -> str | None:
        text = self.elem.text
        return None if text is None else text.strip()

    def int_text(self, what: str | None = None, hi: int = U64_MAX) -> int:
        text = self.text()
        label = what or f"<{self.tag}>"
        if text is None:
            raise self.fail(codes.E105_MISSING, what=f"the value of {label}")
        return self.parse_int(text, label, hex_ok=False, hi=hi)

    def child(self, name: str, ns: str | None = None) -> Node | None:
        """The one child called ``name``; a second one is E010 (singletons occur once)."""
        tag = name if ns is None else f"{{{ns}}}{name}"
        found = self.elem.findall(tag)
        if not found:
            return None
        if len(found) > 1:
            raise DiagnosticError(
                [make(codes.E010_DUPLICATE_ELEMENT, self.ctx.doc.span(found[1]), tag=name)]
            )
        return self.ctx.node(found[0])

    def children(self, name: str | None = None, ns: str | None = None) -> list[Node]:
        tag = name if ns is None else f"{{{ns}}}{name}"
        if name is None:
            return [self.ctx.node(e) for e in self.elem if isinstance(e.tag, str)]
        return [self.ctx.node(e) for e in self.elem.iterfind(tag)]

    def child_text(self, name: str) -> str | None:
        node = self.child(name)
        return None if node is None else node.text()

    def consume_subtree(self) -> None:
        """Mark this element and everything below it as read (content that is never used)."""
        for elem in self.elem.iter():
            if isinstance(elem.tag, str):
                self.ctx.used.add(elem)
                for name in elem.attrib:
                    self.ctx.used_attrs.add((elem, name))


def unconsumed(ctx: ReadContext, limit: int = 10) -> list[tuple[Span, str]]:
    """What no reader understood, in document order: (span, description).

    An unread element is reported once, without its children; <metadata> is never read.
    """
    found: list[tuple[Span, str]] = []
    stack = [ctx.doc.root]
    while stack and len(found) < limit:
        elem = stack.pop()
        if elem not in ctx.used:
            found.append((ctx.doc.span(elem), f"element {_path(elem)}"))
            continue
        for name in elem.attrib:
            if (elem, name) not in ctx.used_attrs:
                found.append((ctx.doc.span(elem), f"attribute {name!r} of {_path(elem)}"))
        stack.extend(reversed([c for c in elem if isinstance(c.tag, str)]))
    return found[:limit]


def _path(elem: etree._Element) -> str:
    names: list[str] = []
    cur: etree._Element | None = elem
    while cur is not None and len(names) < 3:
        qn = etree.QName(cur)
        names.append(("qemu:" if qn.namespace == QEMU_NS else "") + qn.localname)
        cur = cur.getparent()
    return "<" + "/".join(reversed(names)) + ">"
