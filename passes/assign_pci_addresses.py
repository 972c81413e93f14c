"""Assign PCI addresses as libvirt's qemuDomainAssignPCIAddresses does.

Two runs of the same steps over an address set (``pci_address_set``). The dry run finds
how many buses the domain needs: the addresses written in the XML are reserved, then the
chipset's fixed slots (PIIX3 at 00:01, q35's LPC/SATA/SMBus at 00:1f, the primary video
at slot 2 of pci-root or slot 1 of pcie-root), then every device in libvirt's order
(:data:`CONSUMERS`); a device that finds no slot grows the set by a pci-bridge or
pcie-root-port (and the bridges that reach conventional PCI from PCIe). A pci-root domain
keeps one slot free for hotplug; a new pcie-root domain gets one spare root port. Each
added bus becomes a controller. The real run then assigns for good, PCI controllers
first. Last, function 0 of a slot in use by several functions becomes multifunction
(unless the XML says off). Devices are tracked by identity, since adding a controller
moves the others in the tuple.
Before: pc machine, Disk(vda, bus=virtio) and a NIC, no addresses.
After:  NIC at 00:02.0, disk at 00:03.0.
Postcondition: every device that needs a PCI address has one, and no two share one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from compiler import codes
from compiler.diagnostics import Span
from compiler.ir.controller import insert_controller, is_usb2
from compiler.ir.domain import Controller, Domain, PciAddress
from compiler.ir.query import all_devices, is_i440fx, is_q35
from compiler.passmanager import Pass, PassContext
from passes import pci_connect as pc
from passes.pci_address_set import (
    BUS_MODELS,
    CONTROLLER_CONNECT,
    PCI_AUTO,
    PCIE_AUTO,
    Bus,
    Conn,
    PciAddressSet,
    PciError,
    fmt,
)

Key = int  # id() of a device object of the Domain
Need = Callable[[Domain, Any], Conn | None]


# --- which devices take a PCI address, in libvirt's order ------------------------------------

# (Domain field, how its devices connect), in qemuDomainAssignDevicePCISlots' order: the
# order decides which device gets which slot. A family adds its entry at its place here.
CONSUMERS: tuple[tuple[str, Need], ...] = (
    ("controllers", pc.pci_controller),  # bridges and ports first: they make the buses
    ("filesystems", pc.filesystem),
    ("nets", pc.net),  # type='hostdev' NICs are placed with the hostdevs
    ("sounds", pc.pci_model("es1370", "ac97", "ich6", "ich9")),
    ("controllers", pc.other_controller),  # USB, SCSI, virtio-serial, SATA/IDE > 0
    ("disks", pc.virtio_disk),
    ("nets", pc.hostdev_net),  # libvirt lists type='hostdev' NICs first among the hostdevs
    ("hostdevs", pc.hostdev),  # PCI, SCSI-host (vhost-scsi) and vfio-pci mdevs
    ("memballoon", pc.virtio_model),
    ("rngs", pc.virtio_model),
    ("watchdog", pc.pci_model("i6300esb")),
    ("videos", pc.video),
    # shmems
    ("inputs", pc.virtio_input),
    ("serials", pc.pci_serial),
    ("iommu", pc.virtio_iommu),
    ("vsock", pc.virtio_model),
    ("memories", pc.virtio_memory),
    # cryptos
    ("panics", pc.pvpanic),
)


@dataclass(frozen=True, slots=True)
class _Dev:
    field: str
    pos: int
    dev: Any
    flags: Conn

    @property
    def key(self) -> int:
        """Devices are tracked by identity: positions move when controllers are added."""
        return id(self.dev)


def _consumers(dom: Domain) -> Iterator[_Dev]:
    for field_name, need in CONSUMERS:
        for i, dev in enumerate(_items(dom, field_name)):
            flags = need(dom, dev)
            if flags is not None:
                yield _Dev(field_name, i, dev, flags)


def _items(dom: Domain, field_name: str) -> tuple[Any, ...]:
    value = getattr(dom, field_name, None)
    return value if isinstance(value, tuple) else (() if value is None else (value,))


def _present(addr: object) -> bool:
    """A PCI address was given, and not the all-zero one that means 'pick one'."""
    return isinstance(addr, PciAddress) and (addr.bus, addr.slot, addr.function) != (0, 0, 0)


def _wanted(addr: object) -> bool:
    return addr is None or (isinstance(addr, PciAddress) and not _present(addr))


# --- the pass --------------------------------------------------------------------------------


def assign_pci_addresses(dom: Domain, ctx: PassContext) -> Domain:
    pci = [c for c in dom.controllers if c.type == "pci"]
    if not pci:
        return dom
    max_index = max(c.index or 0 for c in pci)
    try:
        placed: dict[Key, PciAddress] = {}
        space = _run(dom, ctx, placed, max_index + 1, dry_run=True)
        dom = _add_bus_controllers(dom, space, max_index)
        space = _run(dom, ctx, placed, len(space.buses), dry_run=False)
    except _Refused as refused:
        ctx.error(refused.code, refused.span, **refused.fields)
        return dom
    dom = _apply(dom, placed)
    dom = _mark_multifunction(dom)
    return dom


class _Refused(Exception):
    def __init__(self, code: codes.Code, span: Span, **args: object) -> None:
        super().__init__(code.id)
        self.code, self.span, self.fields = code, span, args


def _refuse(err: PciError, dev: Any) -> _Refused:
    if err.kind == "conflict":
        return _Refused(
            codes.E301_ADDRESS_CONFLICT, dev.span, what=str(err), other="another device"
        )
    if err.kind == "full":
        return _Refused(
            codes.E303_NO_FREE_ADDRESS,
            dev.span,
            what="PCI slot",
            device=_describe(dev),
        )
    return _Refused(codes.E304_BAD_ADDRESS, dev.span, detail=str(err))


def _describe(dev: Any) -> str:
    if isinstance(dev, Controller):
        return f"the {dev.model} controller with index {dev.index}"
    return f"<{type(dev).__name__.lower()}>"


def _run(
    dom: Domain, ctx: PassContext, placed: dict[Key, PciAddress], nbuses: int, *, dry_run: bool
) -> PciAddressSet:
    """One run of qemuDomainAssignPCIAddresses' steps; fills ``placed`` unless dry."""
    space = _address_set(dom, ctx, nbuses, dry_run)
    devices = list(_consumers(dom))
    _collect_explicit(dom, space, placed)
    _reserve_chipset(dom, space, placed, devices)
    if dry_run and _has_root(dom, "pci-root") and not all(b.fully_reserved() for b in space.buses):
        space.reserve_next(PCI_AUTO)  # keep a slot for a hotplugged bridge
    _assign_devices(dom, space, placed, devices, record=not dry_run)
    return space


