"""Give a read-only pflash firmware its per-domain UEFI variable store.

A read-only pflash loader (OVMF code) needs a writable second flash for its variables.
libvirt (qemuDomainNVRAMPathGenerate) names it '<nvram dir>/<domain name>_VARS.fd' when
the XML gives none (or gives only the template to copy it from); a stateless loader
keeps no variables. The directory is the profile's, like libvirt's nvramDir.
Before: <loader readonly='yes' type='pflash'>OVMF_CODE.fd</loader>, no <nvram> path.
After:  nvram source '/var/lib/libvirt/qemu/nvram/guest_VARS.fd' (libvirt-test profile).
Postcondition: a read-only, stateful pflash loader has an NVRAM source.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.ir.domain import Domain, Nvram, StorageSource
from compiler.ir.query import hosts_with_default_ports
from compiler.passmanager import Pass, PassContext


def _needs_nvram(dom: Domain) -> bool:
    loader = dom.os.loader
    return (
        loader is not None
        and loader.type == "pflash"
        and loader.readonly is True
        and loader.stateless is not True
    )


def fill_nvram_path(dom: Domain, ctx: PassContext) -> Domain:
    if not _needs_nvram(dom):
        return dom
    nvram = dom.os.nvram
    if nvram is not None and nvram.source is not None:
        src = nvram.source
        if src.type == "network":  # a network store's hosts get their default ports too
            src = replace(src, hosts=hosts_with_default_ports(src))
            return replace(dom, os=replace(dom.os, nvram=replace(nvram, source=src)))
        return dom
    span = nvram.span if nvram is not None else dom.os.span
    path = f"{ctx.profile.nvram_dir}/{dom.name}_VARS.fd"
    source = StorageSource(span=span, type="file", path=path, format="raw")
    template = nvram.template if nvram is not None else None
    return replace(
        dom, os=replace(dom.os, nvram=Nvram(span=span, source=source, template=template))
    )


PASS = Pass(
    name="fill-nvram-path",
    run=fill_nvram_path,
    summary="Name the UEFI variable store of a read-only pflash firmware",
    ensures=lambda d: (
        not _needs_nvram(d) or (d.os.nvram is not None and d.os.nvram.source is not None)
    ),
)
