"""Apply libvirt's console compatibility rules (virDomainDefAddConsoleCompat).

Historically the first <console> of an HVM guest was the first serial port. libvirt keeps
that meaning: a first console with a serial target becomes serial port 0 when the domain
has no <serial> (and leaves a stub console behind), or stays a mere alias of serial 0.
A domain whose first serial port is an ISA one and whose first console is not a serial
console gets a stub serial console inserted first, so later consoles are numbered from 1.
Consoles with a serial target are never on the command line: they name serial 0, and
carry no device info of their own.
Before: <console type='pty'/> and no <serial>.
After:  serials = (pty isa-serial port 0,), consoles = (stub serial console,)
Postcondition: only the first console may have a serial target, and then serial 0 exists.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.ir.chardev import Chardev, ChardevSource
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext

# The fields virDomainChrSourceDefIsEqual compares: the backend's identity, not its options.
_IDENTITY = ("type", "path", "listen", "host", "service", "bind_host", "bind_service", "channel")


def fill_console_compat(dom: Domain, ctx: PassContext) -> Domain:
    consoles = dom.consoles
    if consoles and consoles[0].target_type == "serial":
        for extra in consoles[1:]:
            if extra.target_type == "serial":
                ctx.error(
                    codes.E104_INVALID_CONFIG,
                    extra.span,
                    detail="only the first <console> can be a serial port",
                )
                return dom
        first = consoles[0]
        if not dom.serials:
            serial = replace(
                first, kind="serial", target_type="isa-serial", target_model="isa-serial", port=0
            )
            return replace(dom, serials=(serial,), consoles=(_stub(first), *consoles[1:]))
        kept = first if same_backend(dom.serials[0].source, first.source) else _stub(first)
        return replace(dom, consoles=(replace(kept, info=None), *consoles[1:]))
    if dom.serials and dom.serials[0].target_type == "isa-serial":
        return replace(dom, consoles=(_stub(dom.serials[0]), *consoles))
    return dom


def same_backend(a: ChardevSource, b: ChardevSource) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in _IDENTITY)


def _stub(origin: Chardev) -> Chardev:
    """A console that only stands for serial 0 (libvirt's freshly allocated console)."""
    return Chardev(
        span=origin.span,
        kind="console",
        source=ChardevSource(span=origin.span, type="null"),
        target_type="serial",
        port=0,
        info=None,
    )


def _ok(dom: Domain) -> bool:
    serial_consoles = [i for i, c in enumerate(dom.consoles) if c.target_type == "serial"]
    stubs_only = all(dom.consoles[i].info is None for i in serial_consoles)
    return (
        serial_consoles in ([], [0]) and stubs_only and (not serial_consoles or bool(dom.serials))
    )


PASS = Pass(
    name="fill-console-compat",
    run=fill_console_compat,
    summary="Make the first serial <console> an alias of serial port 0 (libvirt compat)",
    ensures=_ok,
)
