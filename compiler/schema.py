"""Schema loading and validation (``schemas/core.xsd`` + ``schemas/qemu-ns-v1.xsd``).

The hot path uses lxml's C validator, loaded once per process. xmlschema (pure Python,
slower to import) is only used by tools that inspect the schemas' component model, such as
``schema-diff``; nothing on the compile path imports it. Namespace URIs map to schema
files in :data:`NAMESPACES`; the gate has already refused every other namespace.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from compiler import codes
from compiler.diagnostics import Diagnostic, DiagnosticError, Span, make
from compiler.xmlio import QEMU_NS, Document

CORE_SCHEMA = "core.xsd"
NAMESPACES: dict[str | None, str] = {
    None: CORE_SCHEMA,
    QEMU_NS: "qemu-ns-v1.xsd",
}


def schema_dir() -> Path:
    """Where the .xsd files are: inside the installed package, or the source tree."""
    try:
        installed = Path(str(resources.files("compiler.schemas")))
        if (installed / CORE_SCHEMA).is_file():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "schemas"


@cache
def _validator() -> etree.XMLSchema:
    path = schema_dir() / CORE_SCHEMA
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    # The schema imports qemu-ns-v1.xsd by a relative schemaLocation: parse from the path so
    # libxml2 resolves it beside core.xsd, on the local disk only.
    return etree.XMLSchema(etree.parse(str(path), parser))


def validate(doc: Document) -> None:
    """Raise DiagnosticError with one located diagnostic per schema error."""
    schema = _validator()
    if schema.validate(doc.root):
        return
    diags: list[Diagnostic] = []
    for entry in schema.error_log:
        diags.append(_diagnostic(doc, entry))
        if len(diags) >= 20:
            break
    raise DiagnosticError(diags)


_ELEMENT_IN_MSG = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def _diagnostic(doc: Document, entry: etree._LogEntry) -> Diagnostic:
    # libxml2 may quote input text (with its line breaks): keep a diagnostic on one line.
    message = " ".join(entry.message.split()).rstrip(".")
    m = _ELEMENT_IN_MSG.search(message)
    span = doc.offset_span(entry.line, 1)
    if m:
        span = _locate(doc, entry.line, m.group(1)) or span
    message = _ELEMENT_IN_MSG.sub(lambda mm: f"element <{mm.group(1)}>", message)
    message = message.replace("{" + QEMU_NS + "}", "qemu:")
    message = message[0].lower() + message[1:] if message else "invalid document"
    return make(codes.E004_SCHEMA, span, detail=message)


def _locate(doc: Document, line: int, localname: str) -> Span | None:
    for elem in doc.root.iter():
        if (
            isinstance(elem.tag, str)
            and elem.sourceline == line
            and etree.QName(elem).localname == localname
        ):
            return doc.span(elem)
    return None
