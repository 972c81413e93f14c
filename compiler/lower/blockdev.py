"""-blockdev properties of one image layer: its storage node, slice node and format node.

Mirrors libvirt's qemu_block.c (qemuBlockStorageSourceGetBackendProps, ...FormatProps,
...StorageSliceProps): key order and optional keys follow it exactly. Disk-wide settings
(cache, aio, discard) apply to every layer of the chain, as libvirt copies them onto each
layer; detect-zeroes only to the top one.
"""

from __future__ import annotations

from compiler.ir.command import Obj
from compiler.ir.domain import Disk, NetworkHost, PciAddress, StorageSource
from compiler.lower.builder import merge, props

# cache mode → (write-cache on the device, cache.direct, cache.no-flush)
CACHE_MODES: dict[str, tuple[bool, bool, bool]] = {
    "none": (True, True, False),
    "writeback": (True, False, False),
    "writethrough": (False, False, False),
    "directsync": (False, True, False),
    "unsafe": (True, False, True),
}
# Formats that can have a backing image (libvirt's VIR_STORAGE_FILE_BACKING and above).
BACKING_FORMATS = frozenset({"cow", "qcow", "qcow2", "qed", "vmdk"})
# The host's CD-ROM device nodes: the one libvirt's test harness reports as a CD-ROM.
HOST_CDROM_PATHS = frozenset({"/dev/cdrom"})
_FORMAT_DRIVER = {"ploop": "parallels", "vhd": "vhdx", "fat": "raw"}
_CURL = frozenset({"http", "https", "ftp", "ftps", "tftp"})


def node_name(src: StorageSource, layer: str) -> str:
    """libvirt-<N>-<layer>, or libvirt-<stem>-<layer> for a layer with a fixed stem."""
    return f"libvirt-{src.node_stem or src.node_id}-{layer}"


def auth_secret_alias(src: StorageSource) -> str:
    return f"{node_name(src, 'storage')}-auth-secret0"


def cookie_secret_alias(src: StorageSource) -> str:
    return f"{node_name(src, 'storage')}-httpcookie-secret0"


def encryption_secret_alias(src: StorageSource, i: int) -> str:
    return f"{node_name(src, 'format')}-encryption-secret{i}"


def pr_manager_alias(disk: Disk) -> str | None:
    res = disk.source.reservations
    if res is None:
        return None
    return "pr-helper0" if res.managed else f"pr-helper-{node_name(disk.source, 'storage')}"


def cache_props(disk: Disk) -> Obj | None:
    mode = disk.driver.cache
    if mode is None or mode == "default":
        return None
    _wc, direct, no_flush = CACHE_MODES[mode]
    return props(("direct", direct), ("no-flush", no_flush))


def qemu_encrypted(src: StorageSource) -> bool:
    enc = src.encryption
    return enc is not None and enc.engine == "qemu"


def needs_slice_node(src: StorageSource) -> bool:
    """A raw image takes its slice in the format node; anything else needs a 'raw' layer."""
    return src.slice is not None and (src.format != "raw" or qemu_encrypted(src))


def storage_props(disk: Disk, src: StorageSource, pr_alias: str | None, top: bool) -> Obj:
    """The protocol/storage node (qemuBlockStorageSourceGetBackendProps, auto-read-only).

    An image opened from a single passed descriptor cannot reopen itself read-only, so
    it gets a fixed read-only flag instead of QEMU's auto-read-only.
    """
    single_fd = len(src.fds) == 1 and src.fdset is not None
    tail = props(
        ("node-name", node_name(src, "storage")),
        ("cache", cache_props(disk)),
        ("read-only", (disk.readonly if top else True) if single_fd else None),
        ("auto-read-only", None if single_fd else True),
        ("discard", "unmap"),
    )
    return merge(_backend(disk, src, pr_alias), tail)


def fdset_path(src: StorageSource) -> str | None:
    return None if src.fdset is None else f"/dev/fdset/{src.fdset}"