def _has_root(dom: Domain, model: str) -> bool:
    return any(c.type == "pci" and c.index == 0 and c.model == model for c in dom.controllers)


def _address_set(dom: Domain, ctx: PassContext, nbuses: int, dry_run: bool) -> PciAddressSet:
    """Buses from the PCI controllers; gaps get the default bus model (SetCreate)."""
    models: list[str | None] = [None] * nbuses
    for ctrl in dom.controllers:
        if ctrl.type == "pci" and ctrl.index is not None and ctrl.model in BUS_MODELS:
            models[ctrl.index] = ctrl.model
    if models[0] is None:
        models[0] = "pci-root"
    gap = "pcie-root-port" if pc.has_pcie_root(dom) else "pci-bridge"
    buses = [Bus.of(m or gap) for m in models]
    return PciAddressSet(buses, dry_run, pcie_to_pci_bridge=ctx.target.has("pcie-pci-bridge"))


def _is_piix3_builtin(dev: Any, addr: PciAddress) -> bool:
    """PIIX3's IDE (00:01.1) and USB (00:01.2): reserved with the chipset, not here."""
    if not isinstance(dev, Controller) or dev.index != 0 or (addr.bus, addr.slot) != (0, 1):
        return False
    if dev.type == "ide":
        return addr.function == 1
    return dev.type == "usb" and dev.model == "piix3-uhci" and addr.function == 2


def _collect_explicit(dom: Domain, space: PciAddressSet, placed: dict[Key, PciAddress]) -> None:
    """Reserve every address the XML (or the chipset step of the dry run) fixed."""
    flags_of = {d.key: d.flags for d in _consumers(dom)}
    for dev in all_devices(dom):
        addr = placed.get(id(dev), dev.info.address)
        if not _present(addr) or _is_piix3_builtin(dev, addr):
            continue
        try:
            space.reserve(addr, flags_of.get(id(dev)) or Conn.PCI_DEVICE)
        except PciError as err:
            raise _refuse(err, dev) from None


