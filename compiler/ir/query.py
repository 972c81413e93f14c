"""IR queries shared by passes and lowering (functions, not methods on IR classes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from compiler.ir.domain import (
    Controller,
    DeviceInfo,
    Domain,
    DriveAddress,
    NetworkHost,
    StorageSource,
)

DISK_PREFIXES = ("hd", "sd", "vd", "xvd", "ubd", "fd")


def disk_index(target: str) -> int | None:
    """libvirt's virDiskNameToIndex: 'vda' → 0, 'hdz' → 25, 'sdaa' → 26; None if invalid."""
    for prefix in sorted(DISK_PREFIXES, key=len, reverse=True):
        if target.startswith(prefix):
            letters = target[len(prefix) :]
            break
    else:
        return None
    if not letters or not letters.isalpha() or not letters.islower() or not letters.isascii():
        return None
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - ord("a") + 1)
    return index - 1


def is_q35(dom: Domain) -> bool:
    machine = dom.os.machine or ""
    return machine == "q35" or machine.startswith("pc-q35")


def is_i440fx(dom: Domain) -> bool:
    machine = dom.os.machine or ""
    if is_q35(dom):
        return False
    return machine == "pc" or machine.startswith("pc-")


def find_controller(dom: Domain, ctype: str, index: int) -> Controller | None:
    for ctrl in dom.controllers:
        if ctrl.type == ctype and ctrl.index == index:
            return ctrl
    return None


def all_devices(dom: Domain) -> list[Any]:
    """Every device of the domain (anything with a DeviceInfo), family by family."""
    found: list[Any] = []
    for field in dataclasses.fields(dom):
        value = getattr(dom, field.name)
        items = value if isinstance(value, tuple) else (value,)
        found += [v for v in items if isinstance(getattr(v, "info", None), DeviceInfo)]
    return found


# Paths that reach the caller's terminal or standard streams (refused like type='stdio').
TERMINALS = frozenset(
    {
        "/dev/stdin",
        "/dev/stdout",
        "/dev/stderr",
        "/dev/tty",
        "/dev/console",
        "/dev/fd/0",
        "/dev/fd/1",
        "/dev/fd/2",
        "/proc/self/fd/0",
        "/proc/self/fd/1",
        "/proc/self/fd/2",
    }
)


def is_terminal(path: str) -> bool:
    import posixpath

    return posixpath.normpath(path) in TERMINALS


def prepared_fdsets(node: object) -> Iterator[int]:
    """Every fd set number already decided in an IR tree (fields named ``*fdset``)."""
    if isinstance(node, tuple):
        for item in node:
            yield from prepared_fdsets(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if field.name.endswith("fdset") and isinstance(value, int):
                yield value
            elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
                yield from prepared_fdsets(value)


def shared_memory(dom: Domain) -> bool:
    """Whether all guest RAM can be mapped by another process (a vhost-user back end):
    every NUMA cell, or else the default memory backing, has access='shared' (libvirt's
    qemuValidateDomainDefVhostUserRequireSharedMemory)."""
    default = dom.memory_backing.access if dom.memory_backing is not None else None
    cells = dom.numa.cells if dom.numa is not None else ()
    if not cells:
        return default == "shared"
    return all((cell.mem_access or default) == "shared" for cell in cells)


def is_decimal(text: str, max_digits: int = 20) -> bool:
    """ASCII digits only (str.isdigit() also takes '²' and other scripts), bounded length
    (int() refuses more than 4300 digits with an exception)."""
    return 0 < len(text) <= max_digits and text.isascii() and text.isdigit()


LSI_MAX_UNIT = 7


def lsi_address_problem(dom: Domain, addr: object, what: str) -> str | None:
    """An lsilogic HBA addresses a LUN by unit 0-7 on target 0 (libvirt refuses others, and
    its drive aliases, which leave the target out, would collide)."""
    if not isinstance(addr, DriveAddress):
        return None
    ctrl = find_controller(dom, "scsi", addr.controller)
    if ctrl is None or ctrl.model != "lsilogic":
        return None
    if addr.target != 0:
        return f"an lsilogic controller takes {what} on target 0 only"
    if addr.unit > LSI_MAX_UNIT:
        return f"an lsilogic controller takes {what} on units 0-{LSI_MAX_UNIT} only"
    return None


# Well-known ports of network storage protocols (libvirt's virStorageNetHostDef defaults).
NETWORK_DEFAULT_PORTS = {
    "http": 80,
    "https": 443,
    "ftp": 21,
    "ftps": 990,
    "tftp": 69,
    "sheepdog": 7000,
    "nbd": 10809,
    "ssh": 22,
    "iscsi": 3260,
    "gluster": 24007,
    "vxhs": 9999,
}


def hosts_with_default_ports(src: StorageSource) -> tuple[NetworkHost, ...]:
    """The source's TCP hosts, each with the protocol's well-known port when it has none."""
    return tuple(
        h
        if h.port is not None or h.transport != "tcp"
        else dataclasses.replace(h, port=NETWORK_DEFAULT_PORTS.get(src.protocol or "", 0))
        for h in src.hosts
    )
