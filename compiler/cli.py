"""The command line: ``xml2argv compile | validate | explain | passes``.

All logic lives in :mod:`compiler.driver`; this module parses options, writes output
atomically and maps results to exit codes. It is the only module that imports click or
reads the environment.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import click

from compiler import codes, driver, profiles, targets
from compiler.diagnostics import Diagnostic, render_full, render_json, render_short
from compiler.passmanager import Policy

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

FORMAT_CHOICES = ("argv", "json", "args", "shell", "systemd")


def _pass_names() -> list[str]:
    from passes import pass_names

    return ["all", "read", *pass_names()]


def _complete_pass_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return [n for n in _pass_names() if n.startswith(incomplete)]


def _check_dump_names(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    valid = _pass_names()
    for name in value:
        if name not in valid:
            raise click.BadParameter(f"unknown pass {name!r}; valid: {', '.join(valid)}")
    return value


_BRIDGE_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,15}\Z")  # a Linux interface name


def _check_networks(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in value:
        name, sep, bridge = item.partition("=")
        if not sep or not name or not _BRIDGE_NAME.match(bridge):
            raise click.BadParameter(f"{item!r}: expected NAME=BRIDGE (a bridge device name)")
        pairs.append((name, bridge))
    return tuple(pairs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xml2argv")
def main() -> None:
    """Compile libvirt domain XML to a QEMU argv.

    Exit status: 0 success; 1 the input was refused or invalid (diagnostics on stderr,
    nothing written); 2 usage error; 70 internal error (a bug in xml2argv).
    """


def _emit_diagnostics(result: driver.Result, fmt: str) -> None:
    for diag in result.diagnostics:
        sys.stderr.write(_render(diag, fmt, result))


def _render(diag: Diagnostic, fmt: str, result: driver.Result) -> str:
    if fmt == "json":
        return render_json(diag)
    if fmt == "full":
        return render_full(diag, list(result.source_lines))
    return render_short(diag)


def _write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename, so that a reader never sees a partial file."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        finally:
            raise


def _read_input(xml: str, max_bytes: int, options: driver.CompileOptions) -> driver.Result:
    if xml == "-":
        from compiler import xmlio
        from compiler.diagnostics import DiagnosticError

        try:
            data = xmlio.read_capped(sys.stdin.buffer, max_bytes, "<stdin>")
        except DiagnosticError as exc:
            return driver.Result(command=None, diagnostics=tuple(exc.diagnostics))
        return driver.compile_bytes(data, filename="<stdin>", options=options)
    return driver.compile_file(xml, options)


@main.command("compile")
@click.argument("xml", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--target",
    "target",
    type=click.Choice(targets.available()),
    default=targets.DEFAULT_TARGET,
    show_default=True,
    help="The QEMU version to compile for.",
)
@click.option(
    "--profile",
    type=click.Choice(profiles.PROFILE_NAMES),
    default="standalone",
    show_default=True,
    help="Runtime conventions (libvirt-test: libvirt's test suite).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="argv",
    show_default=True,
    help="argv: one element per line; args: libvirt's .args.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)
@click.option(
    "--state-dir",
    default=profiles.DEFAULT_STATE_ROOT,
    show_default=True,
    help="standalone: where per-domain state (monitor socket) lives.",
)
@click.option(
    "--max-input-size",
    "max_bytes",
    type=click.IntRange(1, 1 << 30),
    default=4 * 1024 * 1024,
    show_default=True,
    help="Refuse larger inputs.",
)
@click.option(
    "--dump-ir-after",
    "dump_after",
    multiple=True,
    metavar="PASS",
    callback=_check_dump_names,
    shell_complete=_complete_pass_names,
    help="Print the IR after PASS to stderr ('all' and 'read' too).",
)
@click.option(
    "--diagnostic-format",
    "diag_fmt",
    type=click.Choice(["short", "full", "json"]),
    default="short",
    show_default=True,
)
@click.option("--verify-ir", is_flag=True, help="Check IR invariants after every pass.")
@click.option(
    "--network",
    "networks",
    multiple=True,
    metavar="NAME=BRIDGE",
    callback=_check_networks,
    help="Connect <interface type='network'> on network NAME to bridge BRIDGE (repeatable).",
)
@click.option(
    "--check-qapi",
    is_flag=True,
    help="Check -blockdev/-netdev/-object JSON against the target QEMU's QAPI schema.",
)
@click.option(
    "--policy",
    type=click.Choice(["default", "strict"]),
    default="default",
    show_default=True,
    help="strict: for multi-tenant input (no passthrough, confined host paths).",
)
@click.option(
    "--allow-path-root",
    "path_roots",
    multiple=True,
    metavar="DIR",
    help="strict: host paths must be under DIR (repeatable).",
)
@click.option(
    "--allow-host-devices",
    is_flag=True,
    help="strict: allow host block devices and host device assignment.",
)
def compile_cmd(
    xml: str,
    target: str,
    profile: profiles.ProfileName,
    fmt: str,
    output: Path | None,
    state_dir: str,
    max_bytes: int,
    dump_after: tuple[str, ...],
    diag_fmt: str,
    verify_ir: bool,
    networks: tuple[tuple[str, str], ...],
    check_qapi: bool,
    policy: str,
    path_roots: tuple[str, ...],
    allow_host_devices: bool,
) -> None:
    """Compile DOMAIN.xml (or - for stdin) to a QEMU command line."""
    options = driver.CompileOptions(
        target=target,
        profile=profile,
        state_root=state_dir,
        max_bytes=max_bytes,
        host=profiles.HostProfile.from_environment(),
        verify_ir=verify_ir,
        check_qapi=check_qapi,
        network_bridges=networks,
        dump_after=frozenset(dump_after),
        dump=sys.stderr,
        policy=Policy(
            strict=policy == "strict",
            path_roots=path_roots,
            allow_host_devices=allow_host_devices,
        ),
    )
    result = _read_input(xml, max_bytes, options)
    _emit_diagnostics(result, diag_fmt)
    if not result.ok:
        sys.exit(EXIT_INVALID)
    text = driver.render(result, fmt)
    if output is not None:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)


@main.command("validate")
@click.argument("xml", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--diagnostic-format",
    "diag_fmt",
    type=click.Choice(["short", "full", "json"]),
    default="short",
    show_default=True,
)
def validate_cmd(xml: str, diag_fmt: str) -> None:
    """Check DOMAIN.xml against the input gate and the schemas only."""
    from compiler import schema, xmlio
    from compiler.diagnostics import DiagnosticError

    try:
        if xml == "-":
            data = xmlio.read_capped(sys.stdin.buffer, xmlio.DEFAULT_MAX_BYTES, "<stdin>")
            name = "<stdin>"
        else:
            name = xml
            with open(xml, "rb") as stream:
                data = xmlio.read_capped(stream, xmlio.DEFAULT_MAX_BYTES, xml)
        doc = xmlio.parse(data, name)
        schema.validate(doc)
    except DiagnosticError as exc:
        result = driver.Result(command=None, diagnostics=tuple(exc.diagnostics))
        _emit_diagnostics(result, diag_fmt)
        sys.exit(EXIT_INVALID)
    except OSError as exc:
        click.echo(f"{xml}: error: {exc.strerror}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"{xml}: valid")


@main.command("explain")
@click.argument("code")
def explain_cmd(code: str) -> None:
    """Print the long help for a diagnostic CODE (E201 or its slug)."""
    found = codes.by_id(code)
    if found is None:
        click.echo(
            f"unknown code {code!r}; known: " + ", ".join(c.id for c in codes.all_codes()), err=True
        )
        sys.exit(EXIT_USAGE)
    from compiler.emit.explain import render_explain

    click.echo(render_explain(found), nl=False)


@main.command("schema-diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Also list compatible additions.")
def schema_diff_cmd(old: str, new: str, show_all: bool) -> None:
    """Report every breaking change from schema OLD to NEW (exit 1 if there is one)."""
    from compiler.schemadiff import diff_files

    try:
        changes = diff_files(old, new)
    except Exception as exc:  # xmlschema reports bad schemas with many exception types
        click.echo(f"schema-diff: cannot load the schemas: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    breaking = [c for c in changes if c.breaking]
    for change in changes:
        if change.breaking or show_all:
            click.echo(change.render())
    click.echo(f"{len(breaking)} breaking, {len(changes) - len(breaking)} compatible")
    sys.exit(EXIT_INVALID if breaking else EXIT_OK)


@main.command("passes")
def passes_cmd() -> None:
    """List the passes of the pipeline, in order."""
    from passes import PIPELINE

    width = max(len(p.name) for p in PIPELINE)
    for p in PIPELINE:
        click.echo(f"{p.name:<{width}}  [{p.stage}] {p.summary}")


def run() -> None:
    """Entry point wrapper: a bug is exit 70 with a one-line message, never a traceback."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("XML2ARGV_DEBUG"):
            raise
        sys.stderr.write(
            f"xml2argv: internal error: {type(exc).__name__}: {exc}\n"
            "  = help: this is a bug in xml2argv; set XML2ARGV_DEBUG=1 for a "
            "traceback and report it\n"
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    run()
