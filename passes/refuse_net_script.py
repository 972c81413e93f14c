"""Refuse <script> and <downscript> on every interface type.

QEMU would run the script itself when it opens the tap, and the script needs
CAP_NET_ADMIN, which a confined, capability-less QEMU does not have. The supported
alternative is a tap created beforehand and handed over unmanaged
(<target dev='tap0' managed='no'/>), which the standalone profile emits with
script=no,downscript=no.
Before: <interface type='ethernet'><script path='/etc/qemu-ifup'/></interface>
After:  E205 at <interface>; Domain unchanged.
Postcondition: no interface carries a script or downscript.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain
from compiler.passmanager import Pass, PassContext


def refuse_net_script(dom: Domain, ctx: PassContext) -> Domain:
    for net in dom.nets:
        for tag, path in (("script", net.script), ("downscript", net.downscript)):
            if path is not None:
                ctx.error(codes.E205_NET_SCRIPT, net.span, tag=f"{tag} path={q(path)}")
    return dom


PASS = Pass(
    name="refuse-net-script",
    run=refuse_net_script,
    summary="Refuse interface scripts (they need CAP_NET_ADMIN)",
    ensures=lambda d: all(n.script is None and n.downscript is None for n in d.nets),
)
