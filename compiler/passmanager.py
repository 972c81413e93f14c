"""Passes, their context, and the PassManager that runs the one ordered PIPELINE.

A pass is ``(tree, PassContext) -> tree``. Domain passes take and return a Domain, the
``lower`` pass turns the Domain into a Command, command passes edit the Command. Passes do
no I/O; they report problems through ``ctx.error`` and the manager stops after the first
pass that reported an error (with all of that pass's errors).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

from compiler import diagnostics
from compiler.diagnostics import Diagnostic, Span
from compiler.ir import verify
from compiler.ir.printing import ir_print

if TYPE_CHECKING:
    from compiler.codes import Code
    from compiler.ir.domain import Domain
    from compiler.profiles import HostProfile, Profile
    from compiler.targets import Target

Stage = Literal["domain", "lower", "command"]


@dataclass(frozen=True, slots=True)
class Policy:
    """What the input may ask for. ``strict`` is for multi-tenant input (HOSTILE-INPUT §4)."""

    strict: bool = False
    path_roots: tuple[str, ...] = ()  # strict: host paths must lie under one of these
    allow_host_devices: bool = False  # strict: host block devices and device assignment


@dataclass(frozen=True, slots=True)
class Pass:
    name: str  # kebab-case, unique, CLI-visible
    run: Callable[[Any, PassContext], Any]
    summary: str
    ensures: Callable[[Any], bool] | None = None
    stage: Stage = "domain"


@dataclass(slots=True)
class PassContext:
    """What a pass may read besides the IR, and where it reports diagnostics."""

    target: Target
    profile: Profile
    host: HostProfile
    policy: Policy = field(default_factory=lambda: Policy())
    check_qapi: bool = False  # --check-qapi: validate JSON options against the QAPI schema
    # --network NAME=BRIDGE: what a libvirt network driver would resolve, given by the user
    network_bridges: tuple[tuple[str, str], ...] = ()
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The final Domain IR, kept when lowering starts, for command passes that need it.
    domain: Domain | None = None

    def error(self, code: Code, span: Span, **args: object) -> None:
        self.diagnostics.append(diagnostics.make(code, span, "error", **args))

    def warning(self, code: Code, span: Span, **args: object) -> None:
        self.diagnostics.append(diagnostics.make(code, span, "warning", **args))

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


DUMP_KEYWORDS = ("all", "read")


class PassManager:
    def __init__(
        self,
        passes: Sequence[Pass],
        *,
        verify: bool = False,
        dump_after: frozenset[str] = frozenset(),
        dump: TextIO | None = None,
    ) -> None:
        names = [p.name for p in passes]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate pass names: {', '.join(dupes)}")
        unknown = sorted(dump_after - set(names) - set(DUMP_KEYWORDS))
        if unknown:
            raise ValueError(f"unknown pass names: {', '.join(unknown)}")
        self.passes = tuple(passes)
        self.verify = verify
        self.dump_after = dump_after
        self.dump = dump

    def run(self, tree: Any, ctx: PassContext) -> Any:
        self._maybe_dump("read", tree)
        for p in self.passes:
            if p.stage == "lower":
                ctx.domain = tree
            tree = p.run(tree, ctx)
            self._maybe_dump(p.name, tree)
            if ctx.has_errors():
                break
            if self.verify:
                verify.check(tree, after=p)
        return tree

    def _maybe_dump(self, name: str, tree: Any) -> None:
        if name in self.dump_after or ("all" in self.dump_after):
            out = self.dump if self.dump is not None else sys.stderr
            out.write(f"=== IR after {name} ===\n")
            out.write(ir_print(tree))