def _reserve_chipset(
    dom: Domain, space: PciAddressSet, placed: dict[Key, PciAddress], devices: list[_Dev]
) -> None:
    """The fixed slots of the PIIX3 or ICH9 chipset (ValidateDevicePCISlotsPIIX3/Q35)."""
    if is_i440fx(dom):
        for ctrl in dom.controllers:
            if ctrl.index == 0 and ctrl.type == "ide":
                _fixed(space, placed, ctrl, PciAddress(slot=1, function=1))
            elif ctrl.index == 0 and ctrl.type == "usb" and ctrl.model == "piix3-uhci":
                _fixed(space, placed, ctrl, PciAddress(slot=1, function=2))
        for func in (0, 3):  # the ISA bridge and the power-management function
            space.reserve(PciAddress(slot=1, function=func), PCI_AUTO)
        _primary_video(space, placed, devices, slot=2, flags=PCI_AUTO)
    elif is_q35(dom):
        for ctrl in dom.controllers:
            _q35_controller(space, placed, ctrl)
        for func in (0, 3):  # the LPC bridge and the SMBus controller
            space.reserve(PciAddress(slot=0x1F, function=func), Conn.PCIE_DEVICE)
        _primary_video(space, placed, devices, slot=1, flags=Conn.PCIE_DEVICE)
        _ich9_sound(space, placed, devices)


def _same_slot(addr: object, want: PciAddress) -> bool:
    return isinstance(addr, PciAddress) and (addr.domain, addr.bus, addr.slot, addr.function) == (
        0,
        want.bus,
        want.slot,
        want.function,
    )


def _builtin_address(placed: dict[Key, PciAddress], ctrl: Controller, want: PciAddress) -> None:
    """A built-in function lives at ``want``; an XML address elsewhere is refused."""
    given = placed.get(id(ctrl), ctrl.info.address)
    if _present(given) and not _same_slot(given, want):
        raise _Refused(
            codes.E304_BAD_ADDRESS,
            ctrl.span,
            detail=f"the built-in {ctrl.type} controller {ctrl.index} must have PCI address "
            f"{fmt(want)}",
        )
    placed.setdefault(id(ctrl), want)


def _fixed(
    space: PciAddressSet, placed: dict[Key, PciAddress], ctrl: Controller, want: PciAddress
) -> None:
    _builtin_address(placed, ctrl, want)
    try:
        space.reserve(want, PCI_AUTO)
    except PciError as err:
        raise _refuse(err, ctrl) from None


def _q35_controller(space: PciAddressSet, placed: dict[Key, PciAddress], ctrl: Controller) -> None:
    unset = id(ctrl) not in placed and ctrl.info.address is None
    if ctrl.type == "sata" and ctrl.index == 0:
        _builtin_address(placed, ctrl, PciAddress(slot=0x1F, function=2))
    elif ctrl.type == "usb" and ctrl.model == "ich9-uhci1" and unset:
        # Real ICH9 hardware has its USB2 functions at 1d, then 1a; not insisted upon.
        for slot in (0x1D, 0x1A):
            if not space.slot_in_use(0, slot):
                space.reserve(PciAddress(slot=slot), Conn.PCIE_DEVICE)
                placed[id(ctrl)] = PciAddress(slot=slot, multifunction=True)
                break
    elif (
        ctrl.type == "pci"
        and ctrl.model == "dmi-to-pci-bridge"
        and unset
        and not space.slot_in_use(0, 0x1E)  # its slot on real hardware, if free
    ):
        placed[id(ctrl)] = space.reserve(PciAddress(slot=0x1E), Conn.PCIE_DEVICE)


def _primary_video(
    space: PciAddressSet,
    placed: dict[Key, PciAddress],
    devices: list[_Dev],
    *,
    slot: int,
    flags: Conn,
) -> None:
    """QEMU puts the first video right after the chipset: slot 2 (i440fx) or 1 (q35)."""
    video = next((d for d in devices if (d.field, d.pos) == ("videos", 0)), None)
    if video is None or video.key in placed or not _wanted(video.dev.info.address):
        return
    want = PciAddress(slot=slot)
    try:
        if space.slot_in_use(0, slot):
            addr = space.reserve_next(video.flags)
            if not space.dry_run:
                placed[video.key] = addr
        else:
            placed[video.key] = space.reserve(want, flags)
    except PciError as err:
        raise _refuse(err, video.dev) from None


def _ich9_sound(space: PciAddressSet, placed: dict[Key, PciAddress], devices: list[_Dev]) -> None:
    """Real ICH9 has its HD audio at 00:1b.0: the first unplaced ich9 sound goes there."""
    if space.slot_in_use(0, 0x1B):
        return
    for d in devices:
        if (
            d.field == "sounds"
            and d.dev.model == "ich9"
            and d.key not in placed
            and _wanted(d.dev.info.address)
        ):
            placed[d.key] = space.reserve(PciAddress(slot=0x1B), Conn.PCIE_DEVICE)
            return


