"""Lower <disk>s: per disk the -blockdev chain (deepest backing first), then the -device.

Node names come from assign-node-names ('libvirt-<n>-storage' / '-format'); the device's
key order follows libvirt's qemuBuildDiskDeviceProps: driver, bus-specific knobs, address,
then device_id, share-rw, drive, id, bootindex, ... serial, werror, rerror.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Obj
from compiler.ir.domain import Disk, Domain, DriveAddress, StorageSource
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props

# cache mode → (write-cache on the device, cache.direct, cache.no-flush)
CACHE_MODES: dict[str, tuple[bool, bool, bool]] = {
    "none": (True, True, False),
    "writeback": (True, False, False),
    "writethrough": (False, False, False),
    "directsync": (False, True, False),
    "unsafe": (True, False, True),
}


def is_empty(src: StorageSource) -> bool:
    """A drive without media (a cdrom or floppy with no <source>)."""
    return src.type in ("file", "block", "dir") and src.path is None


def node_name(src: StorageSource, layer: str) -> str:
    return f"libvirt-{src.node_id}-{layer}"


def boot_indexes(dom: Domain) -> dict[int, int]:
    """Disk position → effective boot index: <boot order>, else the <os><boot dev> list."""
    result: dict[int, int] = {}
    if any(d.info.boot_order for d in dom.disks) or not dom.os.boot.devices:
        for i, disk in enumerate(dom.disks):
            if disk.info.boot_order:
                result[i] = disk.info.boot_order
        return result
    wanted = {"hd": "disk", "cdrom": "cdrom", "fd": "floppy"}
    for position, dev in enumerate(dom.os.boot.devices, start=1):
        kind = wanted.get(dev)
        for i, disk in enumerate(dom.disks):
            if disk.device == kind:
                result.setdefault(i, position)
                break
    return result


def lower_disks(b: Builder) -> None:
    dom = b.dom
    boots = boot_indexes(dom)
    floppy_boot = {0: 0, 1: 0}
    for i, disk in enumerate(dom.disks):
        if disk.bus == "fdc" and isinstance(disk.info.address, DriveAddress):
            floppy_boot[disk.info.address.unit] = boots.get(i, 0)
    if floppy_boot[0]:
        b.kv("-global", None, ("isa-fdc.bootindexA", str(floppy_boot[0])))
    if floppy_boot[1]:
        b.kv("-global", None, ("isa-fdc.bootindexB", str(floppy_boot[1])))
    for i, disk in enumerate(dom.disks):
        _lower_disk(b, disk, boots.get(i))


def _lower_disk(b: Builder, disk: Disk, bootindex: int | None) -> None:
    layers: list[StorageSource] = []
    src: StorageSource | None = disk.source
    while src is not None and not is_empty(src):
        layers.append(src)
        src = src.backing
    for depth in range(len(layers) - 1, -1, -1):
        layer = layers[depth]
        below = layers[depth + 1] if depth + 1 < len(layers) else None
        storage = _storage_props(b, disk, layer)
        if storage is None:
            return
        b.json("-blockdev", storage, layer.span)
        b.json("-blockdev", _format_props(disk, layer, below, top=depth == 0), layer.span)
    device = _device_props(b, disk, layers[0] if layers else None, bootindex)
    if device is not None:
        b.device(device, disk.span)


def _cache(disk: Disk) -> Obj | None:
    mode = disk.driver.cache
    if mode is None or mode == "default":
        return None
    _wc, direct, no_flush = CACHE_MODES[mode]
    return props(("direct", direct), ("no-flush", no_flush))


def _storage_props(b: Builder, disk: Disk, src: StorageSource) -> Obj | None:
    if src.type == "file":
        driver = "file"
    elif src.type == "block":
        driver = "host_cdrom" if disk.device == "cdrom" and src is disk.source else "host_device"
    else:
        b.ctx.error(codes.E101_NOT_SUPPORTED, src.span, what=f"disk source type {q(src.type)}")
        return None
    discard = "unmap"
    return props(
        ("driver", driver),
        ("filename", src.path),
        ("node-name", node_name(src, "storage")),
        ("cache", _cache(disk)),
        ("auto-read-only", True),
        ("discard", discard),
    )


def _format_props(disk: Disk, src: StorageSource, below: StorageSource | None, top: bool) -> Obj:
    read_only = (disk.readonly or disk.device == "cdrom") if top else True
    return props(
        ("node-name", node_name(src, "format")),
        ("read-only", read_only),
        ("cache", _cache(disk)),
        ("driver", src.format),
        ("file", node_name(src, "storage")),
        ("backing", None if below is None else node_name(below, "format")),
    )


def _device_props(
    b: Builder, disk: Disk, top: StorageSource | None, bootindex: int | None
) -> Obj | None:
    dom = b.dom
    bus = disk.bus
    addr = disk.info.address
    device_id = None
    removable = None
    if bus in ("ide", "sata"):
        head = props(("driver", "ide-cd" if disk.device == "cdrom" else "ide-hd"))
        assert isinstance(addr, DriveAddress)
        if bus == "ide":
            where = props(("bus", f"ide.{addr.bus}"), ("unit", addr.unit))
        else:
            ctrl_alias = _controller_alias(dom, "sata", addr.controller)
            where = props(("bus", f"{ctrl_alias}.{addr.unit}"))
    elif bus == "scsi":
        assert isinstance(addr, DriveAddress)
        if disk.device == "lun":
            driver = "scsi-block"
        else:
            driver = "scsi-cd" if disk.device == "cdrom" else "scsi-hd"
            device_id = disk.serial or f"drive-{disk.info.alias}"
        head = props(("driver", driver))
        ctrl_alias = _controller_alias(dom, "scsi", addr.controller)
        model = _controller_model(dom, "scsi", addr.controller)
        if model == "lsilogic":
            where = props(("bus", f"{ctrl_alias}.{addr.bus}"), ("scsi-id", addr.unit))
        else:
            where = props(
                ("bus", f"{ctrl_alias}.0"),
                ("channel", addr.bus),
                ("scsi-id", addr.target),
                ("lun", addr.unit),
            )
    elif bus == "virtio":
        head = props(
            ("driver", "virtio-blk-pci"),
            ("num-queues", disk.driver.queues),
            ("queue-size", disk.driver.queue_size),
        )
        where = address_props(dom, disk.info)
    elif bus == "fdc":
        assert isinstance(addr, DriveAddress)
        head = props(("driver", "floppy"))
        where = props(("unit", addr.unit))
        bootindex = None  # floppies boot through isa-fdc.bootindexA/B
    elif bus == "usb":
        head = props(("driver", "usb-storage"))
        where = address_props(dom, disk.info)
        removable = False
    else:
        b.ctx.error(codes.E101_NOT_SUPPORTED, disk.span, what=f"disk bus {q(bus)}")
        return None
    write_cache = None
    if disk.device != "lun" and disk.driver.cache not in (None, "default"):
        write_cache = "on" if CACHE_MODES[disk.driver.cache][0] else "off"
    wwn = int(disk.wwn, 16) if disk.wwn else None
    serial = disk.serial.replace(" ", "\\ ") if disk.serial else None
    werror, rerror = _error_policy(disk)
    tail = props(
        ("device_id", device_id),
        ("share-rw", True if disk.shareable else None),
        ("drive", None if top is None else node_name(top, "format")),
        ("id", disk.info.alias),
        ("bootindex", bootindex or None),
        ("wwn", wwn),
        ("vendor", disk.vendor),
        ("product", disk.product),
        ("removable", removable),
        ("write-cache", write_cache),
        ("serial", serial),
        ("werror", werror),
        ("rerror", rerror),
    )
    return merge(head, where, tail)


def _error_policy(disk: Disk) -> tuple[str | None, str | None]:
    policy = disk.driver.error_policy
    rpolicy = disk.driver.rerror_policy
    if policy == "enospace":
        policy = "enospc"
    if rpolicy is None and policy is not None and policy != "enospc":
        rpolicy = policy
    return policy, rpolicy


def _controller_alias(dom: Domain, ctype: str, index: int) -> str:
    for ctrl in dom.controllers:
        if ctrl.type == ctype and ctrl.index == index and ctrl.info.alias:
            return ctrl.info.alias
    return f"{ctype}{index}"


def _controller_model(dom: Domain, ctype: str, index: int) -> str | None:
    for ctrl in dom.controllers:
        if ctrl.type == ctype and ctrl.index == index:
            return ctrl.model
    return None
