"""Packaging: README's commands, CI's test command, and a plain (non-editable) install."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_readme_leads_with_install_and_test_commands():
    install, test = _readme_commands()[:2]
    assert "pip install" in install and "xml2argv compile examples/" in install
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    test_command = _readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_example_exists():
    install = _readme_commands()[0]
    example = re.search(r"(examples/\S+\.xml)", install).group(1)
    assert (ROOT / example).is_file()


def test_wheel_ships_schemas_and_targets_and_installs_non_editable(tmp_path):
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("xml2argv-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "compiler/schemas/core.xsd",
        "compiler/schemas/qemu-ns-v1.xsd",
        "compiler/targets/qemu-7.2.json",
        "compiler/targets/qemu-7.2.50.json",
        "passes/__init__.py",
        "compiler/cli.py",
    ):
        assert needed in names, needed
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120
    )
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pip.returncode == 0, pip.stderr
    # Run from elsewhere, so that nothing is imported from the source tree.
    proc = subprocess.run(
        [str(venv / "bin" / "xml2argv"), "compile", str(ROOT / "examples" / "webserver.xml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "/usr/bin/qemu-system-x86_64"
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import compiler, compiler.schema as s; print(compiler.__file__); "
            "print(s.schema_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert str(ROOT) not in where.stdout, where.stdout