def slice_props(disk: Disk, src: StorageSource) -> Obj:
    assert src.slice is not None
    return props(
        ("driver", "raw"),
        ("node-name", node_name(src, "slice-sto")),
        ("offset", src.slice.offset),
        ("size", src.slice.size),
        ("file", node_name(src, "storage")),
        ("auto-read-only", True),
        ("discard", "unmap"),
        ("cache", cache_props(disk)),
    )


def format_props(disk: Disk, src: StorageSource, below: StorageSource | None, top: bool) -> Obj:
    """The format node (qemuBlockStorageSourceGetFormatProps)."""
    read_only = disk.readonly if top else True
    discard = _unless_default(disk.driver.discard)
    detect_zeroes = _unless_default(disk.driver.detect_zeroes) if top else None
    if detect_zeroes == "unmap" and discard != "unmap":
        detect_zeroes = "on"  # unmap only makes sense when discards are passed down
    head = props(
        ("node-name", node_name(src, "format")),
        ("read-only", read_only),
        ("discard", discard),
        ("detect-zeroes", detect_zeroes),
        ("cache", cache_props(disk)),
    )
    storage_node = node_name(src, "slice-sto" if needs_slice_node(src) else "storage")
    tail = props(("file", storage_node))
    if src.format in BACKING_FORMATS:
        if below is not None:
            tail = merge(tail, props(("backing", node_name(below, "format"))))
        elif src.backing_terminated:
            # an explicit JSON null: the chain ends here, QEMU must not probe for more
            tail = Obj((*tail.items, ("backing", None)))
    return merge(head, _format_driver(src), tail)


def _unless_default(value: str | None) -> str | None:
    return None if value == "default" else value


def _format_driver(src: StorageSource) -> Obj:
    fmt = src.format or "raw"
    if fmt in ("raw", "fat"):
        if qemu_encrypted(src) and _enc_format(src) == "luks":
            return props(("driver", "luks"), ("key-secret", encryption_secret_alias(src, 0)))
        offset_size = (
            ()
            if src.slice is None or needs_slice_node(src)
            else (
                ("offset", src.slice.offset),
                ("size", src.slice.size),
            )
        )
        return props(("driver", "raw"), *offset_size)
    if fmt in ("qcow2", "qcow"):
        encrypt = None
        if qemu_encrypted(src):
            scheme = "aes" if _enc_format(src) == "qcow" else "luks"
            encrypt = props(("format", scheme), ("key-secret", encryption_secret_alias(src, 0)))
        cache_size = src.metadata_cache_bytes if fmt == "qcow2" else None
        return props(("driver", fmt), ("encrypt", encrypt), ("cache-size", cache_size))
    return props(("driver", _FORMAT_DRIVER.get(fmt, fmt)))


def _enc_format(src: StorageSource) -> str | None:
    return None if src.encryption is None else src.encryption.format


# --- storage backends -----------------------------------------------------------------------


def _backend(disk: Disk, src: StorageSource, pr_alias: str | None) -> Obj:
    if src.type in ("file", "block"):
        if src.type == "block":
            cdrom = disk.device == "cdrom" and src.path in HOST_CDROM_PATHS
            driver = "host_cdrom" if cdrom else "host_device"
        else:
            driver = "file"
        aio = _unless_default(disk.driver.io)
        return props(
            ("driver", driver),
            ("filename", fdset_path(src) or src.path),
            ("aio", aio),
            ("pr-manager", pr_alias),
        )
    if src.type == "dir":
        return props(
            ("driver", "vvfat"),
            ("dir", src.path),
            ("floppy", disk.device == "floppy"),
            ("rw", not disk.readonly),
        )
    if src.type == "nvme":
        addr = src.nvme_address
        assert addr is not None
        return props(
            ("driver", "nvme"), ("device", _pci_string(addr)), ("namespace", src.nvme_namespace)
        )
    return network_props(src)


def _pci_string(addr: PciAddress) -> str:
    return f"{addr.domain:04x}:{addr.bus:02x}:{addr.slot:02x}.{addr.function:x}"


