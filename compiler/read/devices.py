"""Read the small device elements: <input>, <redirdev>, <memballoon>, <watchdog>, <panic>,
<rng>, <tpm>, <vsock>, <iommu> and <filesystem>.

Enumerated attributes are checked here against libvirt's value lists, so that no unknown
value reaches the lowering; cross-element rules live in the refuse-invalid-* passes.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.chardev import ChardevSource
from compiler.ir.devices import (
    Filesystem,
    Input,
    Iommu,
    Memballoon,
    Panic,
    Redirdev,
    Rng,
    Tpm,
    Vsock,
    Watchdog,
)
from compiler.ir.query import is_decimal
from compiler.read.chardev import read_chardev_source
from compiler.read.common import read_device_info
from compiler.read.node import Node
from compiler.read.virtio import read_virtio_options

_TRANSITIONAL_MODELS = ("virtio-transitional", "virtio-non-transitional")
_VIRTIO_MODELS = ("virtio", *_TRANSITIONAL_MODELS)
_GRAB_TOGGLES = (
    "ctrl-ctrl",
    "alt-alt",
    "shift-shift",
    "meta-meta",
    "scrolllock",
    "ctrl-scrolllock",
)
_TPM_MODELS = ("tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy")
_FS_TYPES = ("mount", "block", "file", "template", "ram", "bind", "volume")
_FS_DRIVERS = ("path", "handle", "loop", "nbd", "ploop", "virtiofs")
_WATCHDOG_ACTIONS = ("reset", "shutdown", "poweroff", "pause", "dump", "none", "inject-nmi")


def _one_of(
    node: Node, name: str, allowed: tuple[str, ...], *, required: bool = False
) -> str | None:
    """An enumerated attribute: absent (None, unless required) or one of ``allowed``."""
    value = node.req(name) if required else node.attr(name)
    if value is not None and value not in allowed:
        raise node.fail(
            codes.E102_UNSUPPORTED_VALUE, what=f"attribute {name!r} of <{node.tag}>", value=q(value)
        )
    return value


def _required(node: Node, name: str, allowed: tuple[str, ...]) -> str:
    value = _one_of(node, name, allowed, required=True)
    assert value is not None
    return value


def read_input(node: Node) -> Input:
    kind = _required(node, "type", ("mouse", "tablet", "keyboard", "passthrough", "evdev"))
    bus = _one_of(node, "bus", ("ps2", "usb", "virtio", "xen", "parallels", "none"))
    model = _one_of(node, "model", _VIRTIO_MODELS)
    if model in _TRANSITIONAL_MODELS and kind != "passthrough":
        # Only virtio-input-host has transitional variants (virDomainInputDefValidate).
        raise node.fail(
            codes.E104_INVALID_CONFIG,
            detail=f"virtio (non-)transitional models are not supported for input type={kind}",
        )
    source = node.child("source")
    evdev = grab = toggle = None
    repeat = None
    if source is None and kind in ("passthrough", "evdev"):
        raise node.fail(codes.E105_MISSING, what=f"<source> of <input type={q(kind)}>")
    if source is not None:
        evdev = source.req("evdev") if kind == "passthrough" else source.req("dev")
        if kind == "evdev":
            grab = _one_of(source, "grab", ("all",))
            toggle = _one_of(source, "grabToggle", _GRAB_TOGGLES)
            repeat = source.on_off("repeat")
    return Input(
        span=node.span,
        type=kind,
        bus=bus,
        model=model,
        evdev=evdev,
        grab=grab,
        grab_toggle=toggle,
        repeat=repeat,
        virtio=read_virtio_options(node.child("driver")),
        info=read_device_info(node, boot=False),
    )


def read_redirdev(node: Node) -> Redirdev:
    bus = node.req("bus")
    if bus != "usb":
        raise node.fail(codes.E102_UNSUPPORTED_VALUE, what="redirdev bus", value=q(bus))
    source = read_chardev_source(node)
    protocol = node.child("protocol")
    if protocol is not None and source.type != "tcp":
        protocol.attr("type")  # only 'raw' exists for a non-tcp usbredir channel
    if source.type == "spicevmc" and source.channel is None:
        source = replace(source, channel="usbredir")  # the SPICE channel of USB redirection
    return Redirdev(span=node.span, bus=bus, source=source, info=read_device_info(node))


def read_memballoon(node: Node) -> Memballoon:
    stats = node.child("stats")
    return Memballoon(
        span=node.span,
        model=_required(node, "model", ("none", "xen", *_VIRTIO_MODELS)),
        autodeflate=node.on_off("autodeflate"),
        free_page_reporting=node.on_off("freePageReporting"),
        stats_period=None if stats is None else stats.int_attr("period", hex_ok=False),
        virtio=read_virtio_options(node.child("driver")),
        info=read_device_info(node, boot=False),
    )


def read_watchdog(node: Node) -> Watchdog:
    return Watchdog(
        span=node.span,
        model=_required(node, "model", ("i6300esb", "ib700", "diag288")),
        action=_one_of(node, "action", _WATCHDOG_ACTIONS) or "reset",
        info=read_device_info(node, boot=False),
    )


def read_panic(node: Node) -> Panic:
    addr = node.child("address")
    iobase = None
    if addr is not None:
        kind = addr.req("type")
        if kind != "isa":
            raise addr.fail(codes.E102_UNSUPPORTED_VALUE, what="panic address type", value=q(kind))
        iobase = addr.int_attr("iobase", hi=0xFFFF)
        addr.int_attr("irq", hi=0xFF)  # pvpanic has no IRQ; libvirt accepts and ignores it
    model = _one_of(node, "model", ("isa", "pseries", "hyperv", "s390", "pvpanic"))
    return Panic(span=node.span, model=model, iobase=iobase)


def read_rng(node: Node) -> Rng:
    backend = node.child("backend")
    if backend is None:
        raise node.fail(codes.E105_MISSING, what="<backend> of <rng>")
    kind = backend.req("model")
    file = source = None
    if kind == "random":
        file = backend.text() or "/dev/urandom"
    elif kind == "egd":
        source = _egd_source(backend)
    elif kind != "builtin":
        raise backend.fail(codes.E102_UNSUPPORTED_VALUE, what="rng backend model", value=q(kind))
    rate = node.child("rate")
    return Rng(
        span=node.span,
        model=_required(node, "model", _VIRTIO_MODELS),
        backend=kind,
        file=file,
        source=source,
        rate_bytes=None if rate is None else rate.int_attr("bytes", hex_ok=False, lo=1),
        rate_period=None if rate is None else rate.int_attr("period", hex_ok=False, lo=1),
        virtio=read_virtio_options(node.child("driver")),
        info=read_device_info(node, boot=False),
    )


def _egd_source(backend: Node) -> ChardevSource:
    """The egd daemon's character device; only the raw protocol exists for it."""
    protocol = backend.child("protocol")
    if protocol is not None and backend.attr("type") != "tcp" and protocol.req("type") != "raw":
        raise protocol.fail(
            codes.E102_UNSUPPORTED_VALUE, what="egd protocol", value=q(protocol.req("type"))
        )
    return read_chardev_source(backend)


