"""The golden tree is well-formed: each .xml has exactly one .args or .err, nothing orphaned."""

from __future__ import annotations

from tests.golden_support import GOLDEN


def test_every_case_has_exactly_one_expectation():
    problems = []
    for xml in sorted(GOLDEN.glob("*/*.xml")):
        stem = xml.with_suffix("")
        found = [ext for ext in ("args", "err") if stem.with_suffix(f".{ext}").exists()]
        if len(found) != 1:
            problems.append(f"{xml.relative_to(GOLDEN)}: expectations {found}")
    assert not problems, "\n".join(problems)


def test_no_orphaned_expectations():
    orphans = [
        str(p.relative_to(GOLDEN))
        for ext in ("args", "err")
        for p in GOLDEN.glob(f"*/*.{ext}")
        if not p.with_suffix(".xml").exists()
    ]
    assert not orphans, f"expectations without an input: {orphans}"


def test_golden_tree_is_not_empty():
    assert len(list(GOLDEN.glob("*/*.xml"))) >= 10


def test_every_refusal_code_has_an_err_golden():
    import re

    from compiler import codes

    used = set()
    for err in GOLDEN.glob("*/*.err"):
        used |= set(re.findall(r"error\[(E\d+)\]", err.read_text()))
    refusals = {c.id for c in codes.all_codes() if c.id.startswith("E2") and not c.retired}
    assert refusals - used == set(), "refusal codes without a golden .err"