def network_props(src: StorageSource) -> Obj:
    """The protocol driver's options for a network layer (with no node settings)."""
    protocol = src.protocol or ""
    if protocol == "gluster":
        return props(
            ("driver", "gluster"),
            ("volume", src.volume),
            ("path", src.path),
            ("server", tuple(_socket_address(h) for h in src.hosts)),
            ("debug", GLUSTER_DEBUG_LEVEL),
        )
    if protocol == "nbd":
        return props(
            ("driver", "nbd"),
            ("server", _socket_address(src.hosts[0])),
            ("export", src.path),
            ("tls-creds", tls_alias(src) if src.tls else None),
            ("tls-hostname", src.tls_hostname if src.tls else None),
        )
    if protocol == "iscsi":
        return iscsi_props(src, auth_secret_alias(src) if src.auth else None)
    if protocol == "rbd":
        return _rbd(src)
    if protocol == "nfs":
        host = src.hosts[0]
        return props(
            ("driver", "nfs"),
            ("server", props(("host", host.name), ("type", "inet"))),
            ("path", src.path),
            ("user", src.nfs_user),
            ("group", src.nfs_group),
        )
    assert protocol in _CURL
    return props(
        ("driver", protocol),
        ("url", _uri(src)),
        ("username", src.auth.username if src.auth else None),
        ("password-secret", auth_secret_alias(src) if src.auth else None),
        ("sslverify", src.ssl_verify),
        ("cookie-secret", cookie_secret_alias(src) if src.cookies else None),
        ("timeout", src.timeout or None),
        ("readahead", src.readahead or None),
    )


# libvirt's default gluster_debug_level (qemu.conf) is 4.
GLUSTER_DEBUG_LEVEL = 4


def tls_alias(src: StorageSource) -> str:
    return f"obj{node_name(src, 'storage')}_tls0"


def _socket_address(host: NetworkHost) -> Obj:
    if host.transport == "unix":
        return props(("type", "unix"), ("path", host.socket))
    return props(("type", "inet"), ("host", host.name), ("port", str(host.port)))


def iscsi_props(src: StorageSource, secret: str | None) -> Obj:
    """An iSCSI LUN ('IQN/LUN' in the path); ``secret`` names the password's secret
    object (a disk's and a SCSI hostdev's are named differently)."""
    target, _sep, lun = (src.path or "").partition("/")
    host = src.hosts[0]
    name = host.name or ""
    portal = f"[{name}]:{host.port}" if ":" in name else f"{name}:{host.port}"
    return props(
        ("driver", "iscsi"),
        ("portal", portal),
        ("target", target),
        ("lun", int(lun) if lun else 0),
        ("transport", "tcp"),
        ("user", src.auth.username if src.auth else None),
        ("password-secret", secret),
        ("initiator-name", src.initiator_iqn),
    )


def _rbd(src: StorageSource) -> Obj:
    servers = tuple(props(("host", h.name), ("port", str(h.port))) for h in src.hosts) or None
    encrypt = None
    enc = src.encryption
    if enc is not None and enc.engine == "librbd":
        for i in range(len(enc.secrets) - 1, -1, -1):
            encrypt = props(
                ("format", enc.format),
                ("key-secret", encryption_secret_alias(src, i)),
                ("parent", encrypt),
            )
    auth = src.auth
    return props(
        ("driver", "rbd"),
        ("pool", src.volume),
        ("image", src.path),
        ("snapshot", src.snapshot),
        ("conf", src.config_file),
        ("server", servers),
        ("encrypt", encrypt),
        ("user", auth.username if auth else None),
        ("auth-client-required", ("cephx", "none") if auth else None),
        ("key-secret", auth_secret_alias(src) if auth else None),
    )


def _uri(src: StorageSource) -> str:
    host = src.hosts[0]
    name = host.name or ""
    server = f"[{name}]" if ":" in name else name
    path = src.path or ""
    if path and not path.startswith("/"):
        path = "/" + path
    query = f"?{src.query}" if src.query else ""
    return f"{src.protocol}://{server}:{host.port}{path}{query}"