def read_tpm(node: Node) -> Tpm:
    backend = node.child("backend")
    if backend is None:
        raise node.fail(codes.E105_MISSING, what="<backend> of <tpm>")
    kind = _required(backend, "type", ("passthrough", "emulator", "external"))
    device_path = socket_path = None
    if kind == "passthrough":
        device = backend.child("device")
        device_path = "/dev/tpm0" if device is None else device.req("path")
    elif kind == "external":
        source = backend.child("source")
        if source is None:
            raise backend.fail(codes.E105_MISSING, what="<source> of the external <backend>")
        _one_of(source, "type", ("unix",))
        _one_of(source, "mode", ("connect",))
        socket_path = source.req("path")
    else:
        _read_emulator_state(backend)
    return Tpm(
        span=node.span,
        model=_one_of(node, "model", _TPM_MODELS) or "tpm-tis",
        backend=kind,
        device_path=device_path,
        socket_path=socket_path,
        info=read_device_info(node, boot=False),
    )


def _read_emulator_state(backend: Node) -> None:
    """swtpm's own settings: they configure the emulator process, never QEMU's argv."""
    for name in ("version", "persistent_state"):
        backend.attr(name)
    for child in ("encryption", "active_pcr_banks"):
        found = backend.child(child)
        if found is not None:
            found.consume_subtree()


def read_vsock(node: Node) -> Vsock:
    cid_node = node.child("cid")
    cid = None
    if cid_node is not None and cid_node.yes_no("auto") is not True:
        cid = cid_node.int_attr("address", hex_ok=False, lo=3, hi=2**32 - 1)
    return Vsock(
        span=node.span,
        model=_one_of(node, "model", _VIRTIO_MODELS),
        cid=cid,
        virtio=read_virtio_options(node.child("driver")),
        info=read_device_info(node, boot=False),
    )


def read_iommu(node: Node) -> Iommu:
    driver = node.child("driver")
    model = _required(node, "model", ("intel", "virtio", "smmuv3"))
    info = read_device_info(node, boot=False)
    if driver is None:
        return Iommu(span=node.span, model=model, info=info)
    return Iommu(
        span=node.span,
        model=model,
        intremap=driver.on_off("intremap"),
        caching_mode=driver.on_off("caching_mode"),
        eim=driver.on_off("eim"),
        iotlb=driver.on_off("iotlb"),
        aw_bits=driver.int_attr("aw_bits", hex_ok=False, lo=1, hi=2**31 - 1),
        info=info,
    )


def read_filesystem(node: Node) -> Filesystem:
    driver = node.child("driver")
    source = node.child("source")
    target = node.child("target")
    if target is None:
        raise node.fail(codes.E105_MISSING, what="<target> of <filesystem>")
    kind = None if driver is None else _one_of(driver, "type", _FS_DRIVERS)
    readonly = node.child("readonly") is not None
    if kind == "virtiofs":
        binary = node.child("binary")
        if binary is not None:
            binary.consume_subtree()  # virtiofsd's own options, not QEMU's
    return Filesystem(
        span=node.span,
        type=_one_of(node, "type", _FS_TYPES) or "mount",
        driver=kind,
        accessmode=_one_of(node, "accessmode", ("passthrough", "mapped", "squash")),
        wrpolicy=None if driver is None else _one_of(driver, "wrpolicy", ("immediate",)),
        multidevs=_one_of(node, "multidevs", ("default", "remap", "forbid", "warn")),
        fmode=_octal(node, "fmode"),
        dmode=_octal(node, "dmode"),
        model=_one_of(node, "model", _VIRTIO_MODELS),
        source="" if source is None else source.req("dir"),
        target=target.req("dir"),
        readonly=readonly,
        queue_size=None if driver is None else driver.int_attr("queue", hex_ok=False, lo=1),
        virtio=read_virtio_options(driver),
        info=read_device_info(node, boot=kind == "virtiofs"),
    )


def _octal(node: Node, name: str) -> int | None:
    value = node.attr(name)
    if value is None:
        return None
    if not is_decimal(value, 4) or any(c in "89" for c in value) or int(value, 8) > 0o777:
        raise node.fail(
            codes.E103_BAD_INTEGER, what=f"attribute {name!r}", value=q(value), kind="mode"
        )
    return int(value, 8)
