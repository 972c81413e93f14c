"""Lower the small devices: inputs, watchdog, redirdevs, balloon, rngs, panic, vsock, IOMMU.

Each builder mirrors one of libvirt's qemuBuild*CommandLine functions; the virtio ones
start from the shared :func:`compiler.lower.virtio.virtio_head`.
"""

from __future__ import annotations

from dataclasses import replace

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.chardev import ChardevSource
from compiler.ir.devices import Input, Rng
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props
from compiler.lower.chardev import lower_chardev_backend
from compiler.lower.virtio import virtio_head


def lower_memballoon(b: Builder) -> None:
    """qemuBuildMemballoonCommandLine: virtio-balloon, unless model='none'."""
    balloon = b.dom.memballoon
    if balloon is None or balloon.model == "none":
        return
    if not balloon.model.startswith("virtio"):
        b.ctx.error(
            codes.E101_NOT_SUPPORTED, balloon.span, what=f"memballoon model {q(balloon.model)}"
        )
        return
    head = virtio_head(b, "virtio-balloon", model=balloon.model, options=balloon.virtio)
    b.device(
        merge(
            head,
            props(
                ("id", balloon.info.alias),
                ("deflate-on-oom", balloon.autodeflate),
                ("free-page-reporting", balloon.free_page_reporting),
            ),
            address_props(b.dom, balloon.info),
        ),
        balloon.span,
    )


# --- inputs -------------------------------------------------------------------------------

_USB_INPUTS = {"mouse": "usb-mouse", "tablet": "usb-tablet", "keyboard": "usb-kbd"}
_VIRTIO_INPUTS = {
    "mouse": "virtio-mouse",
    "tablet": "virtio-tablet",
    "keyboard": "virtio-keyboard",
    "passthrough": "virtio-input-host",
}


def lower_inputs(b: Builder) -> None:
    """qemuBuildInputCommandLine: evdev objects, USB and virtio devices; PS/2 is built in."""
    for dev in b.dom.inputs:
        if dev.type == "evdev":
            _evdev(b, dev)
        elif dev.bus == "usb" and dev.type in _USB_INPUTS:
            obj = props(("driver", _USB_INPUTS[dev.type]), ("id", dev.info.alias))
            b.device(merge(obj, address_props(b.dom, dev.info)), dev.span)
        elif dev.bus == "virtio" and dev.type in _VIRTIO_INPUTS:
            head = virtio_head(b, _VIRTIO_INPUTS[dev.type], model=dev.model, options=dev.virtio)
            tail = props(("id", dev.info.alias), ("evdev", dev.evdev))
            b.device(merge(head, tail, address_props(b.dom, dev.info)), dev.span)
        elif dev.bus == "ps2" and dev.type not in ("mouse", "keyboard"):
            detail = f"ps2 bus does not support {dev.type} input"
            b.ctx.error(codes.E104_INVALID_CONFIG, dev.span, detail=detail)
        elif dev.bus != "ps2":
            what = f"input type {q(dev.type)} on bus {q(dev.bus)}"
            b.ctx.error(codes.E101_NOT_SUPPORTED, dev.span, what=what)


def _evdev(b: Builder, dev: Input) -> None:
    obj = props(
        ("qom-type", "input-linux"),
        ("id", dev.info.alias),
        ("evdev", dev.evdev),
        ("repeat", dev.repeat),
        ("grab_all", True if dev.grab == "all" else None),
        ("grab-toggle", dev.grab_toggle),
    )
    b.json("-object", obj, dev.span)


# --- watchdog, rng, panic, vsock, iommu -----------------------------------------------------


def lower_watchdog(b: Builder) -> None:
    """qemuBuildWatchdogCommandLine: the device, then the action."""
    dog = b.dom.watchdog
    if dog is None:
        return
    if dog.model == "diag288" and not (b.dom.os.arch or b.ctx.target.arch).startswith("s390"):
        detail = "the diag288 watchdog exists only on s390 guests"
        b.ctx.error(codes.E104_INVALID_CONFIG, dog.span, detail=detail)
        return
    obj = props(("driver", dog.model), ("id", dog.info.alias))
    b.device(merge(obj, address_props(b.dom, dog.info)), dog.span)
    # QEMU has no 'dump' action: libvirt pauses the guest and dumps it itself.
    b.word("-watchdog-action", "pause" if dog.action == "dump" else dog.action, dog.span)


