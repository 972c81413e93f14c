"""Shared fixtures: the corpus location, compile helpers and the golden snapshot extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import driver
from compiler.profiles import HostProfile

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
CORPUS = ROOT.parent / "shared" / "conformance" / "libvirt-9.0"
CORPUS_CASES = CORPUS / "cases"


def corpus_available() -> bool:
    return CORPUS_CASES.is_dir()


def options(**overrides: object) -> driver.CompileOptions:
    base: dict[str, object] = {
        "target": "qemu-7.2.50",
        "profile": "libvirt-test",
        "host": HostProfile.fixed(),
        "verify_ir": True,
    }
    base.update(overrides)
    return driver.CompileOptions(**base)  # type: ignore[arg-type]


@pytest.fixture
def compile_xml():
    """Compile an XML string; returns the driver Result."""

    def run(xml: str, **overrides: object) -> driver.Result:
        return driver.compile_bytes(xml.encode(), filename="test.xml", options=options(**overrides))

    return run
