"""PIPELINE: the one ordered tuple of passes, from the read Domain IR to the final Command.

Order: defaults, refusals, naming, addresses (libvirt: post-parse, validate, aliases,
addresses), then lowering, then the passes that edit the Command IR.
"""

from __future__ import annotations

from compiler.lower import PASS as LOWER
from compiler.passmanager import Pass
from passes import (
    align_memory,
    apply_qemu_capabilities,
    apply_qemu_overrides,
    assign_aliases,
    assign_chardev_backends,
    assign_controller_indexes,
    assign_disk_fdsets,
    assign_drive_addresses,
    assign_hostdev_drive_addresses,
    assign_hostdev_node_names,
    assign_mac_addresses,
    assign_memory_slots,
    assign_node_names,
    assign_pci_addresses,
    assign_spapr_vio_addresses,
    assign_usb_ports,
    assign_virtio_serial_ports,
    check_qapi,
    fill_chardev_defaults,
    fill_console_compat,
    fill_controllers,
    fill_default_devices,
    fill_disk_defaults,
    fill_domain_defaults,
    fill_graphics_defaults,
    fill_hostdev_controllers,
    fill_input_defaults,
    fill_net_defaults,
    fill_nvram_path,
    fill_pci_controller_defaults,
    fill_smartcard_controllers,
    fill_video_defaults,
    fill_virtio_serial_controllers,
    refuse_curses_graphics,
    refuse_drive_address_conflicts,
    refuse_duplicate_aliases,
    refuse_hostdev_address_conflicts,
    refuse_invalid_chardevs,
    refuse_invalid_controllers,
    refuse_invalid_disks,
    refuse_invalid_display,
    refuse_invalid_filesystems,
    refuse_invalid_firmware,
    refuse_invalid_hostdevs,
    refuse_invalid_iommu,
    refuse_invalid_memory,
    refuse_invalid_nets,
    refuse_mixed_boot_order,
    refuse_net_script,
    refuse_passthrough_hazards,
    refuse_strict_policy,
    refuse_terminal_chardevs,
    refuse_unsafe_option_values,
    resolve_networks,
    resolve_pool_volumes,
    select_firmware,
    sort_disks,
)

PIPELINE: tuple[Pass, ...] = (
    refuse_duplicate_aliases.PASS,  # first: the IR verifier checks alias uniqueness
    apply_qemu_capabilities.PASS,  # first: every later decision may consult a flag
    refuse_passthrough_hazards.PASS,  # refusals before anything depends on the input
    refuse_strict_policy.PASS,  # before fill-disk-defaults supplies missing formats
    refuse_terminal_chardevs.PASS,
    refuse_net_script.PASS,
    refuse_curses_graphics.PASS,
    fill_domain_defaults.PASS,  # machine type first: most later defaults depend on it
    assign_controller_indexes.PASS,  # libvirt does it first in post-parse; all later passes
    # look controllers up by (type, index)
    resolve_pool_volumes.PASS,  # pool volumes become the sources they name: first
    fill_disk_defaults.PASS,  # buses from target names; sort-disks needs them
    resolve_networks.PASS,  # before the NIC defaults and checks, which see the bridge
    fill_net_defaults.PASS,  # NIC model from the arch: PCI and validation depend on it
    fill_input_defaults.PASS,  # input buses: USB ports and PCI slots depend on them
    assign_mac_addresses.PASS,  # needs the UUID from fill-domain-defaults
    refuse_invalid_disks.PASS,  # needs buses and formats from fill-disk-defaults
    sort_disks.PASS,  # libvirt orders disks while parsing, before any address
    assign_drive_addresses.PASS,  # before fill-controllers: addresses name controllers
    assign_hostdev_drive_addresses.PASS,  # after the disks' addresses, as libvirt
    refuse_drive_address_conflicts.PASS,  # needs every drive address
    refuse_hostdev_address_conflicts.PASS,  # needs the hostdevs' assigned addresses
    fill_chardev_defaults.PASS,  # serial target types and ports: console compat needs them
    fill_console_compat.PASS,  # libvirt's implicit devices: after the per-device defaults
    refuse_invalid_chardevs.PASS,  # needs the filled target types and models
    fill_controllers.PASS,
    refuse_invalid_controllers.PASS,  # needs the implicit controllers (an IDE disk's too)
    fill_virtio_serial_controllers.PASS,  # after the default controllers, as libvirt adds them
    fill_smartcard_controllers.PASS,  # libvirt adds CCID after the virtio-serial controllers
    fill_hostdev_controllers.PASS,  # libvirt's last implicit controllers, after CCID
    refuse_invalid_hostdevs.PASS,  # needs every SCSI controller and its model
    assign_virtio_serial_ports.PASS,  # needs the virtio-serial controllers
    fill_video_defaults.PASS,  # implicit video for graphics; primary first, before aliases
    fill_default_devices.PASS,  # the default audio backend depends on the graphics types
    fill_graphics_defaults.PASS,  # listen addresses, ports, TLS from the profile
    refuse_mixed_boot_order.PASS,
    refuse_invalid_nets.PASS,  # needs NIC models
    refuse_invalid_display.PASS,
    refuse_invalid_iommu.PASS,  # needs the machine type; before PCI addresses
    refuse_invalid_filesystems.PASS,
    refuse_invalid_memory.PASS,  # host facts (hugetlbfs, host nodes) come from the profile
    refuse_invalid_firmware.PASS,  # needs the machine type (TSEG is q35 only)
    select_firmware.PASS,  # after the firmware checks, which see the XML as written
    fill_nvram_path.PASS,  # after select-firmware: the chosen loader may need a store
    assign_memory_slots.PASS,  # before aliases: DIMM aliases are named after the slot
    assign_spapr_vio_addresses.PASS,  # before PCI: a VIO device takes no PCI slot
    assign_pci_addresses.PASS,  # libvirt assigns addresses while parsing, before aliases;
    # the bridges and root ports it adds are then named with the rest
    fill_pci_controller_defaults.PASS,  # needs the controllers' final PCI addresses
    assign_aliases.PASS,  # needs controllers and drive addresses (disk aliases use them)
    assign_usb_ports.PASS,  # libvirt assigns USB ports after PCI slots
    assign_node_names.PASS,  # needs the final disk order
    assign_hostdev_node_names.PASS,  # numbers on from the disks' nodes
    assign_disk_fdsets.PASS,  # same walk as the node names; fd sets before chardev ones
    align_memory.PASS,
    assign_chardev_backends.PASS,  # fd sets are numbered in device order, after all edits
    LOWER,  # Domain IR → Command IR
    apply_qemu_overrides.PASS,  # needs the final -device JSON
    refuse_unsafe_option_values.PASS,  # checks every key=value option, so after all edits
    check_qapi.PASS,  # last: checks the final JSON options
)


def pass_names() -> tuple[str, ...]:
    return tuple(p.name for p in PIPELINE)
