"""The PCI address set behind assign-pci-addresses (libvirt's src/conf/domain_addr.c).

Not a pass: the data structure the pass reserves addresses in. Each bus knows what may be
plugged into it (connection flags, from its controller model), its slot range and, per
slot, the functions in use. A search is first-fit: the lowest bus, then the lowest slot,
that accepts the device; a slot is taken whole unless both the slot and the device allow
aggregation (pcie-root-ports share a slot as functions 0-7). In a dry run the set grows:
a device that finds no place gets a new bus (pci-bridge or pcie-root-port, plus the
bridges needed to reach conventional PCI from PCIe), which the pass then adds as a
controller. Each search starts at a per-flags cursor below which no bus can take the
device any more, so assigning n devices costs O(n + buses), not O(n x buses).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntFlag

from compiler.ir.domain import PciAddress


class Conn(IntFlag):
    """What connects where (libvirt's VIR_PCI_CONNECT_*)."""

    PCI_DEVICE = 1 << 0
    PCIE_DEVICE = 1 << 1
    ROOT_PORT = 1 << 2
    UPSTREAM_PORT = 1 << 3
    DOWNSTREAM_PORT = 1 << 4
    DMI_TO_PCI_BRIDGE = 1 << 5
    PCIE_TO_PCI_BRIDGE = 1 << 6
    PCI_BRIDGE = 1 << 7
    PCI_EXPANDER_BUS = 1 << 8
    PCIE_EXPANDER_BUS = 1 << 9
    AUTOASSIGN = 1 << 10  # on a device: it asks for an automatic address
    AGGREGATE_SLOT = 1 << 11  # several such devices may share a slot as functions
    INTEGRATED = 1 << 12  # must sit on bus 0 (pvpanic, virtio-iommu)


TYPES = Conn(0x3FF)
ENDPOINT = Conn.PCI_DEVICE | Conn.PCIE_DEVICE
PCI_AUTO = Conn.PCI_DEVICE | Conn.AUTOASSIGN
PCIE_AUTO = Conn.PCIE_DEVICE | Conn.AUTOASSIGN
LAST_SLOT = 31

# Controller model → (what its bus accepts, first slot, last slot) (virDomainPCIAddressBusSetModel).
BUS_MODELS: dict[str, tuple[Conn, int, int]] = {
    "pci-root": (PCI_AUTO | Conn.PCI_BRIDGE | Conn.PCI_EXPANDER_BUS, 1, LAST_SLOT),
    "pci-bridge": (PCI_AUTO | Conn.PCI_BRIDGE, 1, LAST_SLOT),
    "pci-expander-bus": (PCI_AUTO | Conn.PCI_BRIDGE, 0, LAST_SLOT),
    "pcie-root": (
        Conn.PCIE_DEVICE | Conn.ROOT_PORT | Conn.DMI_TO_PCI_BRIDGE | Conn.PCIE_EXPANDER_BUS,
        1,
        LAST_SLOT,
    ),
    "dmi-to-pci-bridge": (Conn.PCI_DEVICE | Conn.PCI_BRIDGE, 0, LAST_SLOT),
    "pcie-to-pci-bridge": (PCI_AUTO | Conn.PCI_BRIDGE, 1, LAST_SLOT),
    "pcie-root-port": (PCIE_AUTO | Conn.UPSTREAM_PORT | Conn.PCIE_TO_PCI_BRIDGE, 0, 0),
    "pcie-switch-downstream-port": (
        PCIE_AUTO | Conn.UPSTREAM_PORT | Conn.PCIE_TO_PCI_BRIDGE,
        0,
        0,
    ),
    "pcie-switch-upstream-port": (Conn.DOWNSTREAM_PORT, 0, LAST_SLOT),
    "pcie-expander-bus": (Conn.ROOT_PORT | Conn.DMI_TO_PCI_BRIDGE, 0, LAST_SLOT),
}

# Controller model → how the controller itself plugs in (virDomainPCIControllerModelToConnectType).
CONTROLLER_CONNECT: dict[str, Conn] = {
    "pci-bridge": Conn.PCI_BRIDGE,
    "pci-expander-bus": Conn.PCI_EXPANDER_BUS,
    "pcie-expander-bus": Conn.PCIE_EXPANDER_BUS,
    "dmi-to-pci-bridge": Conn.DMI_TO_PCI_BRIDGE,
    "pcie-to-pci-bridge": Conn.PCIE_TO_PCI_BRIDGE,
    "pcie-root-port": Conn.ROOT_PORT | Conn.AGGREGATE_SLOT,
    "pcie-switch-upstream-port": Conn.UPSTREAM_PORT,
    "pcie-switch-downstream-port": Conn.DOWNSTREAM_PORT,
}


class PciError(Exception):
    """A reservation that cannot be made; ``kind`` picks the diagnostic code."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "conflict", "invalid" or "full"


def fmt(addr: PciAddress) -> str:
    return f"{addr.domain:04x}:{addr.bus:02x}:{addr.slot:02x}.{addr.function}"


@dataclass(slots=True)
class Bus:
    model: str
    flags: Conn
    min_slot: int
    max_slot: int
    functions: list[int] = field(default_factory=lambda: [0] * (LAST_SLOT + 1))
    aggregate: list[bool] = field(default_factory=lambda: [False] * (LAST_SLOT + 1))

    @classmethod
    def of(cls, model: str) -> Bus:
        flags, lo, hi = BUS_MODELS[model]
        return cls(model, flags, lo, hi)

    def fully_reserved(self) -> bool:
        return all(self.functions[s] for s in range(self.min_slot, self.max_slot + 1))

    def find(self, flags: Conn, function: int | None) -> tuple[int, int] | None:
        """The first (slot, function) of this bus for a device (FindUnusedFunctionOnBus)."""
        for slot in range(self.min_slot, self.max_slot + 1):
            used = self.functions[slot]
            if not used:
                return slot, function or 0
            if flags & Conn.AGGREGATE_SLOT and self.aggregate[slot]:
                wanted = range(8) if function is None else (function,)
                for func in wanted:
                    if not used & (1 << func):
                        return slot, func
        return None


def compatible(bus_flags: Conn, dev_flags: Conn, bus: int, from_config: bool) -> bool:
    """Whether a device may sit on a bus (virDomainPCIAddressFlagsCompatible)."""
    if dev_flags & Conn.INTEGRATED:
        if bus != 0:
            return False
        bus_flags |= Conn.AUTOASSIGN
    if from_config:
        # A user-chosen address may put a PCI device in a PCIe slot and the reverse.
        if bus_flags & ENDPOINT:
            bus_flags |= ENDPOINT
        if dev_flags & Conn.PCI_BRIDGE:
            dev_flags |= Conn.PCI_DEVICE
    elif dev_flags & Conn.AUTOASSIGN and not bus_flags & Conn.AUTOASSIGN:
        return False
    return bool(dev_flags & bus_flags & TYPES)


@dataclass(slots=True)
class PciAddressSet:
    buses: list[Bus]
    dry_run: bool
    pcie_to_pci_bridge: bool  # the target has pcie-pci-bridge
    cursors: dict[tuple[Conn, int | None], int] = field(default_factory=dict)

    def slot_in_use(self, bus: int, slot: int) -> bool:
        return bool(self.buses[bus].functions[slot])

    def reserve(self, addr: PciAddress, flags: Conn, *, from_config: bool = True) -> PciAddress:
        """Reserve one function (virDomainPCIAddressReserveAddrInternal).

        In a dry run the set first grows to reach the bus; the address may then move to
        a bus added for it, so the reserved address is returned.
        """
        if self.dry_run:
            addr = self._grow(addr, flags)
        self._validate(addr, flags, from_config)
        bus = self.buses[addr.bus]
        if bus.functions[addr.slot] & (1 << addr.function):
            raise PciError("conflict", f"PCI address {fmt(addr)}")
        if not bus.functions[addr.slot] and flags & Conn.AGGREGATE_SLOT:
            bus.aggregate[addr.slot] = True
        bus.functions[addr.slot] |= 1 << addr.function
        return addr

    def reserve_next(self, flags: Conn, function: int | None = None) -> PciAddress:
        """Reserve the first place that fits (virDomainPCIAddressReserveNextAddr)."""
        key = (flags, function)
        index = self.cursors.get(key, 0)
        while index < len(self.buses):
            bus = self.buses[index]
            if compatible(bus.flags, flags, index, from_config=False):
                found = bus.find(flags, function)
                if found is not None:
                    self.cursors[key] = index
                    slot, func = found
                    return self.reserve(
                        PciAddress(bus=index, slot=slot, function=func), flags, from_config=False
                    )
            index += 1
        self.cursors[key] = index
        if not self.dry_run:
            raise PciError("full", "no more available PCI slots")
        addr = self._grow(PciAddress(bus=len(self.buses), function=function or 0), flags)
        addr = PciAddress(bus=addr.bus, slot=self.buses[addr.bus].min_slot, function=addr.function)
        return self.reserve(addr, flags, from_config=False)

    def _validate(self, addr: PciAddress, flags: Conn, from_config: bool) -> None:
        """virDomainPCIAddressValidate."""
        where = fmt(addr)
        if not self.buses:
            raise PciError("invalid", "no PCI buses available")
        if addr.domain != 0:
            raise PciError("invalid", f"invalid PCI address {where}: only domain 0 exists")
        if addr.bus >= len(self.buses):
            raise PciError(
                "invalid",
                f"invalid PCI address {where}: only buses up to {len(self.buses) - 1} exist",
            )
        bus = self.buses[addr.bus]
        if not compatible(bus.flags, flags, addr.bus, from_config):
            raise PciError(
                "invalid",
                f"the device at PCI address {where} cannot be plugged into the PCI "
                f"controller with index='{addr.bus}' ({bus.model})",
            )
        if bus.min_slot and addr.slot < bus.min_slot:
            raise PciError(
                "invalid", f"invalid PCI address {where}: slot must be >= {bus.min_slot}"
            )
        if addr.slot > bus.max_slot:
            raise PciError(
                "invalid", f"invalid PCI address {where}: slot must be <= {bus.max_slot}"
            )

    def _grow(self, addr: PciAddress, flags: Conn) -> PciAddress:
        """Add the buses needed to reach ``addr.bus`` (virDomainPCIAddressSetGrow)."""
        add = addr.bus - len(self.buses) + 1
        if add <= 0:
            return addr
        lead: list[Bus] = []
        if flags & Conn.PCI_DEVICE:
            model = "pci-bridge"
            if not any(b.flags & Conn.PCI_BRIDGE for b in self.buses):
                # A pure PCIe guest: reach conventional PCI through a pcie-to-pci-bridge in
                # a root port kept for it, or else through a dmi-to-pci-bridge.
                if self.pcie_to_pci_bridge:
                    port = Bus.of("pcie-root-port")
                    port.flags = Conn.PCIE_TO_PCI_BRIDGE
                    lead = [port, Bus.of("pcie-to-pci-bridge")]
                else:
                    lead = [Bus.of("dmi-to-pci-bridge")]
                if add == 1:
                    add += 1
                    addr = PciAddress(bus=addr.bus + 1, slot=addr.slot, function=addr.function)
        elif flags & (Conn.PCIE_DEVICE | Conn.UPSTREAM_PORT):
            model = "pcie-root-port"
        else:
            raise PciError("full", "no PCI slot is left, and no bus can be added for this device")
        new = lead[:add] + [Bus.of(model) for _ in range(add - len(lead))]
        self.buses.extend(new)
        return addr
