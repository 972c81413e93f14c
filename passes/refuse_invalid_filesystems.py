"""Refuse the <filesystem> configurations libvirt refuses (qemuValidateDomainDeviceDefFS).

virtiofs shares guest memory with the virtiofsd daemon, so the guest RAM must be shared:
<memoryBacking><access mode='shared'/>, or every NUMA cell with memAccess='shared' (a
cell without memAccess inherits the domain's mode). virtiofs cannot export read-only yet.
Before: <filesystem><driver type='virtiofs'/>...</filesystem>, private memory.
After:  E104 "'virtiofs' requires shared memory".
Postcondition: every virtiofs filesystem is writable and its guest memory is shared.
"""

from __future__ import annotations

from compiler import codes
from compiler.ir.domain import Domain
from compiler.ir.query import shared_memory
from compiler.passmanager import Pass, PassContext


def refuse_invalid_filesystems(dom: Domain, ctx: PassContext) -> Domain:
    for fs in dom.filesystems:
        if fs.driver != "virtiofs":
            continue
        if fs.readonly:
            ctx.error(
                codes.E104_INVALID_CONFIG,
                fs.span,
                detail="virtiofs does not yet support read-only mode",
            )
        elif not shared_memory(dom):
            ctx.error(
                codes.E104_INVALID_CONFIG, fs.span, detail="'virtiofs' requires shared memory"
            )
    return dom


PASS = Pass(
    name="refuse-invalid-filesystems",
    run=refuse_invalid_filesystems,
    summary="Refuse read-only virtiofs and virtiofs without shared memory",
)
