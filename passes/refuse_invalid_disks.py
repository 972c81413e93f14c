"""Refuse disk configurations that libvirt refuses (virDomainDiskDefValidate and
qemuValidateDomainDeviceDefDisk), each at the element that carries the problem.

The rules: unique targets; device='lun' only on a block device or an iSCSI LUN, and
rawio, sgio and <reservations> only on a LUN; floppies exactly on the fdc bus;
vendor/product only on SCSI disks; a shareable writable image must be raw; the storage
formats QEMU cannot open directly ('dir', 'iso', 'cow'); QEMU encryption only for raw and
qcow2 images and without <cipher>/<ivgen> (those describe how to create an image);
authentication secrets of the protocol's type ('iscsi' for iSCSI, 'ceph' for RBD); a
backing image only below a format that has one; a USB disk only on a USB address;
network sources with the hosts and names their QEMU block driver can take; consistent
<iotune> limits; shared guest memory for a vhost-user disk.
Before: two <disk>s with <target dev='sda'>   After: E302 at the second one.
Postcondition: the Domain is unchanged; every refused disk has an error.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import Span, q
from compiler.ir.domain import Disk, Domain, IoTune, StorageSource, UsbAddress
from compiler.ir.query import is_decimal, shared_memory
from compiler.passmanager import Pass, PassContext

# Formats libvirt knows but QEMU cannot open as a disk image, with the advice libvirt gives.
_UNUSABLE_FORMATS = {
    "dir": "'directory' storage format is not directly supported by QEMU, "
    "use 'dir' disk type instead",
    "iso": "storage format 'iso' is not directly supported by QEMU, use 'raw' instead",
    "cow": "storage format 'cow' is not supported by QEMU",
}
_ENCRYPTABLE_FORMATS = frozenset({"raw", "qcow2"})
_BACKING_FORMATS = frozenset({"cow", "qcow", "qcow2", "qed", "vmdk"})
_AUTH_SECRET_TYPES = {"iscsi": "iscsi", "rbd": "ceph"}
_ONE_HOST = frozenset({"nbd", "iscsi", "http", "https", "ftp", "ftps", "tftp", "nfs"})
_LOWERED_PROTOCOLS = _ONE_HOST | {"gluster", "rbd"}


def refuse_invalid_disks(dom: Domain, ctx: PassContext) -> Domain:
    targets: dict[str, Disk] = {}
    for disk in dom.disks:
        first = targets.setdefault(disk.target, disk)
        if first is not disk:
            ctx.error(
                codes.E302_DUPLICATE_TARGET, disk.target_span or disk.span, value=q(disk.target)
            )
        for span, detail in _problems(disk):
            ctx.error(codes.E104_INVALID_CONFIG, span, detail=detail)
        if disk.source.type == "vhostuser" and not shared_memory(dom):
            detail = "a vhostuser disk needs shared guest memory (<access mode='shared'/>)"
            ctx.error(codes.E104_INVALID_CONFIG, disk.span, detail=detail)
        addr = disk.info.address
        if disk.bus == "usb" and addr is not None and not isinstance(addr, UsbAddress):
            kind = type(addr).__name__.removesuffix("Address").lower()
            detail = f"USB disk {q(disk.target)} needs a USB address, not a {kind} address"
            ctx.error(codes.E304_BAD_ADDRESS, disk.span, detail=detail)
    return dom


def _problems(disk: Disk) -> list[tuple[Span, str]]:
    found: list[tuple[Span, str]] = []
    src = disk.source
    if disk.device == "lun" and not _lun_capable(src):
        found.append((disk.span, "disk device='lun' is only valid for block type disk source"))
    if disk.device != "lun":
        for what, present in (
            ("rawio", disk.rawio is not None),
            ("sgio", disk.sgio is not None),
            ("<reservations>", src.reservations is not None),
        ):
            if present:
                found.append((disk.span, f"{what} can be used only with device='lun'"))
    if (disk.device == "floppy") != (disk.bus == "fdc"):
        what = "floppy disk" if disk.device == "floppy" else f"{disk.device} device"
        found.append((disk.span, f"invalid bus type {q(disk.bus or '')} for a {what}"))
    if (disk.vendor or disk.product) and disk.bus != "scsi":
        found.append((disk.span, "only SCSI disks support <vendor> and <product>"))
    if disk.shareable and not disk.readonly and src.format not in (None, "raw"):
        found.append(
            (
                disk.span,
                f"shared access for disk {q(disk.target)} requires use of a supported "
                "storage format (raw)",
            )
        )
    if disk.iotune is not None:
        found += _iotune_problems(disk.iotune)
    layer: StorageSource | None = src
    while layer is not None:
        found += _layer_problems(layer)
        layer = layer.backing
    return found


def _iotune_problems(tune: IoTune) -> list[tuple[Span, str]]:
    """A total limit and a read/write limit of one kind cannot be set together, and a burst
    length needs its burst maximum (virDomainDiskBlockIoTuneValidate)."""
    values = dict(tune.values)
    found: list[tuple[Span, str]] = []
    for kind in ("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max"):
        if values.get(f"total_{kind}") and (
            values.get(f"read_{kind}") or values.get(f"write_{kind}")
        ):
            found.append((tune.span, f"total and read/write {kind} cannot be set at the same time"))
    for name, value in values.items():
        if name.endswith("_max_length") and value and not values.get(name.removesuffix("_length")):
            found.append((tune.span, f"{name} requires {name.removesuffix('_length')} to be set"))
    return found


def _lun_capable(src: StorageSource) -> bool:
    if src.type == "block":
        return True
    if src.type == "network":
        return src.protocol == "iscsi"
    return src.type == "volume" and src.pool is not None and src.pool.mode == "direct"


def _layer_problems(src: StorageSource) -> list[tuple[Span, str]]:
    found: list[tuple[Span, str]] = []
    fmt = src.format or ""
    if fmt in _UNUSABLE_FORMATS:
        found.append((src.span, _UNUSABLE_FORMATS[fmt]))
    if src.backing is not None and fmt and fmt not in _BACKING_FORMATS:
        found.append((src.span, f"storage format {q(fmt)} does not support backing store"))
    if src.type == "network" and src.protocol is not None:
        found += _network_problems(src)
    if src.type == "nvme" and src.nvme_namespace is None:
        found.append((src.span, "an nvme <source> needs a namespace"))
    enc = src.encryption
    if enc is not None:
        if enc.has_cipher:
            found.append(
                (enc.span, "supplying <cipher> for a domain disk definition is unnecessary")
            )
        if enc.engine == "qemu" and fmt not in _ENCRYPTABLE_FORMATS:
            found.append(
                (enc.span, "encryption is supported only with 'raw' and 'qcow2' image format")
            )
    auth = src.auth
    wanted = _AUTH_SECRET_TYPES.get(src.protocol or "")
    if auth is not None and wanted is not None:
        actual = auth.secret.type
        if actual is None:
            found.append((auth.secret.span, "the <secret> of <auth> needs a type"))
        elif actual != wanted:
            found.append(
                (
                    auth.secret.span,
                    f"invalid secret type {q(actual)}, {src.protocol} needs {q(wanted)}",
                )
            )
    return found


def _network_problems(src: StorageSource) -> list[tuple[Span, str]]:
    """Host counts and addresses the QEMU block driver of the protocol can take."""
    protocol = src.protocol or ""
    if protocol not in _LOWERED_PROTOCOLS:
        return [(src.span, f"network disk protocol {q(protocol)} is not supported by QEMU")]
    found: list[tuple[Span, str]] = []
    count = len(src.hosts)
    if protocol in _ONE_HOST and count != 1:
        found.append((src.span, f"protocol {q(protocol)} accepts only one host"))
    if protocol == "gluster" and count == 0:
        found.append((src.span, "protocol 'gluster' needs at least one host"))
    for host in src.hosts:
        if host.transport == "unix" and not host.socket:
            found.append((src.span, "a unix transport <host> needs a socket"))
        elif host.transport == "tcp" and not host.name:
            found.append((src.span, "a tcp transport <host> needs a name"))
        elif host.transport == "rdma" or (host.transport == "unix" and protocol == "rbd"):
            found.append(
                (src.span, f"transport {q(host.transport)} is not supported for {protocol}")
            )
    if protocol == "iscsi":
        _target, sep, lun = (src.path or "").partition("/")
        if not src.path or (sep and not is_decimal(lun)):
            found.append((src.span, f"iSCSI source {q(src.path or '')} is not 'target[/lun]'"))
    if protocol in ("rbd", "gluster", "nfs") and not src.path:
        found.append((src.span, f"a {protocol} <source> needs a name"))
    return found


PASS = Pass(
    name="refuse-invalid-disks",
    run=refuse_invalid_disks,
    summary="Refuse disk configurations libvirt refuses",
)
