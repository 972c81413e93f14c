"""The input gate and the hardened lxml parser (HOSTILE-INPUT.md §1).

Order matters: the size cap, the encoding and the DTD/entity refusal run on the raw bytes
*before* libxml2 sees them, because libxml2 acts on a DTD even with "safe" flags (a
``#FIXED xmlns`` default can move elements into the QEMU namespace). After parsing, the
tree is walked once, without recursion, for the structural limits, namespaces and control
characters. Every refusal is a located diagnostic; nothing here raises anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from compiler import codes
from compiler.diagnostics import Diagnostic, DiagnosticError, Span, make, q

QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0"
XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_ELEMENTS = 100_000

_DECL = re.compile(rb"\A<\?xml\s[^?]*?encoding\s*=\s*['\"]([A-Za-z0-9._-]+)['\"]")
_MARKUP = re.compile(rb"<!(DOCTYPE|ENTITY|ATTLIST|ELEMENT|NOTATION)", re.IGNORECASE)
_PI = re.compile(rb"<\?(?!xml[\s?])", re.IGNORECASE)
# C0 (but tab/LF/CR in whitespace), DEL, C1, line/paragraph separators, bidi controls,
# zero-width characters and the BOM: invisible or line-breaking in a value.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_BAD_IN_VALUE = re.compile("[\t\n\r]")
# Free text where line breaks are ordinary prose; these never reach the command line.
_PROSE = frozenset({"description"})


@dataclass(slots=True)
class Document:
    """A parsed, gated document and what is needed to locate its nodes."""

    filename: str
    root: etree._Element
    text: str
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def span(self, elem: etree._Element) -> Span:
        """The span of an element's start tag: its line, and the column of its '<'."""
        line = elem.sourceline or 1
        name = etree.QName(elem).localname
        if 1 <= line <= len(self.lines):
            text = self.lines[line - 1]
            m = re.search(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>]|$)", text)
            if m:
                return Span(file=self.filename, line=line, col=m.start() + 1)
        return Span(file=self.filename, line=line, col=1, approx=True)

    def offset_span(self, line: int, col: int) -> Span:
        return Span(file=self.filename, line=max(line, 1), col=max(col, 1))


