"""Lower <controller>s to -device options (qemuBuildControllersCommandLine).

Controllers are emitted by type in libvirt's order (PCI, USB, SCSI, IDE, SATA,
virtio-serial), each type in the order libvirt keeps them (by index). Built-in ones are
not on the command line: the root bus, i440fx's IDE, q35's SATA 0, USB model 'none'.
Each builder keeps libvirt's key order (qemuBuildControllerDevProps and friends); the
address keys come last. The hotplug switch of pci-root is a -global, emitted earlier
(qemuBuildGlobalControllerCommandLine).
"""

from __future__ import annotations

from collections.abc import Callable

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Obj
from compiler.ir.domain import Controller, Domain
from compiler.ir.query import is_i440fx, is_q35
from compiler.lower.address import address_props, usb_bus_name
from compiler.lower.builder import Builder, merge, props
from compiler.lower.virtio import virtio_head

ORDER = ("pci", "usb", "scsi", "ide", "sata", "virtio-serial")

# libvirt model name → QEMU device.
USB_DRIVERS = {
    "piix3-uhci": "piix3-usb-uhci",
    "piix4-uhci": "piix4-usb-uhci",
    "ehci": "usb-ehci",
    "ich9-ehci1": "ich9-usb-ehci1",
    "ich9-uhci1": "ich9-usb-uhci1",
    "ich9-uhci2": "ich9-usb-uhci2",
    "ich9-uhci3": "ich9-usb-uhci3",
    "vt82c686b-uhci": "vt82c686b-usb-uhci",
    "pci-ohci": "pci-ohci",
    "nec-xhci": "nec-usb-xhci",
    "qemu-xhci": "qemu-xhci",
}
SCSI_DRIVERS = {
    "lsilogic": "lsi",
    "lsisas1068": "mptsas1068",
    "lsisas1078": "megasas",
    "vmpvscsi": "pvscsi",
    "ibmvscsi": "spapr-vscsi",
    "am53c974": "am53c974",
    "dc390": "dc390",
}
VIRTIO_SCSI_MODELS = frozenset({"virtio-scsi", "virtio-transitional", "virtio-non-transitional"})
_XHCI = frozenset({"qemu-xhci", "nec-xhci"})


def lower_global_controllers(b: Builder) -> None:
    """``-global PIIX4_PM.acpi-root-pci-hotplug=on|off`` for <target hotplug> of pci-root."""
    for ctrl in b.dom.controllers:
        hotplug = ctrl.pci.hotplug
        if (
            ctrl.type == "pci"
            and ctrl.model == "pci-root"
            and hotplug is not None
            and is_i440fx(b.dom)
        ):
            state = "on" if hotplug else "off"
            b.word("-global", f"PIIX4_PM.acpi-root-pci-hotplug={state}", ctrl.span)


# Types lowered elsewhere (ccid) or never on the command line (fdc: part of the chipset).
_NOT_IN_ORDER = frozenset({"ccid", "fdc"})


def lower_controllers(b: Builder) -> None:
    for ctrl in b.dom.controllers:
        if ctrl.type not in ORDER and ctrl.type not in _NOT_IN_ORDER:
            _unsupported(b, ctrl)
    for ctype in ORDER:
        for ctrl in b.dom.controllers:
            if ctrl.type == ctype and not _builtin(b.dom, ctrl):
                obj = _BUILDERS[ctype](b, ctrl)
                if obj is not None:
                    b.device(merge(obj, address_props(b.dom, ctrl.info)), ctrl.span)


def lower_ccid_controllers(b: Builder) -> None:
    """USB smartcard readers: emitted after the USB hubs, since they plug into USB."""
    for ctrl in b.dom.controllers:
        if ctrl.type == "ccid":
            obj = props(("driver", "usb-ccid"), ("id", ctrl.info.alias))
            b.device(merge(obj, address_props(b.dom, ctrl.info)), ctrl.span)


def _builtin(dom: Domain, ctrl: Controller) -> bool:
    """Controllers QEMU creates with the machine (qemuBuildSkipController)."""
    if ctrl.type == "pci" and ctrl.model in ("pci-root", "pcie-root"):
        return True
    if ctrl.type == "ide" and ctrl.index == 0 and is_i440fx(dom):
        return True
    if ctrl.type == "sata" and ctrl.index == 0 and is_q35(dom):
        return True
    return ctrl.type == "usb" and ctrl.model == "none"


