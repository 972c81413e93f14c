"""The syrupy extensions that store golden outputs beside their inputs.

``golden/<area>/<case>.xml`` has exactly one sibling: ``<case>.args`` (the compile output)
or ``<case>.err`` (the rendered diagnostics of a refused compile). A case's *kind* is the
sibling that exists; a new case (none yet) is ``.args`` unless its name ends in
``-refused`` or ``-invalid``. Update with ``pytest tests/test_golden.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from compiler import driver
from compiler.diagnostics import render_short

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

# Per-case options: a first-line comment `<!-- xml2argv: profile standalone -->` (option
# names without dashes: XML comments cannot contain '--') selects them; the default is the
# libvirt-test profile on qemu-7.2.50.
_DEFAULTS = {"profile": "libvirt-test", "target": "qemu-7.2.50", "format": "args"}


def case_options(xml: Path) -> dict[str, str]:
    """``--flag value`` pairs from the first-line comment (--allow-path-root may repeat,
    comma-separated in one value)."""
    opts = dict(_DEFAULTS)
    first = xml.read_text(encoding="utf-8", errors="replace").lstrip().split("\n", 1)[0]
    if first.startswith("<!-- xml2argv:"):
        words = first.removeprefix("<!-- xml2argv:").removesuffix("-->").split()
        for flag, value in zip(words[::2], words[1::2], strict=False):
            opts[flag.lstrip("-")] = value
    return opts


def expected_kind(xml: Path) -> str:
    stem = xml.with_suffix("")
    if stem.with_suffix(".err").exists():
        return "err"
    if stem.with_suffix(".args").exists():
        return "args"
    return "err" if xml.stem.endswith(("-refused", "-invalid")) else "args"


def run_case(xml: Path) -> tuple[str, str]:
    """Compile a golden case; returns (kind, text) where kind is 'args' or 'err'."""
    opts = case_options(xml)
    from compiler.passmanager import Policy
    from compiler.profiles import HostProfile

    roots = tuple(r for r in opts.get("allow-path-root", "").split(",") if r)
    networks = tuple(
        tuple(pair.split("=", 1)) for pair in opts.get("network", "").split(",") if pair
    )
    policy = Policy(strict=opts.get("policy") == "strict", path_roots=roots)
    result = driver.compile_file(
        xml.relative_to(GOLDEN.parent).as_posix(),
        driver.CompileOptions(
            target=opts["target"],
            profile=opts["profile"],  # type: ignore[arg-type]
            host=HostProfile.fixed(),
            verify_ir=True,
            policy=policy,
            network_bridges=networks,  # type: ignore[arg-type]
        ),
    )
    if result.ok:
        return "args", driver.render(result, opts["format"])
    return "err", "".join(render_short(d) for d in result.diagnostics)


class _GoldenExtension(SingleFileSnapshotExtension):
    """Stores ``golden/<area>/<case>.<ext>`` for the test parametrized with '<area>/<case>'."""

    _write_mode = WriteMode.TEXT

    @staticmethod
    def _case(test_location: Any) -> tuple[str, str]:
        case_id = test_location.testname.split("[", 1)[1].rstrip("]")
        area, _, case = case_id.partition("/")
        return area, case

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        area, _case = cls._case(test_location)
        return str(GOLDEN / area)

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        return cls._case(test_location)[1]

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return str(data)


class ArgsExtension(_GoldenExtension):
    file_extension = "args"


class ErrExtension(_GoldenExtension):
    file_extension = "err"