# USB2 model → (its function in the shared slot, the multifunction flag libvirt sets).
_USB2_FUNCTION: dict[str, tuple[int, bool | None]] = {
    "ich9-ehci1": (7, None),
    "ich9-uhci1": (0, True),
    "ich9-uhci2": (1, None),
    "ich9-uhci3": (2, None),
}


def _assign_devices(
    dom: Domain,
    space: PciAddressSet,
    placed: dict[Key, PciAddress],
    devices: list[_Dev],
    *,
    record: bool,
) -> None:
    """qemuDomainAssignDevicePCISlots: every device still without an address, in order."""
    found: dict[Key, PciAddress] = dict(placed)
    for d in devices:
        if d.key in found or not _wanted(d.dev.info.address):
            continue
        try:
            if isinstance(d.dev, Controller) and is_usb2(d.dev):
                addr = _usb2_address(dom, space, found, d)
            else:
                addr = space.reserve_next(d.flags)
        except PciError as err:
            raise _refuse(err, d.dev) from None
        if record:
            found[d.key] = addr
    placed.update(found)


def _usb2_address(
    dom: Domain, space: PciAddressSet, found: dict[Key, PciAddress], d: _Dev
) -> PciAddress:
    """An EHCI master and its UHCI companions share one slot, as functions 7, 0, 1, 2."""
    func, multi = _USB2_FUNCTION[d.dev.model]
    for other in dom.controllers:
        addr = found.get(id(other), other.info.address)
        if is_usb2(other) and other.index == d.dev.index and _present(addr):
            assert isinstance(addr, PciAddress)
            return space.reserve(
                PciAddress(bus=addr.bus, slot=addr.slot, function=func, multifunction=multi),
                d.flags,
            )
    return replace(space.reserve_next(d.flags, func), multifunction=multi)


def _add_bus_controllers(dom: Domain, space: PciAddressSet, max_index: int) -> Domain:
    """Turn the buses the dry run added into controllers (virDomainDefMaybeAddController)."""
    if max_index <= 0 and len(space.buses) > max_index + 1 and pc.has_pcie_root(dom):
        # One spare root port for a new domain's hotplug.
        space.reserve_next(PCIE_AUTO)
    ctrls = dom.controllers
    present = {c.index for c in ctrls if c.type == "pci"}
    index = 1
    while index < len(space.buses):
        if index not in present:
            model = space.buses[index].model
            ctrls = insert_controller(
                ctrls,
                Controller(span=dom.span, type="pci", index=index, model=model, implicit=True),
            )
            try:
                space.reserve_next(CONTROLLER_CONNECT[model])
            except PciError:
                raise _Refused(
                    codes.E303_NO_FREE_ADDRESS,
                    dom.span,
                    what="PCI slot",
                    device=f"the {model} that bus {index} needs",
                ) from None
        index += 1
    return replace(dom, controllers=ctrls)


def _apply(dom: Domain, placed: dict[Key, PciAddress]) -> Domain:
    """Set the addresses of the devices in ``placed``, wherever they sit in the Domain."""
    changes: dict[str, Any] = {}
    for f in fields(dom):
        value = getattr(dom, f.name)
        if isinstance(value, tuple) and any(id(v) in placed for v in value):
            changes[f.name] = tuple(
                _with(v, placed[id(v)]) if id(v) in placed else v for v in value
            )
        elif id(value) in placed and hasattr(value, "info"):
            changes[f.name] = _with(value, placed[id(value)])
    return replace(dom, **changes)


def _with(dev: Any, addr: PciAddress) -> Any:
    return replace(dev, info=replace(dev.info, address=addr))


def _mark_multifunction(dom: Domain) -> Domain:
    """Function 0 of a slot with other functions in use is multifunction, unless the XML
    says off (virDomainPCIAddressSetAllMulti)."""
    devices = all_devices(dom)
    shared = {
        (a.domain, a.bus, a.slot)
        for dev in devices
        if isinstance(a := dev.info.address, PciAddress) and a.function != 0
    }
    marks: dict[Key, PciAddress] = {}
    for dev in devices:
        a = dev.info.address
        if (
            isinstance(a, PciAddress)
            and a.function == 0
            and a.multifunction is None
            and (a.domain, a.bus, a.slot) in shared
        ):
            marks[id(dev)] = replace(a, multifunction=True)
    return _apply(dom, marks)


def _all_placed(dom: Domain) -> bool:
    if not any(c.type == "pci" for c in dom.controllers):
        return True
    return not any(_wanted(d.dev.info.address) for d in _consumers(dom))


PASS = Pass(
    name="assign-pci-addresses",
    run=assign_pci_addresses,
    summary="Assign PCI slots in libvirt's order; add bridges and pcie-root-ports as needed",
    ensures=_all_placed,
)
