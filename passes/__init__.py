"""PIPELINE: the one ordered tuple of passes, from the read Domain IR to the final Command.

Order: defaults, refusals, naming, addresses (libvirt: post-parse, validate, aliases,
addresses), then lowering, then the passes that edit the Command IR.
"""

from __future__ import annotations

from compiler.lower import PASS as LOWER
from compiler.passmanager import Pass
from passes import (
    align_memory,
    apply_qemu_overrides,
    assign_aliases,
    assign_drive_addresses,
    assign_node_names,
    assign_pci_addresses,
    fill_controllers,
    fill_default_devices,
    fill_disk_defaults,
    fill_domain_defaults,
    sort_disks,
)

PIPELINE: tuple[Pass, ...] = (
    fill_domain_defaults.PASS,  # machine type first: most later defaults depend on it
    fill_disk_defaults.PASS,  # buses from target names; sort-disks needs them
    sort_disks.PASS,  # libvirt orders disks while parsing, before any address
    assign_drive_addresses.PASS,  # before fill-controllers: addresses name controllers
    fill_controllers.PASS,
    fill_default_devices.PASS,
    assign_aliases.PASS,  # needs controllers and drive addresses (disk aliases use them)
    assign_pci_addresses.PASS,  # needs aliases (added root ports are named here too)
    assign_node_names.PASS,  # needs the final disk order
    align_memory.PASS,
    LOWER,  # Domain IR → Command IR
    apply_qemu_overrides.PASS,  # needs the final -device JSON
)


def pass_names() -> tuple[str, ...]:
    return tuple(p.name for p in PIPELINE)
