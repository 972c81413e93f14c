"""Lower <tpm>: the -tpmdev backend (with its chardev or fds), then the TPM device.

Mirrors libvirt's qemuBuildTPMsCommandLine. An emulator (swtpm) or external backend is a
unix socket chardev ``chrtpm``; a passthrough backend gets the host TPM and its cancel
file as pre-opened fds in fd sets under libvirt, or as plain paths when standalone.
"""

from __future__ import annotations

import posixpath

from compiler import codes
from compiler.ir.command import KeyValue, Option
from compiler.ir.devices import Tpm
from compiler.lower.builder import Builder, props


def lower_tpms(b: Builder) -> None:
    for tpm in b.dom.tpms:
        alias = tpm.info.alias or ""
        tpmdev = f"tpm-{alias}"
        if tpm.model in ("tpm-spapr", "spapr-tpm-proxy") and not _ppc64(b):
            detail = f"TPM model '{tpm.model}' is only available for PPC64 guests"
            b.ctx.error(codes.E104_INVALID_CONFIG, tpm.span, detail=detail)
            continue
        if tpm.model == "spapr-tpm-proxy":
            obj = props(("driver", tpm.model), ("id", alias), ("host-path", tpm.device_path))
            b.device(obj, tpm.span)
            continue
        if tpm.backend == "passthrough":
            _passthrough(b, tpm, tpmdev)
        else:
            path = tpm.socket_path or _swtpm_socket(b, alias)
            b.kv("-chardev", "socket", ("id", "chrtpm"), ("path", path), span=tpm.span)
            b.kv("-tpmdev", "emulator", ("id", tpmdev), ("chardev", "chrtpm"), span=tpm.span)
        b.device(props(("driver", tpm.model), ("tpmdev", tpmdev), ("id", alias)), tpm.span)


def _ppc64(b: Builder) -> bool:
    return (b.dom.os.arch or b.ctx.target.arch).startswith("ppc64")


def _swtpm_socket(b: Builder, alias: str) -> str:
    if b.ctx.profile.daemon is not None:
        return b.ctx.profile.daemon.swtpm_socket
    return f"{b.ctx.profile.state_dir(b.dom.name)}/{alias}-swtpm.sock"


def _passthrough(b: Builder, tpm: Tpm, tpmdev: str) -> None:
    device = tpm.device_path or "/dev/tpm0"
    cancel = f"/sys/class/tpm/{posixpath.basename(device)}/device/cancel"
    daemon = b.ctx.profile.daemon
    if daemon is not None:
        first = _next_fdset(b)
        alias = tpm.info.alias or ""
        for offset, (fd, what) in enumerate(zip(daemon.tpm_fds, ("tpm", "cancel"), strict=True)):
            b.kv(
                "-add-fd",
                None,
                ("set", str(first + offset)),
                ("fd", str(fd)),
                ("opaque", f"{alias}-{what}"),
                span=tpm.span,
            )
        device, cancel = f"/dev/fdset/{first}", f"/dev/fdset/{first + 1}"
    b.kv(
        "-tpmdev",
        "passthrough",
        ("id", tpmdev),
        ("path", device),
        ("cancel-path", cancel),
        span=tpm.span,
    )


def _next_fdset(b: Builder) -> int:
    """fd sets are numbered in order of use across the whole command line, from 0."""
    used = [
        int(value)
        for item in b.items
        if isinstance(item, Option) and item.flag == "-add-fd" and isinstance(item.value, KeyValue)
        for key, value in item.value.items
        if key == "set" and value is not None
    ]
    return max(used, default=-1) + 1
