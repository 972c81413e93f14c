"""Lower <disk>s (libvirt's qemuBuildDisksCommandLine).

First the floppy controller's boot indexes, then per disk: the objects its layers need
(pr-manager, secrets), the -blockdev chain from the deepest backing image up (storage,
optional slice, format), an optional copy-on-read layer, then the -device. The device's
key order follows qemuBuildDiskDeviceProps: driver and bus knobs, address, then
device_id, share-rw, drive, chardev, id, bootindex, ... serial, werror, rerror.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Obj
from compiler.ir.domain import Disk, Domain, DriveAddress, StorageSource
from compiler.ir.query import disk_index, find_controller, is_q35
from compiler.lower import blockdev
from compiler.lower.address import address_props
from compiler.lower.blockdev import CACHE_MODES, node_name
from compiler.lower.builder import Builder, merge, props
from compiler.lower.secrets import secret_object
from compiler.lower.virtio import virtio_head

# The pr-helper socket of libvirt's managed persistent-reservation manager.
MANAGED_PR_ALIAS = "pr-helper0"
# NBD client certificates: libvirt's default directory (a daemon configures its own).
NBD_TLS_DIR = "/etc/pki/qemu"


def is_empty(src: StorageSource) -> bool:
    """A drive without media (virStorageSourceIsEmpty): a cdrom or floppy with no source."""
    if src.type == "network":
        return src.protocol is None
    if src.type == "volume":
        return src.pool is None
    return src.type in ("file", "block", "dir") and src.path is None


def boot_indexes(dom: Domain) -> dict[int, int]:
    """Disk position → effective boot index (qemuProcessPrepareDeviceBootorder).

    <boot order> on devices wins; otherwise each <os><boot dev> entry goes to the first
    disk of its kind ('hd' covers disks and LUNs), at its position in the list.
    """
    result: dict[int, int] = {}
    if any(d.info.boot_order for d in dom.disks) or not dom.os.boot.devices:
        for i, disk in enumerate(dom.disks):
            if disk.info.boot_order:
                result[i] = disk.info.boot_order
        return result
    kinds = {"hd": ("disk", "lun"), "cdrom": ("cdrom",), "fd": ("floppy",)}
    for position, dev in enumerate(dom.os.boot.devices, start=1):
        wanted = kinds.get(dev, ())
        for i, disk in enumerate(dom.disks):
            if disk.device in wanted:
                result.setdefault(i, position)
                break
    return result


def lower_managed_pr(b: Builder) -> None:
    """The one managed pr-manager-helper object, early on the command line."""
    if not any(d.source.reservations and d.source.reservations.managed for d in b.dom.disks):
        return
    path = f"{b.ctx.profile.state_dir(b.dom.name)}/{MANAGED_PR_ALIAS}.sock"
    b.json(
        "-object",
        props(("qom-type", "pr-manager-helper"), ("id", MANAGED_PR_ALIAS), ("path", path)),
    )


def lower_disks(b: Builder) -> None:
    dom = b.dom
    boots = boot_indexes(dom)
    _floppy_controller(b, boots)
    for i, disk in enumerate(dom.disks):
        if disk.transient and disk.transient_share_backing:
            continue  # libvirt hotplugs these after start, over a shared backing image
        _lower_disk(b, disk, boots.get(i))


def _floppy_controller(b: Builder, boots: dict[int, int]) -> None:
    """Floppy boot indexes live on the controller (qemuBuildFloppyCommandLineControllerOptions).

    q35 has no built-in floppy controller, so there it is an explicit isa-fdc -device.
    """
    index = {0: 0, 1: 0}
    found = False
    for i, disk in enumerate(b.dom.disks):
        if disk.bus == "fdc" and isinstance(disk.info.address, DriveAddress):
            found = True
            index[1 if disk.info.address.unit else 0] = boots.get(i, 0)
    if not found:
        return
    if is_q35(b.dom):
        b.device(
            props(
                ("driver", "isa-fdc"),
                ("bootindexA", index[0] or None),
                ("bootindexB", index[1] or None),
            )
        )
        return
    for unit, letter in ((0, "A"), (1, "B")):
        if index[unit]:
            b.kv("-global", None, (f"isa-fdc.bootindex{letter}", str(index[unit])))


def _layers(disk: Disk) -> list[StorageSource]:
    layers: list[StorageSource] = []
    src: StorageSource | None = disk.source
    while src is not None and not is_empty(src):
        layers.append(src)
        src = src.backing
    return layers


def _lower_disk(b: Builder, disk: Disk, bootindex: int | None) -> None:
    if disk.source.type == "vhostuser":
        _vhost_user_chardev(b, disk)
        device = _device_props(b, disk, None, bootindex)
        if device is not None:
            b.device(device, disk.span)
        return
    if disk.bus == "sd":
        _sd_drive(b, disk)
        return
    layers = _layers(disk)
    for layer in layers:
        for i, fd in enumerate(layer.fds if layer.fdset is not None else ()):
            opaque = f"{node_name(layer, 'storage')}{i}"
            b.kv("-add-fd", None, ("set", str(layer.fdset)), ("fd", str(fd)), ("opaque", opaque))
    for depth in range(len(layers) - 1, -1, -1):
        layer = layers[depth]
        below = layers[depth + 1] if depth + 1 < len(layers) else None
        _layer_objects(b, disk, layer)
        pr_alias = blockdev.pr_manager_alias(disk) if depth == 0 else None
        storage = blockdev.storage_props(disk, layer, pr_alias, top=depth == 0)
        b.json("-blockdev", storage, layer.span)
        if blockdev.needs_slice_node(layer):
            b.json("-blockdev", blockdev.slice_props(disk, layer), layer.span)
        b.json("-blockdev", blockdev.format_props(disk, layer, below, top=depth == 0), layer.span)
    drive = node_name(layers[0], "format") if layers else None
    if layers and disk.driver.copy_on_read:
        drive = f"libvirt-CoR-{disk.target}"
        cor = props(
            ("driver", "copy-on-read"),
            ("node-name", drive),
            ("file", node_name(layers[0], "format")),
            ("discard", "unmap"),
        )
        b.json("-blockdev", cor, disk.span)
    device = _device_props(b, disk, drive, bootindex)
    if device is not None:
        b.device(device, disk.span)


def vhost_user_chardev_id(disk: Disk) -> str:
    return f"chr-vu-{disk.info.alias}"


def _vhost_user_chardev(b: Builder, disk: Disk) -> None:
    """A vhost-user disk is served by another process over a unix socket."""
    src = disk.source
    reconnect = None if src.reconnect_timeout is None else str(src.reconnect_timeout)
    b.kv(
        "-chardev",
        "socket",
        ("id", vhost_user_chardev_id(disk)),
        ("path", src.path),
        *((("reconnect", reconnect),) if reconnect else ()),
        span=src.span,
    )


def _sd_drive(b: Builder, disk: Disk) -> None:
    """An SD card: QEMU has no -device for it, only the legacy -drive (qemuBuildDriveStr)."""
    src = disk.source
    if src.type not in ("file", "block") or src.backing is not None:
        b.ctx.error(
            codes.E101_NOT_SUPPORTED, disk.span, what="an SD card that is not a plain image"
        )
        return
    items: list[tuple[str, str | None]] = []
    if src.path is not None:
        items += [("file", src.path), ("format", src.format or "raw")]
    items += [("if", "sd"), ("index", str(disk_index(disk.target)))]
    if disk.readonly:
        items.append(("readonly", "on"))
    if src.path is not None:
        driver = disk.driver
        items += [
            (key, value)
            for key, value in (
                ("cache", driver.cache),
                ("discard", driver.discard),
                ("aio", driver.io),
            )
            if value not in (None, "default")
        ]
    b.kv("-drive", None, *items, span=disk.span)


def _layer_objects(b: Builder, disk: Disk, src: StorageSource) -> None:
    """The objects a layer's nodes refer to, in libvirt's order: pr-manager, auth secret,
    encryption secrets, cookie secret."""
    res = src.reservations
    if res is not None and not res.managed and src is disk.source:
        alias = blockdev.pr_manager_alias(disk)
        b.json(
            "-object",
            props(("qom-type", "pr-manager-helper"), ("id", alias), ("path", res.path)),
            res.span,
        )
    if src.auth is not None:
        alias = blockdev.auth_secret_alias(src)
        b.json("-object", secret_object(b, alias, src.auth.secret), src.auth.span)
    enc = src.encryption
    if enc is not None:
        for i, ref in enumerate(enc.secrets):
            alias = blockdev.encryption_secret_alias(src, i)
            b.json("-object", secret_object(b, alias, ref), enc.span)
    if src.cookies:
        value = "; ".join(f"{c.name}={c.value}" for c in src.cookies)
        b.json(
            "-object", secret_object(b, blockdev.cookie_secret_alias(src), None, value), src.span
        )
    if src.tls and src.protocol == "nbd":
        _nbd_tls_objects(b, src)


def _nbd_tls_objects(b: Builder, src: StorageSource) -> None:
    """The x509 credentials of a TLS NBD client, and the secret of their private key when
    the driver configuration has one (qemuDomainPrepareStorageSourceTLS)."""
    alias = blockdev.tls_alias(src)
    managed = b.ctx.profile.master_key
    key_secret = f"{alias}-secret0" if managed else None
    if key_secret is not None:
        b.json("-object", secret_object(b, key_secret, None), src.span)
    tls = props(
        ("qom-type", "tls-creds-x509"),
        ("id", alias),
        ("dir", b.ctx.profile.daemon.nbd_tls_dir if b.ctx.profile.daemon else NBD_TLS_DIR),
        ("endpoint", "client"),
        ("verify-peer", True),
        ("passwordid", key_secret),
    )
    b.json("-object", tls, src.span)


# --- the -device ---------------------------------------------------------------------------


def _device_props(b: Builder, disk: Disk, drive: str | None, bootindex: int | None) -> Obj | None:
    dom = b.dom
    bus = disk.bus
    addr = disk.info.address
    device_id = None
    removable = None
    if bus in ("ide", "sata"):
        assert isinstance(addr, DriveAddress)
        head = props(("driver", "ide-cd" if disk.device == "cdrom" else "ide-hd"))
        if bus == "ide":
            where = props(("bus", f"ide.{addr.bus}"), ("unit", addr.unit))
        else:
            where = props(("bus", f"{_controller_alias(dom, 'sata', addr.controller)}.{addr.unit}"))
    elif bus == "scsi":
        assert isinstance(addr, DriveAddress)
        if disk.device == "lun":
            driver = "scsi-block"
        else:
            driver = "scsi-cd" if disk.device == "cdrom" else "scsi-hd"
            device_id = disk.serial or f"drive-{disk.info.alias}"
        head = props(("driver", driver))
        where = _scsi_address(dom, addr)
    elif bus == "virtio":
        vhost_user = disk.source.type == "vhostuser"
        base = "vhost-user-blk" if vhost_user else "virtio-blk"
        head = merge(
            virtio_head(b, base, model=disk.model, options=disk.virtio),
            props(
                ("iothread", f"iothread{disk.driver.iothread}" if disk.driver.iothread else None),
                ("ioeventfd", disk.driver.ioeventfd),
                ("event_idx", disk.driver.event_idx),
                ("scsi", True if disk.device == "lun" else None),
                ("num-queues", disk.driver.queues),
                ("queue-size", disk.driver.queue_size),
            ),
        )
        where = merge(address_props(dom, disk.info), props(("acpi-index", disk.acpi_index)))
    elif bus == "fdc":
        assert isinstance(addr, DriveAddress)
        head = props(("driver", "floppy"))
        where = props(("unit", addr.unit))
        bootindex = None  # floppies boot through the controller's bootindexA/B
    elif bus == "usb":
        head = props(("driver", "usb-storage"))
        where = address_props(dom, disk.info)
        removable = disk.removable if disk.removable is not None else False
    else:
        b.ctx.error(codes.E101_NOT_SUPPORTED, disk.span, what=f"disk bus {q(bus)}")
        return None
    chardev = vhost_user_chardev_id(disk) if disk.source.type == "vhostuser" else None
    return merge(head, where, _device_tail(disk, device_id, drive, chardev, bootindex, removable))


def _device_tail(
    disk: Disk,
    device_id: str | None,
    drive: str | None,
    chardev: str | None,
    bootindex: int | None,
    removable: bool | None,
) -> Obj:
    write_cache = None
    if disk.device != "lun" and disk.driver.cache not in (None, "default"):
        write_cache = "on" if CACHE_MODES[disk.driver.cache][0] else "off"
    serial = disk.serial.replace(" ", "\\ ") if disk.serial else None
    werror, rerror = _error_policy(disk)
    return props(
        ("device_id", device_id),
        ("share-rw", True if disk.shareable else None),
        ("drive", drive),
        ("chardev", chardev),
        ("id", disk.info.alias),
        ("bootindex", bootindex or None),
        ("logical_block_size", disk.logical_block_size or None),
        ("physical_block_size", disk.physical_block_size or None),
        ("wwn", int(disk.wwn, 16) if disk.wwn else None),
        ("rotation_rate", disk.rotation_rate),
        ("vendor", disk.vendor),
        ("product", disk.product),
        ("removable", removable),
        ("write-cache", write_cache),
        ("cyls", disk.cylinders or None),
        ("heads", disk.heads or None),
        ("secs", disk.sectors or None),
        ("bios-chs-trans", None if disk.bios_translation == "default" else disk.bios_translation),
        ("serial", serial),
        ("werror", werror),
        ("rerror", rerror),
    )


def _scsi_address(dom: Domain, addr: DriveAddress) -> Obj:
    ctrl = find_controller(dom, "scsi", addr.controller)
    alias = _controller_alias(dom, "scsi", addr.controller)
    if ctrl is not None and ctrl.model == "lsilogic":
        return props(("bus", f"{alias}.{addr.bus}"), ("scsi-id", addr.unit))
    return props(
        ("bus", f"{alias}.0"), ("channel", addr.bus), ("scsi-id", addr.target), ("lun", addr.unit)
    )


def _error_policy(disk: Disk) -> tuple[str | None, str | None]:
    """werror/rerror (qemuBuildDiskGetErrorPolicy): 'enospace' is QEMU's 'enospc', and
    is a write-only policy; any other write policy is also the read policy by default."""
    policy = disk.driver.error_policy
    rpolicy = disk.driver.rerror_policy
    if policy == "enospace":
        return "enospc", rpolicy
    if rpolicy is None:
        rpolicy = policy
    return policy, rpolicy


def _controller_alias(dom: Domain, ctype: str, index: int) -> str:
    ctrl = find_controller(dom, ctype, index)
    if ctrl is not None and ctrl.info.alias:
        return ctrl.info.alias
    return f"{ctype}{index}"
