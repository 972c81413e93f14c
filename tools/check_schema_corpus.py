#!/usr/bin/env python3
"""Validate a directory of domain XML documents against schemas/core.xsd.

usage: check_schema_corpus.py [DIR]   (default: ../shared/conformance/libvirt-9.0/cases,
                                       relative to the repository root)

The schema is loaded twice: with lxml (the validator used here and by the compiler) and with
xmlschema's XSD 1.0 validator, only to prove that a second, independent implementation
accepts it. Each invalid document is reported as ``file:line: message``; the last line is
``N valid, M invalid``. Exit status: 0 if every document is valid, 1 otherwise, 2 if the
schema does not load.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schemas" / "core.xsd"
DEFAULT_DIR = REPO.parent / "shared" / "conformance" / "libvirt-9.0" / "cases"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def load_schema() -> etree.XMLSchema:
    # Parsed from its path so that the relative schemaLocation of qemu-ns-v1.xsd resolves
    # beside it, on the local disk.
    schema = etree.XMLSchema(etree.parse(str(SCHEMA), _parser()))
    import xmlschema  # slower import: only here, to prove the schema is portable XSD 1.0

    xmlschema.XMLSchema10(str(SCHEMA))
    return schema


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    try:
        t0 = time.perf_counter()
        schema = load_schema()
        load_ms = (time.perf_counter() - t0) * 1000
    except Exception as exc:
        print(f"{SCHEMA}: schema does not load: {exc}", file=sys.stderr)
        return 2
    files = sorted(directory.glob("*.xml"))
    valid = invalid = 0
    parser = _parser()
    t0 = time.perf_counter()
    for path in files:
        name = path.name
        try:
            doc = etree.parse(str(path), parser)
        except etree.XMLSyntaxError as exc:
            invalid += 1
            line = exc.lineno or 0
            print(f"{name}:{line}: not well-formed: {exc.msg}")
            continue
        if schema.validate(doc):
            valid += 1
            continue
        invalid += 1
        for entry in schema.error_log:
            print(f"{name}:{entry.line}: {entry.message}")
    per_doc_ms = (time.perf_counter() - t0) * 1000 / max(len(files), 1)
    print(
        f"# schema load {load_ms:.0f} ms (lxml + xmlschema), "
        f"{per_doc_ms:.2f} ms per document (parse + validate)",
        file=sys.stderr,
    )
    print(f"{valid} valid, {invalid} invalid")
    return 0 if invalid == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