def read_capped(stream: BinaryIO, limit: int, filename: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        _fail(make(codes.E005_TOO_LARGE, Span(file=filename, line=1, col=1), limit=limit))
    return data


def parse(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Gate and parse ``data``; raise DiagnosticError on anything refused."""
    if len(data) > max_bytes:
        _fail(make(codes.E005_TOO_LARGE, Span(file=filename, line=1, col=1), limit=max_bytes))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = _decode(data, filename)
    _check_raw_markup(data, text, filename)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        detail = " ".join((exc.msg or "syntax error").split(", line ")[0].split())
        _fail(
            make(codes.E001_MALFORMED_XML, Span(file=filename, line=line, col=col), detail=detail)
        )
    doc = Document(filename=filename, root=root, text=text)
    _check_tree(doc)
    return doc


def _decode(data: bytes, filename: str) -> str:
    m = _DECL.match(data)
    if m and m.group(1).lower() not in (b"utf-8", b"utf8"):
        _fail(
            make(
                codes.E006_BAD_ENCODING,
                Span(file=filename, line=1, col=1),
                detail=f"the declared encoding {m.group(1).decode()!r} is not UTF-8",
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(
            make(
                codes.E006_BAD_ENCODING,
                Span(file=filename, line=1, col=1),
                detail="the document is UTF-16, not UTF-8",
            )
        )
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        _fail(
            make(
                codes.E006_BAD_ENCODING,
                Span(file=filename, line=line, col=col),
                detail=f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            )
        )
    raise AssertionError("unreachable")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _check_raw_markup(data: bytes, text: str, filename: str) -> None:
    m = _MARKUP.search(data)
    if m:
        line, col = _position(data, m.start())
        what = "a <!" + m.group(1).decode().upper() + "> declaration"
        _fail(make(codes.E002_FORBIDDEN_MARKUP, Span(file=filename, line=line, col=col), what=what))
    pi = _PI.search(data, 1)
    if pi or (data.startswith(b"<?") and not data[:6].lower().startswith((b"<?xml ", b"<?xml?"))):
        offset = pi.start() if pi else 0
        line, col = _position(data, offset)
        _fail(
            make(
                codes.E002_FORBIDDEN_MARKUP,
                Span(file=filename, line=line, col=col),
                what="a processing instruction",
            )
        )


def _check_tree(doc: Document) -> None:
    root = doc.root
    if not isinstance(root.tag, str) or root.tag != "domain":
        _fail(make(codes.E007_BAD_ROOT, doc.span(root), tag=f"<{root.tag}>"))
    count = 0
    # Iterative walk: (element, depth, inside_metadata, inside_qemu_namespace)
    stack: list[tuple[etree._Element, int, bool]] = [(root, 1, False)]
    while stack:
        elem, depth, in_metadata = stack.pop()
        count += 1
        if count > MAX_ELEMENTS:
            _fail(
                make(
                    codes.E008_TOO_COMPLEX, doc.span(elem), what="element count", limit=MAX_ELEMENTS
                )
            )
        if depth > MAX_DEPTH:
            _fail(
                make(codes.E008_TOO_COMPLEX, doc.span(elem), what="nesting depth", limit=MAX_DEPTH)
            )
        if not isinstance(elem.tag, str):
            if isinstance(elem, etree._ProcessingInstruction):
                _fail(
                    make(
                        codes.E002_FORBIDDEN_MARKUP, doc.span(elem), what="a processing instruction"
                    )
                )
            if isinstance(elem, etree._Entity):
                _fail(make(codes.E002_FORBIDDEN_MARKUP, doc.span(elem), what="an entity reference"))
            continue  # comments
        if not in_metadata:
            _check_element(doc, elem)
        child_meta = in_metadata or (elem.tag == "metadata" and elem.getparent() is root)
        for child in reversed(elem):
            stack.append((child, depth + 1, child_meta))


def _check_element(doc: Document, elem: etree._Element) -> None:
    qname = etree.QName(elem)
    ns = qname.namespace
    if ns in XINCLUDE_NS:
        _fail(make(codes.E002_FORBIDDEN_MARKUP, doc.span(elem), what="XInclude"))
    if ns is not None and ns != QEMU_NS:
        _fail(
            make(
                codes.E003_UNKNOWN_NAMESPACE, doc.span(elem), tag=f"<{qname.localname}>", uri=q(ns)
            )
        )
    for name, value in elem.attrib.items():
        aq = etree.QName(name)
        if aq.namespace is not None:
            _fail(
                make(
                    codes.E003_UNKNOWN_NAMESPACE,
                    doc.span(elem),
                    tag=f"attribute {aq.localname!r} of <{qname.localname}>",
                    uri=q(aq.namespace),
                )
            )
        bad = _BAD_CHARS.search(value) or _BAD_IN_VALUE.search(value)
        if bad:
            _fail(
                make(
                    codes.E009_CONTROL_CHARACTER,
                    doc.span(elem),
                    where=f"attribute {name!r} of <{qname.localname}>",
                    char=_char(bad.group()),
                ),
            )
    text = elem.text
    if text and qname.localname not in _PROSE:
        stripped = text.strip()
        bad = _BAD_CHARS.search(stripped) or _BAD_IN_VALUE.search(stripped)
        if bad:
            _fail(
                make(
                    codes.E009_CONTROL_CHARACTER,
                    doc.span(elem),
                    where=f"the text of <{qname.localname}>",
                    char=_char(bad.group()),
                ),
            )


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _fail(diag: Diagnostic) -> None:
    raise DiagnosticError([diag])