def _pci(b: Builder, ctrl: Controller) -> Obj | None:
    opts = ctrl.pci
    head = props(("driver", opts.model_name))
    alias = ("id", ctrl.info.alias)
    if ctrl.model == "pci-bridge":
        return merge(head, props(("chassis_nr", opts.chassis_nr), alias))
    if ctrl.model in ("pci-expander-bus", "pcie-expander-bus"):
        return merge(head, props(("bus_nr", opts.bus_nr), alias, ("numa_node", opts.numa_node)))
    if ctrl.model in ("pcie-root-port", "pcie-switch-downstream-port"):
        return merge(
            head,
            props(
                ("port", opts.port),
                ("chassis", opts.chassis),
                alias,
                ("hotplug", opts.hotplug),
            ),
        )
    if ctrl.model in ("dmi-to-pci-bridge", "pcie-switch-upstream-port", "pcie-to-pci-bridge"):
        return merge(head, props(alias))
    _unsupported(b, ctrl)
    return None


def _usb(b: Builder, ctrl: Controller) -> Obj | None:
    driver = USB_DRIVERS.get(ctrl.model or "")
    if driver is None:
        _unsupported(b, ctrl)
        return None
    ports = ctrl.ports if ctrl.model in _XHCI else None
    head = props(("driver", driver), ("p2", ports), ("p3", ports))
    if ctrl.master_startport is not None:
        # A companion hangs off its EHCI master's bus and has no id of its own.
        master = props(
            ("masterbus", usb_bus_name(b.dom, ctrl.index or 0)),
            ("firstport", ctrl.master_startport),
        )
        return merge(head, master)
    return merge(head, props(("id", ctrl.info.alias)))


def _scsi(b: Builder, ctrl: Controller) -> Obj | None:
    drv = ctrl.driver
    if ctrl.model in VIRTIO_SCSI_MODELS:
        model = None if ctrl.model == "virtio-scsi" else ctrl.model
        head = virtio_head(b, "virtio-scsi", model=model, options=drv.virtio)
        iothread = None if drv.iothread is None else f"iothread{drv.iothread}"
        return merge(
            head,
            props(
                ("iothread", iothread),
                ("id", ctrl.info.alias),
                ("num_queues", drv.queues),
                ("cmd_per_lun", drv.cmd_per_lun),
                ("max_sectors", drv.max_sectors),
                ("ioeventfd", drv.ioeventfd),
            ),
        )
    driver = SCSI_DRIVERS.get(ctrl.model or "")
    if driver is None:
        _unsupported(b, ctrl)
        return None
    return props(("driver", driver), ("id", ctrl.info.alias))


def _ide(b: Builder, ctrl: Controller) -> Obj | None:
    b.ctx.error(
        codes.E101_NOT_SUPPORTED,
        ctrl.span,
        what=f"IDE controller {ctrl.index}: only the machine's built-in one is supported",
    )
    return None


def _sata(b: Builder, ctrl: Controller) -> Obj | None:
    return props(("driver", "ahci"), ("id", ctrl.info.alias))


def _virtio_serial(b: Builder, ctrl: Controller) -> Obj | None:
    transitional = ctrl.model in ("virtio-transitional", "virtio-non-transitional")
    head = virtio_head(
        b,
        "virtio-serial",
        model=ctrl.model if transitional else None,
        options=ctrl.driver.virtio,
    )
    return merge(
        head, props(("id", ctrl.info.alias), ("max_ports", ctrl.ports), ("vectors", ctrl.vectors))
    )


_BUILDERS: dict[str, Callable[[Builder, Controller], Obj | None]] = {
    "pci": _pci,
    "usb": _usb,
    "scsi": _scsi,
    "ide": _ide,
    "sata": _sata,
    "virtio-serial": _virtio_serial,
}


def _unsupported(b: Builder, ctrl: Controller) -> None:
    b.ctx.error(
        codes.E101_NOT_SUPPORTED,
        ctrl.span,
        what=f"controller type {q(ctrl.type)} model {q(ctrl.model)}",
    )
