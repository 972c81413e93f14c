"""Read one storage source (<source> plus <backingStore> chain) into StorageSource layers.

libvirt stores the rbd pool and the gluster volume in the same 'name' attribute as the
image ('pool/image'); it is split here, once, as libvirt's parser does. Security labels
only steer host-side relabelling and are consumed without effect.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import (
    Cookie,
    Encryption,
    NetworkHost,
    PciAddress,
    PoolVolume,
    Reservations,
    SecretRef,
    SourceType,
    StorageAuth,
    StorageSlice,
    StorageSource,
)
from compiler.read.common import scaled_bytes
from compiler.read.node import Node

SOURCE_TYPES = ("file", "block", "dir", "network", "volume", "nvme", "vhostuser")
_PATH_ATTR = {"file": "file", "block": "dev", "dir": "dir"}
_SPLIT_NAME = frozenset({"gluster", "rbd"})
PROTOCOLS = (
    "nbd",
    "rbd",
    "sheepdog",
    "gluster",
    "iscsi",
    "http",
    "https",
    "ftp",
    "ftps",
    "tftp",
    "ssh",
    "vxhs",
    "nfs",
)
TRANSPORTS = ("tcp", "unix", "rdma")
ENCRYPTION_FORMATS = ("default", "qcow", "luks", "luks2", "luks-any")
ENCRYPTION_ENGINES = ("default", "qemu", "librbd")
_INT_MAX = 2**31 - 1


def choice(node: Node, name: str, allowed: tuple[str, ...]) -> str | None:
    """An enumerated attribute: None when absent, refused (E102) when not in ``allowed``."""
    value = node.attr(name)
    if value is not None and value not in allowed:
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what=f"attribute {name!r} of <{node.tag}>", value=q(value)
        )
    return value


def read_source(owner: Node, kind: str, src: Node | None) -> StorageSource:
    """The layer described by ``src`` (a <source>, possibly absent) of type ``kind``."""
    if kind not in SOURCE_TYPES:
        raise owner.fail(codes.E102_UNSUPPORTED_VALUE, what="disk type", value=q(kind))
    layer = StorageSource(span=owner.span if src is None else src.span, type=cast(SourceType, kind))
    if src is None:
        return layer
    for seclabel in src.children("seclabel"):
        seclabel.consume_subtree()
    src.attr("index")  # a running domain's node number; meaningless when inactive
    layer = replace(
        layer,
        encryption=read_encryption(src.child("encryption")),
        slice=_slice(src.child("slices")),
        reservations=_reservations(src.child("reservations")),
    )
    if kind in _PATH_ATTR:
        return replace(layer, path=src.attr(_PATH_ATTR[kind]), fdgroup=src.attr("fdgroup"))
    if kind == "network":
        return _network(src, layer)
    if kind == "volume":
        return _volume(src, layer)
    if kind == "nvme":
        return _nvme(src, layer)
    return _vhostuser(src, layer)


def read_backing_chain(node: Node | None) -> tuple[StorageSource | None, bool]:
    """The layer below, from <backingStore>; True when an empty <backingStore/> ends it."""
    if node is None:
        return None, False
    kind = node.attr("type")
    if kind is None:
        return None, True
    layer = read_source(node, kind, node.child("source"))
    fmt_node = node.child("format")
    fmt = None
    cache_bytes = None
    if fmt_node is not None:
        fmt = fmt_node.req("type")
        cache_bytes = read_metadata_cache(fmt_node)
    backing, terminated = read_backing_chain(node.child("backingStore"))
    return replace(
        layer,
        format=fmt,
        metadata_cache_bytes=cache_bytes,
        backing=backing,
        backing_terminated=terminated,
        backing_index=node.int_attr("index", hex_ok=False, hi=_INT_MAX),
    ), False


def read_metadata_cache(node: Node) -> int | None:
    """<metadata_cache><max_size unit=...> in bytes (libvirt's default unit is bytes)."""
    cache = node.child("metadata_cache")
    if cache is None:
        return None
    size = cache.child("max_size")
    if size is None:
        return None
    return scaled_bytes(size, size.text() or "", size.attr("unit"), "<max_size>")


def read_auth(node: Node | None) -> StorageAuth | None:
    if node is None:
        return None
    secret = node.child("secret")
    if secret is None:
        raise node.fail(codes.E105_MISSING, what="<secret> of <auth>")
    return StorageAuth(span=node.span, username=node.req("username"), secret=_secret(secret))


def read_encryption(node: Node | None) -> Encryption | None:
    if node is None:
        return None
    cipher = [c for name in ("cipher", "ivgen") for c in node.children(name)]
    for extra in cipher:
        extra.consume_subtree()
    return Encryption(
        span=node.span,
        format=choice(node, "format", ENCRYPTION_FORMATS) or "default",
        engine=_engine(node),
        secrets=tuple(_secret(s) for s in node.children("secret")),
        has_cipher=bool(cipher),
    )


def _engine(node: Node) -> str | None:
    engine = choice(node, "engine", ENCRYPTION_ENGINES)
    return None if engine == "default" else engine


def _secret(node: Node) -> SecretRef:
    return SecretRef(
        span=node.span, type=node.attr("type"), uuid=node.attr("uuid"), usage=node.attr("usage")
    )


def _slice(node: Node | None) -> StorageSlice | None:
    if node is None:
        return None
    for piece in node.children("slice"):
        if piece.req("type") == "storage":
            return StorageSlice(
                offset=piece.int_attr("offset", hex_ok=False) or 0,
                size=piece.int_attr("size", hex_ok=False) or 0,
            )
    return None


def _network(src: Node, layer: StorageSource) -> StorageSource:
    protocol = choice(src, "protocol", PROTOCOLS)
    if protocol is None:
        raise src.fail(codes.E105_MISSING, what="attribute 'protocol' of <source>")
    name = src.attr("name")
    volume = None
    if name is not None and protocol in _SPLIT_NAME:
        head, sep, tail = name.partition("/")
        if not sep or not head:
            raise src.fail(
                codes.E104_INVALID_CONFIG,
                detail=f"can't split path {q(name)} into pool name and image name",
            )
        volume, name = head, tail
    identity = src.child("identity")
    initiator = src.child("initiator")
    iqn = None if initiator is None else initiator.child("iqn")
    return replace(
        layer,
        protocol=protocol,
        path=name,
        volume=volume,
        query=src.attr("query"),
        tls=src.yes_no("tls"),
        tls_hostname=src.attr("tlsHostname"),
        hosts=tuple(_host(h) for h in src.children("host")),
        snapshot=_child_attr(src, "snapshot", "name"),
        config_file=_child_attr(src, "config", "file"),
        auth=read_auth(src.child("auth")),
        initiator_iqn=None if iqn is None else iqn.req("name"),
        timeout=_child_int(src, "timeout", "seconds"),
        readahead=_child_int(src, "readahead", "size"),
        ssl_verify=_child_yes_no(src, "ssl", "verify"),
        cookies=_cookies(src.child("cookies")),
        nfs_user=None if identity is None else _nfs_id(identity, "user"),
        nfs_group=None if identity is None else _nfs_id(identity, "group"),
    )


def _host(node: Node) -> NetworkHost:
    return NetworkHost(
        name=node.attr("name"),
        port=node.int_attr("port", hex_ok=False, hi=65535),
        transport=choice(node, "transport", TRANSPORTS) or "tcp",
        socket=node.attr("socket"),
    )


def _cookies(node: Node | None) -> tuple[Cookie, ...]:
    if node is None:
        return ()
    return tuple(Cookie(name=c.req("name"), value=c.text() or "") for c in node.children("cookie"))


def _nfs_id(node: Node, attr: str) -> int | None:
    value = node.attr(attr)
    if value is None:
        return None
    # libvirt accepts a numeric id as '+N' as well as N; names need the host's databases.
    return node.parse_int(value.removeprefix("+"), f"attribute {attr!r} of <identity>")


def _volume(src: Node, layer: StorageSource) -> StorageSource:
    pool, volume = src.attr("pool"), src.attr("volume")
    if pool is None or volume is None:
        return layer
    return replace(
        layer,
        pool=PoolVolume(pool=pool, volume=volume, mode=src.attr("mode")),
        auth=read_auth(src.child("auth")),
    )


def _nvme(src: Node, layer: StorageSource) -> StorageSource:
    if src.req("type") != "pci":
        raise src.fail(
            codes.E102_UNSUPPORTED_VALUE, what="nvme source type", value=q(src.attr("type"))
        )
    addr_node = src.child("address")
    if addr_node is None:
        raise src.fail(codes.E105_MISSING, what="<address> of an nvme <source>")
    addr = PciAddress(
        domain=addr_node.int_attr("domain", hi=0xFFFF) or 0,
        bus=addr_node.int_attr("bus", hi=0xFF) or 0,
        slot=addr_node.int_attr("slot", hi=0x1F) or 0,
        function=addr_node.int_attr("function", hi=7) or 0,
    )
    return replace(
        layer,
        nvme_address=addr,
        nvme_namespace=src.int_attr("namespace", hex_ok=False, lo=1),
        nvme_managed=src.yes_no("managed"),
    )


def _vhostuser(src: Node, layer: StorageSource) -> StorageSource:
    if src.req("type") != "unix":
        raise src.fail(
            codes.E102_UNSUPPORTED_VALUE, what="vhostuser source type", value=q(src.attr("type"))
        )
    reconnect = src.child("reconnect")
    timeout = None
    if reconnect is not None and reconnect.yes_no("enabled"):
        timeout = reconnect.int_attr("timeout", hex_ok=False)
    return replace(layer, path=src.req("path"), reconnect_timeout=timeout)


def _reservations(node: Node | None) -> Reservations | None:
    if node is None:
        return None
    managed = node.yes_no("managed") is True
    path = None
    inner = node.child("source")
    if inner is not None:
        inner.attr("type")
        inner.attr("mode")
        path = inner.attr("path")
    return Reservations(span=node.span, managed=managed, path=path)


def _child_attr(node: Node, child: str, attr: str) -> str | None:
    found = node.child(child)
    return None if found is None else found.req(attr)


def _child_int(node: Node, child: str, attr: str) -> int | None:
    found = node.child(child)
    return None if found is None else found.int_attr(attr, hex_ok=False)


def _child_yes_no(node: Node, child: str, attr: str) -> bool | None:
    found = node.child(child)
    return None if found is None else found.yes_no(attr)
