"""schema-diff: every kind of breaking change is caught; additive changes are compatible.

Each case edits one place of a small base schema. The extend-only checks at the end run the
tool from every released schema to the current one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.schemadiff import diff_files

ROOT = Path(__file__).resolve().parent.parent

BASE = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" TNS elementFormDefault="qualified">
  <xs:simpleType name="busType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="ide"/><xs:enumeration value="virtio"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="domain">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="name" type="xs:string"/>
        <xs:element name="disk" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="serial" type="xs:string" minOccurs="0"/>
              <xs:element name="size" type="xs:unsignedInt" minOccurs="0"/>
              CHILD
            </xs:sequence>
            <xs:attribute name="bus" type="busType"/>
            <xs:attribute name="cache" type="xs:string" default="none"/>
            <xs:attribute name="queues" type="xs:string"/>
            ATTR
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def schema(tmp_path: Path, name: str, *, replace: tuple[tuple[str, str], ...] = ()) -> str:
    text = BASE
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("TNS", "").replace("CHILD", "").replace("ATTR", "")
    path = tmp_path / f"{name}.xsd"
    path.write_text(text)
    return str(path)


BREAKING = {
    "element-removed": (('<xs:element name="serial" type="xs:string" minOccurs="0"/>', ""),),
    "attribute-removed": (('<xs:attribute name="queues" type="xs:string"/>', ""),),
    "attribute-made-required": (
        (
            '<xs:attribute name="queues" type="xs:string"/>',
            '<xs:attribute name="queues" type="xs:string" use="required"/>',
        ),
    ),
    "element-made-required": (
        (
            '<xs:element name="serial" type="xs:string" minOccurs="0"/>',
            '<xs:element name="serial" type="xs:string"/>',
        ),
    ),
    "new-required-child": (("CHILD", '<xs:element name="wwn" type="xs:string"/>'),),
    "new-required-attribute": (
        ("ATTR", '<xs:attribute name="dev" type="xs:string" use="required"/>'),
    ),
    "enumeration-narrowed": (('<xs:enumeration value="virtio"/>', ""),),
    "type-narrowed": (
        (
            '<xs:attribute name="queues" type="xs:string"/>',
            '<xs:attribute name="queues" type="xs:unsignedInt"/>',
        ),
    ),
    "integer-type-narrowed": (
        ('name="size" type="xs:unsignedInt"', 'name="size" type="xs:unsignedByte"'),
    ),
    "pattern-added": (
        (
            '<xs:attribute name="queues" type="xs:string"/>',
            '<xs:attribute name="queues"><xs:simpleType><xs:restriction '
            'base="xs:string"><xs:pattern value="[0-9]+"/></xs:restriction>'
            "</xs:simpleType></xs:attribute>",
        ),
    ),
    "default-changed": (('default="none"', 'default="writeback"'),),
    "namespace-changed": (
        ("TNS", 'targetNamespace="urn:x" xmlns="urn:x"'),
        ('type="busType"', 'type="busType"'),
    ),
    "max-occurs-lowered": (('minOccurs="0" maxOccurs="unbounded"', 'minOccurs="0"'),),
}


@pytest.mark.parametrize("kind", sorted(BREAKING))
def test_breaking_change_is_detected(tmp_path, kind):
    old = schema(tmp_path, "old")
    new = schema(tmp_path, "new", replace=BREAKING[kind])
    breaking = [c for c in diff_files(old, new) if c.breaking]
    assert breaking, f"{kind} not detected"


def test_purely_additive_changes_are_compatible(tmp_path):
    old = schema(tmp_path, "old")
    new = schema(
        tmp_path,
        "new",
        replace=(
            ("CHILD", '<xs:element name="wwn" type="xs:string" minOccurs="0"/>'),
            ("ATTR", '<xs:attribute name="dev" type="xs:string"/>'),
            (
                '<xs:enumeration value="virtio"/>',
                '<xs:enumeration value="virtio"/><xs:enumeration value="sata"/>',
            ),
            ('name="size" type="xs:unsignedInt"', 'name="size" type="xs:unsignedLong"'),
            (
                '<xs:element name="serial" type="xs:string" minOccurs="0"/>',
                '<xs:element name="serial" type="xs:string" minOccurs="0" maxOccurs="2"/>',
            ),
        ),
    )
    changes = diff_files(old, new)
    assert changes and not [c.render() for c in changes if c.breaking]
    assert {c.path for c in changes} >= {"/domain/disk/wwn", "/domain/disk/@dev"}


def test_identical_schemas_have_no_changes(tmp_path):
    assert diff_files(schema(tmp_path, "a"), schema(tmp_path, "b")) == []


RELEASED = sorted((ROOT / "schemas" / "released").glob("core-*.xsd"))
RELEASED_NS = sorted((ROOT / "schemas" / "released").glob("qemu-ns-v1-*.xsd"))


def test_there_is_a_released_core_schema():
    assert RELEASED, "schemas/released/ must hold every released core.xsd"


@pytest.mark.parametrize("released", RELEASED, ids=[p.name for p in RELEASED])
def test_core_schema_only_grows(released):
    changes = diff_files(str(released), str(ROOT / "schemas" / "core.xsd"))
    assert not [c.render() for c in changes if c.breaking]


@pytest.mark.parametrize("released", RELEASED_NS, ids=[p.name for p in RELEASED_NS])
def test_qemu_namespace_v1_is_frozen(released):
    changes = diff_files(str(released), str(ROOT / "schemas" / "qemu-ns-v1.xsd"))
    assert not [c.render() for c in changes if c.breaking]


GOLDEN_ARGS = sorted(p.with_suffix(".xml") for p in (ROOT / "golden").glob("*/*.args"))


def _version(released: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in released.stem.removeprefix("core-").split("."))


@pytest.mark.parametrize("released", RELEASED, ids=[p.name for p in RELEASED])
def test_golden_inputs_validate_against_every_released_schema(released):
    """A golden case is meant for every release from the one its header names (`schema
    1.1`), by default 1.0: a document valid then must stay valid (extend-only)."""
    from lxml import etree

    from tests.golden_support import case_options

    validator = etree.XMLSchema(etree.parse(str(released)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    invalid = []
    for xml in GOLDEN_ARGS:
        since = tuple(int(x) for x in case_options(xml).get("schema", "1.0").split("."))
        if _version(released) < since:
            continue
        if not validator.validate(etree.parse(str(xml), parser)):
            invalid.append(f"{xml.relative_to(ROOT)}: {validator.error_log.last_error}")
    assert not invalid, "\n".join(invalid)


def test_cli_exit_status(tmp_path):
    import subprocess
    import sys

    old = schema(tmp_path, "old")
    narrowed = schema(tmp_path, "narrowed", replace=BREAKING["enumeration-narrowed"])
    run = lambda a, b: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "compiler.cli", "schema-diff", a, b],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    same = run(old, old)
    assert same.returncode == 0 and "0 breaking" in same.stdout
    bad = run(old, narrowed)
    assert bad.returncode == 1 and "BREAKING /domain/disk/@bus" in bad.stdout