def lower_rngs(b: Builder) -> None:
    """qemuBuildRNGCommandLine: egd chardev, the backend object, then the virtio device."""
    for rng in b.dom.rngs:
        alias = rng.info.alias or ""
        backend = f"obj{alias}"
        if rng.backend == "egd" and not _egd_chardev(b, rng):
            continue
        obj = props(
            ("qom-type", f"rng-{rng.backend}"),
            ("id", backend),
            ("filename", rng.file),
            ("chardev", f"char{alias}" if rng.backend == "egd" else None),
        )
        b.json("-object", obj, rng.span)
        # QEMU's default period is 1000 ms, but libvirt always states it with a rate.
        period = (rng.rate_period or 1000) if rng.rate_bytes else None
        tail = props(
            ("rng", backend),
            ("id", alias),
            ("max-bytes", rng.rate_bytes),
            ("period", period),
        )
        head = virtio_head(b, "virtio-rng", model=rng.model, options=rng.virtio)
        b.device(merge(head, tail, address_props(b.dom, rng.info)), rng.span)


def _egd_chardev(b: Builder, rng: Rng) -> bool:
    return rng.source is not None and _own_chardev(b, rng.source, rng.info.alias or "")


def _own_chardev(b: Builder, src: ChardevSource, owner: str) -> bool:
    """The -chardev of a device that owns its backend (rng egd, redirdev).

    libvirt passes such a listening unix socket as a pre-opened fd, as for serials.
    """
    if src.listen and src.type == "unix" and src.listen_fd is None and b.ctx.profile.inherit_fds:
        src = replace(src, listen_fd=b.ctx.profile.monitor_fd)
    return lower_chardev_backend(b, src, owner)


def lower_redirdevs(b: Builder) -> None:
    """qemuBuildRedirdevCommandLine: the chardev, then a usb-redir device on its port."""
    for dev in b.dom.redirdevs:
        alias = dev.info.alias or ""
        if not _own_chardev(b, dev.source, alias):
            continue
        obj = props(
            ("driver", "usb-redir"),
            ("chardev", f"char{alias}"),
            ("id", alias),
            ("bootindex", dev.info.boot_order),
        )
        b.device(merge(obj, address_props(b.dom, dev.info)), dev.span)


def lower_panics(b: Builder) -> None:
    """qemuBuildPanicCommandLine: only the ISA pvpanic is a -device (hyperv is a CPU flag)."""
    for panic in b.dom.panics:
        model = panic.model or "isa"
        if model == "isa":
            b.device(props(("driver", "pvpanic"), ("ioport", panic.iobase)), panic.span)
        elif model != "hyperv":
            b.ctx.error(codes.E101_NOT_SUPPORTED, panic.span, what=f"panic model {q(model)}")


def lower_vsock(b: Builder) -> None:
    """qemuBuildVsockCommandLine: vhost-vsock with a pre-opened /dev/vhost-vsock fd.

    Standalone, QEMU opens /dev/vhost-vsock itself, and the guest CID must be given.
    """
    vsock = b.dom.vsock
    if vsock is None:
        return
    daemon = b.ctx.profile.daemon
    cid = vsock.cid if vsock.cid is not None or daemon is None else daemon.vsock_auto_cid
    if cid is None:
        detail = "<vsock> needs <cid address=...> when no management daemon assigns one"
        b.ctx.error(codes.E104_INVALID_CONFIG, vsock.span, detail=detail)
        return
    head = virtio_head(b, "vhost-vsock", model=vsock.model, options=vsock.virtio)
    tail = props(
        ("id", vsock.info.alias),
        ("guest-cid", cid),
        ("vhostfd", None if daemon is None else str(daemon.vsock_fd)),
    )
    b.device(merge(head, tail, address_props(b.dom, vsock.info)), vsock.span)


def lower_iommu(b: Builder) -> None:
    """qemuBuildIOMMUCommandLine: intel-iommu with its options, or a virtio-iommu device."""
    iommu = b.dom.iommu
    if iommu is None:
        return
    if iommu.model == "intel":
        obj = props(
            ("driver", "intel-iommu"),
            ("id", iommu.info.alias),
            ("intremap", _on_off(iommu.intremap)),
            ("caching-mode", iommu.caching_mode),
            ("eim", _on_off(iommu.eim)),
            ("device-iotlb", iommu.iotlb),
            ("aw-bits", iommu.aw_bits),
        )
        b.device(obj, iommu.span)
    elif iommu.model == "virtio":
        obj = props(("driver", "virtio-iommu"), ("id", iommu.info.alias))
        b.device(merge(obj, address_props(b.dom, iommu.info)), iommu.span)
    else:
        b.ctx.error(codes.E101_NOT_SUPPORTED, iommu.span, what=f"iommu model {q(iommu.model)}")


def _on_off(value: bool | None) -> str | None:
    return None if value is None else ("on" if value else "off")
