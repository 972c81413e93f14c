"""The input gate: each category of hostile or broken input is refused with a location."""

from __future__ import annotations

import pytest

from compiler import xmlio
from compiler.diagnostics import DiagnosticError

OK = b"<domain type='kvm'><name>x</name></domain>"


def refused(data: bytes, **kw) -> tuple[str, int, int, str]:
    with pytest.raises(DiagnosticError) as info:
        xmlio.parse(data, "in.xml", **kw)
    d = info.value.diagnostics[0]
    return d.code.id, d.span.line, d.span.col, d.message


def test_plain_document_passes_and_keeps_line_numbers():
    doc = xmlio.parse(b"<domain type='kvm'>\n  <name>x</name>\n</domain>", "in.xml")
    name = doc.root.find("name")
    span = doc.span(name)
    assert (span.line, span.col, span.approx) == (2, 3, False)


def test_utf8_bom_is_accepted():
    assert xmlio.parse(b"\xef\xbb\xbf" + OK, "in.xml").root.tag == "domain"


def test_size_cap():
    code, *_ = refused(OK, max_bytes=10)
    assert code == "E005"


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0' encoding='ISO-8859-1'?>" + OK,
        b"\xff\xfe<\x00d\x00",
        b"<domain type='kvm'><name>\xff</name></domain>",
    ],
)
def test_encodings_other_than_utf8_are_refused(data):
    assert refused(data)[0] == "E006"


def test_invalid_utf8_is_located():
    code, line, col, _ = refused(b"<domain type='kvm'>\n<name>a\xc3</name></domain>")
    assert (code, line, col) == ("E006", 2, 8)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"<!DOCTYPE domain [<!ENTITY x 'y'>]>" + OK, "DOCTYPE"),
        (b"<!ENTITY x SYSTEM 'file:///etc/passwd'>" + OK, "ENTITY"),
        (
            b"<domain type='kvm'><!ATTLIST name a CDATA #FIXED 'x'><name>x</name></domain>",
            "ATTLIST",
        ),
        (b"<?xml-stylesheet href='x'?>" + OK, "processing instruction"),
        (b"<domain type='kvm'><?php evil ?><name>x</name></domain>", "processing instruction"),
    ],
)
def test_dtds_entities_and_pis_are_refused_before_parsing(data, what):
    code, _line, _col, message = refused(data)
    assert code == "E002" and what in message


def test_xinclude_is_refused():
    data = (
        b"<domain type='kvm' xmlns:xi='http://www.w3.org/2001/XInclude'>"
        b"<xi:include href='/etc/passwd'/></domain>"
    )
    assert refused(data)[0] == "E002"


def test_wrong_root_is_refused():
    assert refused(b"<network/>")[0] == "E007"
    assert refused(b"<domain xmlns='urn:x'/>")[0] == "E007"


def test_unknown_namespace_outside_metadata_is_refused():
    data = b"<domain type='kvm' xmlns:x='urn:evil'><x:thing/></domain>"
    code, line, col, message = refused(data)
    assert (code, line, col) == ("E003", 1, 39) and "urn:evil" in message


def test_foreign_namespace_inside_metadata_is_allowed():
    data = (
        b"<domain type='kvm'><metadata><x:thing xmlns:x='urn:ok' a='\x01'.../></metadata></domain>"
    )
    # a control character is not even looked at inside metadata; malformed XML still is
    assert refused(data)[0] == "E001"
    good = b"<domain type='kvm'><metadata><x:t xmlns:x='urn:ok'/></metadata></domain>"
    assert xmlio.parse(good, "in.xml").root.tag == "domain"


def test_namespaced_attribute_on_core_element_is_refused():
    data = b"<domain type='kvm' xmlns:x='urn:x'><name x:a='1'>n</name></domain>"
    assert refused(data)[0] == "E003"


def test_qemu_namespace_any_prefix_is_accepted():
    data = (
        b"<domain type='kvm' xmlns:ns9='http://libvirt.org/schemas/domain/qemu/1.0'>"
        b"<ns9:commandline><ns9:arg value='-x'/></ns9:commandline></domain>"
    )
    assert xmlio.parse(data, "in.xml").root.tag == "domain"


def test_qemu_namespace_version_is_an_exact_uri():
    for uri in (
        b"http://libvirt.org/schemas/domain/qemu/1.0/",
        b"http://libvirt.org/schemas/domain/qemu/2.0",
        b"HTTP://libvirt.org/schemas/domain/qemu/1.0",
    ):
        data = b"<domain type='kvm'><commandline xmlns='" + uri + b"'/></domain>"
        assert refused(data)[0] == "E003"


@pytest.mark.parametrize("char", ["&#x7f;", "&#x85;", "\u202e", "\u200b", "&#10;", "&#9;"])
def test_control_and_invisible_characters_in_attributes_are_refused(char):
    data = f"<domain type='kvm'><name>n</name><x a='1{char}2'/></domain>".encode()
    assert refused(data)[0] == "E009"


def test_c0_control_characters_are_not_even_xml():
    assert refused(b"<domain type='kvm'><name a='&#1;'>n</name></domain>")[0] == "E001"


def test_control_characters_in_text_are_refused():
    data = "<domain type='kvm'><name>a\u2028b</name></domain>".encode()
    assert refused(data)[0] == "E009"


def test_depth_limit_without_recursion():
    deep = b"<domain type='kvm'>" + b"<a>" * 70 + b"</a>" * 70 + b"</domain>"
    code, _l, _c, message = refused(deep)
    assert code == "E008" and "depth" in message


def test_element_count_limit():
    flood = b"<domain type='kvm'>" + b"<a/>" * 100_001 + b"</domain>"
    code, _l, _c, message = refused(flood, max_bytes=10_000_000)
    assert code == "E008" and "count" in message


def test_malformed_xml_reports_libxml2_position():
    code, line, col, _ = refused(b"<domain type='kvm'>\n<name>x</nam>\n</domain>")
    assert code == "E001" and line == 2 and col > 1


def test_second_root_is_malformed():
    assert refused(OK + b"<domain/>")[0] == "E001"
