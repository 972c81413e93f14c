"""The PassManager: ordering, dumps, stopping at the first failing pass, verification."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from compiler import codes
from compiler.diagnostics import IRInvariantError, Span
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext, PassManager
from tests import builders

SPAN = Span(file="t.xml", line=1, col=1)


def domain(**kw) -> Domain:
    return builders.domain(name="vm", **kw)


def ctx() -> PassContext:
    return builders.context()


def renamer(name: str) -> Pass:
    return Pass(name=name, run=lambda d, c: replace(d, name=d.name + "+" + name), summary=name)


def test_passes_run_in_order():
    pm = PassManager([renamer("a"), renamer("b")])
    assert pm.run(domain(), ctx()).name == "vm+a+b"


def test_duplicate_and_unknown_names_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        PassManager([renamer("a"), renamer("a")])
    with pytest.raises(ValueError, match="unknown"):
        PassManager([renamer("a")], dump_after=frozenset({"zzz"}))


def test_stops_after_the_first_pass_with_errors_and_keeps_all_its_errors():
    def two_errors(d: Domain, c: PassContext) -> Domain:
        c.error(codes.E104_INVALID_CONFIG, SPAN, detail="one")
        c.error(codes.E104_INVALID_CONFIG, SPAN, detail="two")
        return d

    c = ctx()
    out = PassManager([Pass("fail", two_errors, "f"), renamer("never")]).run(domain(), c)
    assert out.name == "vm"
    assert [d.message for d in c.diagnostics] == ["one", "two"]


def test_warnings_do_not_stop_the_pipeline():
    def warn(d: Domain, c: PassContext) -> Domain:
        c.warning(codes.W001_IGNORED, SPAN, what="<x>")
        return d

    c = ctx()
    assert PassManager([Pass("warn", warn, "w"), renamer("b")]).run(domain(), c).name == "vm+b"


def test_dump_after_named_pass_and_read():
    out = io.StringIO()
    PassManager([renamer("a"), renamer("b")], dump_after=frozenset({"read", "b"}), dump=out).run(
        domain(), ctx()
    )
    text = out.getvalue()
    assert "=== IR after read ===" in text and "=== IR after b ===" in text
    assert "=== IR after a ===" not in text
    assert "'vm+a+b'" in text


def test_verifier_checks_postconditions():
    broken = Pass("broken", lambda d, c: d, "b", ensures=lambda d: False)
    PassManager([broken]).run(domain(), ctx())  # no verification requested
    with pytest.raises(IRInvariantError, match="broken"):
        PassManager([broken], verify=True).run(domain(), ctx())


def test_verifier_rejects_mutable_collections():
    sneaky = Pass("sneaky", lambda d, c: replace(d, disks=[]), "s")
    with pytest.raises(IRInvariantError, match="mutable list"):
        PassManager([sneaky], verify=True).run(domain(), ctx())


def test_every_code_is_documented_and_unique():
    all_codes = codes.all_codes()
    assert len({c.id for c in all_codes}) == len(all_codes)
    assert len({c.slug for c in all_codes}) == len(all_codes)
    for code in all_codes:
        assert code.template and code.help and code.explain, code.id
        assert code.template[0].islower() or code.template[0] in "{<'", code.id
        assert not code.template.endswith("."), code.id
