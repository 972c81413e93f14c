"""Lower <controller>s to -device options (qemuBuildControllersCommandLine).

Controllers are emitted by type in libvirt's order (PCI, USB, SCSI, IDE, SATA,
virtio-serial, then the rest); built-in ones are not on the command line: the root bus,
i440fx's IDE, q35's SATA 0, fdc, and USB model 'none'.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.command import Obj
from compiler.ir.domain import Controller, Domain, PciAddress
from compiler.ir.query import is_i440fx, is_q35
from compiler.lower.address import address_props
from compiler.lower.builder import Builder, merge, props

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
    "virtio-scsi": "virtio-scsi-pci",
    "virtio-transitional": "virtio-scsi-pci-transitional",
    "virtio-non-transitional": "virtio-scsi-pci-non-transitional",
    "vmpvscsi": "pvscsi",
    "ibmvscsi": "spapr-vscsi",
    "am53c974": "am53c974",
    "dc390": "dc390",
}
PCI_DRIVERS = {
    "pci-bridge": "pci-bridge",
    "dmi-to-pci-bridge": "i82801b11-bridge",
    "pcie-root-port": "pcie-root-port",
    "pcie-to-pci-bridge": "pcie-pci-bridge",
    "pcie-switch-upstream-port": "x3130-upstream",
    "pcie-switch-downstream-port": "xio3130-downstream",
    "pci-expander-bus": "pxb",
    "pcie-expander-bus": "pxb-pcie",
}


# Controllers that never appear on the command line: the floppy controller is part of
# the PC chipset.
_NEVER_EMITTED = frozenset({"fdc"})


def lower_controllers(b: Builder) -> None:
    for ctrl in b.dom.controllers:
        if ctrl.type not in ORDER and ctrl.type not in _NEVER_EMITTED:
            _unsupported(b, ctrl)
    for ctype in ORDER:
        for ctrl in b.dom.controllers:
            if ctrl.type == ctype and not _builtin(b.dom, ctrl):
                obj = _props(b, ctrl)
                if obj is not None:
                    b.device(obj, ctrl.span)


def _builtin(dom: Domain, ctrl: Controller) -> bool:
    if ctrl.type == "pci" and ctrl.model in ("pci-root", "pcie-root"):
        return True
    if ctrl.type == "ide" and ctrl.index == 0 and is_i440fx(dom):
        return True
    if ctrl.type == "sata" and ctrl.index == 0 and is_q35(dom):
        return True
    return ctrl.type == "usb" and ctrl.model == "none"


def _props(b: Builder, ctrl: Controller) -> Obj | None:
    dom = b.dom
    addr = address_props(dom, ctrl.info)
    opts = dict(ctrl.options)
    alias = ctrl.info.alias
    if ctrl.type == "pci":
        driver = PCI_DRIVERS.get(ctrl.model or "")
        if driver is None:
            return _unsupported(b, ctrl)
        pci = ctrl.info.address
        if ctrl.model == "pci-bridge":
            chassis = opts.get("target.chassisNr", str(ctrl.index))
            return merge(
                props(("driver", driver), ("chassis_nr", int(chassis)), ("id", alias)), addr
            )
        if ctrl.model in ("pcie-root-port", "pcie-switch-downstream-port"):
            port = opts.get("target.port")
            if port is None and isinstance(pci, PciAddress):
                port_num = (
                    (pci.slot << 3) + pci.function if ctrl.model == "pcie-root-port" else pci.slot
                )
            else:
                port_num = int(port, 0) if port is not None else 0
            chassis = int(opts.get("target.chassis", str(ctrl.index)))
            hotplug = opts.get("target.hotplug")
            return merge(
                props(
                    ("driver", driver),
                    ("port", port_num),
                    ("chassis", chassis),
                    ("id", alias),
                    ("hotplug", None if hotplug is None else hotplug == "on"),
                ),
                addr,
            )
        return merge(props(("driver", driver), ("id", alias)), addr)
    if ctrl.type == "usb":
        driver = USB_DRIVERS.get(ctrl.model or "")
        if driver is None:
            return _unsupported(b, ctrl)
        ports = ctrl.ports
        xhci = ctrl.model in ("qemu-xhci", "nec-xhci")
        return merge(
            props(
                ("driver", driver),
                ("p2", ports if xhci else None),
                ("p3", ports if xhci else None),
                ("id", alias),
            ),
            addr,
        )
    if ctrl.type == "scsi":
        driver = SCSI_DRIVERS.get(ctrl.model or "")
        if driver is None:
            return _unsupported(b, ctrl)
        return merge(props(("driver", driver), ("id", alias)), addr)
    if ctrl.type == "sata":
        return merge(props(("driver", "ahci"), ("id", alias)), addr)
    if ctrl.type == "virtio-serial":
        return merge(
            props(
                ("driver", "virtio-serial-pci"),
                ("id", alias),
                ("max_ports", ctrl.ports),
                ("vectors", ctrl.vectors),
            ),
            addr,
        )
    return _unsupported(b, ctrl)


def _unsupported(b: Builder, ctrl: Controller) -> None:
    b.ctx.error(
        codes.E101_NOT_SUPPORTED,
        ctrl.span,
        what=f"controller type {q(ctrl.type)} model {q(ctrl.model)}",
    )
    return None
