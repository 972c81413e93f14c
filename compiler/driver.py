"""gate → validate → read → PassManager (domain passes, lower, command passes) → emit.

This is the Python API: :func:`compile_bytes` and :func:`compile_file` return a
:class:`Result` with the argv, the environment and the diagnostics; they never raise for
bad input. :func:`render` formats a successful result. The CLI is a thin layer on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from compiler import codes, profiles, targets, xmlio
from compiler.diagnostics import Diagnostic, DiagnosticError, Span, make, q
from compiler.ir.command import Command
from compiler.passmanager import PassContext, PassManager, Policy


@dataclass(frozen=True, slots=True)
class CompileOptions:
    target: str = targets.DEFAULT_TARGET
    profile: profiles.ProfileName = "standalone"
    state_root: str = profiles.DEFAULT_STATE_ROOT
    host: profiles.HostProfile = field(default_factory=profiles.HostProfile.fixed)
    max_bytes: int = xmlio.DEFAULT_MAX_BYTES
    validate: bool = True
    policy: Policy = field(default_factory=Policy)
    check_qapi: bool = False
    network_bridges: tuple[tuple[str, str], ...] = ()
    verify_ir: bool = False
    dump_after: frozenset[str] = frozenset()
    dump: TextIO | None = None


@dataclass(frozen=True, slots=True)
class Result:
    command: Command | None
    diagnostics: tuple[Diagnostic, ...]
    source_lines: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.command is not None and not any(d.severity == "error" for d in self.diagnostics)

    @property
    def argv(self) -> tuple[str, ...]:
        from compiler.emit import argv_words

        return () if self.command is None else tuple(argv_words(self.command))

    @property
    def env(self) -> tuple[tuple[str, str], ...]:
        return () if self.command is None else self.command.env


def compile_file(path: str | Path, options: CompileOptions | None = None) -> Result:
    options = options or CompileOptions()
    name = str(path)
    try:
        with open(path, "rb") as stream:
            data = xmlio.read_capped(stream, options.max_bytes, name)
    except DiagnosticError as exc:
        return Result(command=None, diagnostics=tuple(exc.diagnostics))
    except OSError as exc:
        diag = make(
            codes.E105_MISSING,
            Span(file=name, line=1, col=1),
            what=f"a readable file ({exc.strerror or 'unreadable'})",
        )
        return Result(command=None, diagnostics=(diag,))
    return compile_bytes(data, filename=name, options=options)


def compile_bytes(
    data: bytes, *, filename: str = "<input>", options: CompileOptions | None = None
) -> Result:
    options = options or CompileOptions()
    # For --diagnostic-format full, even when the gate refuses the document.
    lines = tuple(data.decode("utf-8", "replace").split("\n"))
    try:
        doc = xmlio.parse(data, filename, max_bytes=options.max_bytes)
        if options.validate:
            from compiler import schema

            schema.validate(doc)
        from compiler.read import read_domain

        dom = read_domain(doc)
    except DiagnosticError as exc:
        return Result(command=None, diagnostics=tuple(exc.diagnostics), source_lines=lines)
    try:
        target = targets.load(options.target)
    except targets.UnknownTarget:
        diag = make(
            codes.E106_UNSUPPORTED_TARGET,
            Span(file=filename, line=1, col=1),
            what=f"target {q(options.target)}",
            target="(none)",
        )
        return Result(command=None, diagnostics=(diag,), source_lines=lines)
    from passes import PIPELINE

    ctx = PassContext(
        target=target,
        profile=profiles.get(options.profile, options.state_root),
        host=options.host,
        policy=options.policy,
        check_qapi=options.check_qapi,
        network_bridges=options.network_bridges,
    )
    manager = PassManager(
        PIPELINE, verify=options.verify_ir, dump_after=options.dump_after, dump=options.dump
    )
    tree = manager.run(dom, ctx)
    if ctx.has_errors() or not isinstance(tree, Command):
        return Result(command=None, diagnostics=tuple(ctx.diagnostics), source_lines=lines)
    return Result(command=tree, diagnostics=tuple(ctx.diagnostics), source_lines=lines)


def render(result: Result, fmt: str) -> str:
    from compiler.emit import FORMATS

    if result.command is None:
        raise ValueError("render() needs a successful result")
    return FORMATS[fmt](result.command)
