"""The conformance ratchet: every case in tests/conformance-passing.txt still passes.

When ../shared/conformance/libvirt-9.0 is present (it is on developer machines and in CI),
each listed libvirt case must compile to its .x86_64-latest.args byte for byte, or be
refused for an .err case. The list only grows: add a case once it passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import driver
from tests.conftest import CORPUS_CASES, corpus_available, options

LISTED = Path(__file__).with_name("conformance-passing.txt")


def _listed() -> list[str]:
    lines = LISTED.read_text().splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


def test_ratchet_list_is_sorted_and_unique():
    names = _listed()
    assert names == sorted(set(names))


@pytest.mark.skipif(not corpus_available(), reason="libvirt corpus not present")
@pytest.mark.parametrize("case", _listed())
def test_listed_case_still_passes(case):
    xml = CORPUS_CASES / f"{case}.xml"
    # The IR verifier and the QAPI check run too: a listed case must also be one whose
    # JSON options the target QEMU accepts.
    result = driver.compile_file(xml, options(verify_ir=True, check_qapi=True))
    args = CORPUS_CASES / f"{case}.x86_64-latest.args"
    if args.exists():
        assert result.ok, [d.message for d in result.diagnostics]
        assert driver.render(result, "args") == args.read_text()
    else:
        assert not result.ok
