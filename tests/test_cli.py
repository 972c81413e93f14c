"""The command line, run as a user runs it: exit codes, output files, diagnostics, hot path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "webserver.xml"


def xml2argv(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compiler.cli", *args],
        input=None if stdin is None else stdin.decode(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def test_compile_example_prints_argv():
    proc = xml2argv("compile", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "/usr/bin/qemu-system-x86_64"
    assert "-blockdev" in lines and "-nodefaults" in lines
    # standalone: monitor on a socket path, no inherited fds, CPUs not frozen
    assert any(w.startswith("socket,id=charmonitor,path=") for w in lines)
    assert "-S" not in lines and not any("fd=" in w for w in lines)


def test_compile_is_deterministic():
    first = xml2argv("compile", "--format", "args", str(EXAMPLE)).stdout
    second = xml2argv("compile", "--format", "args", str(EXAMPLE)).stdout
    assert first == second and first


def test_compile_from_stdin():
    proc = xml2argv("compile", "-", stdin=EXAMPLE.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "/usr/bin/qemu-system-x86_64"


def test_malformed_input_is_located_and_exit_1(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<domain type='kvm'>\n  <name>x</name>\n  <oops>\n</domain>\n")
    proc = xml2argv("compile", str(bad))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert f"{bad}:4:" in proc.stderr and "error[E001]" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_refused_compile_leaves_output_file_untouched(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<domain/>")
    out = tmp_path / "out.args"
    out.write_text("previous\n")
    proc = xml2argv("compile", "-o", str(out), str(bad))
    assert proc.returncode == 1
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml", "out.args"]


def test_refused_compile_creates_no_output_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<domain/>")
    out = tmp_path / "out.args"
    assert xml2argv("compile", "-o", str(out), str(bad)).returncode == 1
    assert not out.exists()


def test_output_file_written_on_success(tmp_path):
    out = tmp_path / "vm.args"
    proc = xml2argv("compile", "--format", "args", "-o", str(out), str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert out.read_text().startswith("LC_ALL=C \\\n")


def test_unsupported_element_is_a_located_not_supported_diagnostic(tmp_path):
    # <readonly/> is valid on any <hostdev> under core.xsd, but only a SCSI LUN can be
    # read-only, so the PCI reader leaves it unread; when that changes, pick another
    # element that the schema accepts and nothing reads.
    hostdev = (
        "<hostdev mode='subsystem' type='pci' managed='yes'>"
        "<source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source>"
        "<readonly/></hostdev>"
    )
    text = EXAMPLE.read_text().replace(
        "<memballoon model='virtio'/>", f"<memballoon model='virtio'/>\n    {hostdev}"
    )
    xml = tmp_path / "hostdev.xml"
    xml.write_text(text)
    proc = xml2argv("compile", str(xml))
    assert proc.returncode == 1
    line, col = next(
        (i, t.index("<readonly") + 1) for i, t in enumerate(text.splitlines(), 1) if "<hostdev" in t
    )
    assert f"{xml}:{line}:{col}: error[E101]: " in proc.stderr
    assert "not supported yet" in proc.stderr and proc.stdout == ""


def test_usage_errors_exit_2():
    assert xml2argv("compile").returncode == 2
    assert xml2argv("compile", "--format", "nope", str(EXAMPLE)).returncode == 2
    proc = xml2argv("compile", "--dump-ir-after", "no-such-pass", str(EXAMPLE))
    assert proc.returncode == 2 and "fill-domain-defaults" in proc.stderr


def test_dump_ir_after_all_goes_to_stderr():
    proc = xml2argv("compile", "--dump-ir-after", "all", str(EXAMPLE))
    assert proc.returncode == 0
    from passes import pass_names

    for name in ("read", *pass_names()):
        assert f"=== IR after {name} ===" in proc.stderr
    assert "===" not in proc.stdout


def test_passes_lists_the_pipeline_in_order():
    from passes import pass_names

    proc = xml2argv("passes")
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.splitlines()]
    assert listed == list(pass_names())


def test_explain_prints_long_help_and_rejects_unknown_codes():
    proc = xml2argv("explain", "E101")
    assert proc.returncode == 0 and "not-supported-yet" in proc.stdout
    assert xml2argv("explain", "E999").returncode == 2


def test_validate_only_runs_gate_and_schema(tmp_path):
    assert xml2argv("validate", str(EXAMPLE)).returncode == 0
    bad = tmp_path / "two-names.xml"
    bad.write_text(
        EXAMPLE.read_text().replace("<name>webserver</name>", "<name>a</name><name>b</name>")
    )
    proc = xml2argv("validate", str(bad))
    assert proc.returncode == 1 and "error[E0" in proc.stderr


def test_diagnostic_formats(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<domain type='kvm'>\n  <name>x</name>\n  <oops>\n</domain>\n")
    full = xml2argv("compile", "--diagnostic-format", "full", str(bad)).stderr
    assert "^" in full and " | " in full
    as_json = xml2argv("compile", "--diagnostic-format", "json", str(bad)).stderr
    import json

    assert json.loads(as_json.splitlines()[0])["code"] == "E001"


def test_compile_does_not_import_xmlschema_or_jinja2():
    probe = (
        "import sys\n"
        "from compiler import cli\n"
        f"sys.argv = ['xml2argv', 'compile', {str(EXAMPLE)!r}]\n"
        "try:\n"
        "    cli.main(standalone_mode=False)\n"
        "finally:\n"
        "    sys.stderr.write(repr(sorted(m for m in ('xmlschema', 'jinja2') "
        "if m in sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.endswith("[]")


@pytest.mark.parametrize("fmt", ["argv", "json", "args", "shell", "systemd"])
def test_every_format_renders(fmt):
    proc = xml2argv("compile", "--format", fmt, str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "qemu-system-x86_64" in proc.stdout


def test_network_option_maps_a_libvirt_network_to_a_bridge(tmp_path):
    xml = tmp_path / "net.xml"
    xml.write_text(
        EXAMPLE.read_text().replace(
            "<memballoon model='virtio'/>",
            "<interface type='network'><source network='default'/></interface>\n"
            "    <memballoon model='virtio'/>",
        )
    )
    refused = xml2argv("compile", str(xml))
    assert refused.returncode == 1 and "error[E203]" in refused.stderr
    assert "--network NAME=BRIDGE" in refused.stderr
    proc = xml2argv("compile", "--network", "default=virbr0", str(xml))
    assert proc.returncode == 0, proc.stderr
    assert '{"type":"bridge","br":"virbr0","id":"hostnet0"}' in proc.stdout.splitlines()
    assert xml2argv("compile", "--network", "default", str(xml)).returncode == 2
