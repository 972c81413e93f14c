"""Golden cases: every golden/<area>/<case>.xml compiles to its .args or is refused as its .err.

Review workflow: ``pytest tests/test_golden.py --snapshot-update``, then read every hunk of
``git diff golden/`` before committing.
"""

from __future__ import annotations

import pytest

from tests.golden_support import GOLDEN, ArgsExtension, ErrExtension, expected_kind, run_case

CASES = sorted(GOLDEN.glob("*/*.xml"))


@pytest.mark.parametrize("xml", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_golden(xml, snapshot):
    want = expected_kind(xml)
    kind, text = run_case(xml)
    ext = ArgsExtension if want == "args" else ErrExtension
    assert kind == want, f"{xml.name}: expected a {want} result, got {kind}:\n{text}"
    assert text == snapshot(extension_class=ext)
