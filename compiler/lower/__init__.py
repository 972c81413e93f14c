"""Domain IR → Command IR, builder by builder in libvirt's order (qemuBuildCommandLine).

:data:`BUILDERS` is the one place that fixes the order of the command line; each entry
names the libvirt function it mirrors. Builders only read the Domain IR and append to the
:class:`Builder`; problems are reported through ``ctx.error`` with the element's span.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.ir.command import Command
from compiler.ir.domain import Domain
from compiler.lower import controllers, devices, disks, machine, tail
from compiler.lower.builder import Builder
from compiler.passmanager import Pass, PassContext

# Commented entries mark where libvirt puts families not lowered yet: a family's builder
# goes exactly there (qemuBuildCommandLine, src/qemu/qemu_command.c).
BUILDERS: tuple[tuple[str, Callable[[Builder], None]], ...] = (
    ("env", tail.lower_env),  # virCommandAddEnvPassCommon + privileged HOME/XDG_*
    ("name", machine.lower_name),  # qemuBuildNameCommandLine
    ("compat", machine.lower_compat),  # qemuBuildCompatDeprecatedCommandLine
    ("freeze", machine.lower_freeze),  # -S
    ("master-key", machine.lower_master_key),  # qemuBuildMasterKeyCommandLine
    # dbus-vmstate, managed pr-manager-helper objects
    # pflash -blockdev (loader/nvram)
    # -enable-fips
    ("machine", machine.lower_machine),  # qemuBuildMachineCommandLine
    ("accel", machine.lower_accel),  # qemuBuildAccelCommandLine
    # TSEG -global mch.extended-tseg-mbytes
    ("cpu", machine.lower_cpu),  # qemuBuildCpuCommandLine
    # loader: -bios / -kernel / -initrd / -append / -dtb
    ("memory", machine.lower_memory),  # qemuBuildMemCommandLine (-m, RAM backend, -overcommit)
    ("smp", machine.lower_smp),  # qemuBuildSmpCommandLine
    # iothread -object
    # -numa and NUMA memory backends
    ("uuid", machine.lower_uuid),
    # -smbios, -fw_cfg sysinfo
    # vmgenid -device
    ("display-none", machine.lower_display_none),  # before -no-user-config, as libvirt
    ("defaults", machine.lower_defaults),  # -no-user-config -nodefaults
    ("monitor", machine.lower_monitor),  # qemuBuildMonitorCommandLine
    ("clock", machine.lower_clock),  # qemuBuildClockCommandLine
    ("lifecycle", machine.lower_lifecycle),  # -no-reboot/-no-shutdown/-no-acpi/PM globals
    ("boot", machine.lower_boot),  # qemuBuildBootCommandLine
    # IOMMU (-device intel-iommu / virtio-iommu placement per libvirt), global controller props
    ("controllers", controllers.lower_controllers),  # qemuBuildControllersCommandLine
    # memory devices: -object memory-backend-* + -device pc-dimm/nvdimm/virtio-mem
    # USB hubs
    # CCID controllers (smartcard)
    ("disks", disks.lower_disks),  # qemuBuildDisksCommandLine
    # filesystems
    # nets: -netdev then -device per NIC
    # smartcards
    # serials, parallels, channels, consoles
    # TPMs
    ("inputs", devices.lower_inputs),  # qemuBuildInputCommandLine
    ("audio", devices.lower_audio),  # qemuBuildAudioCommandLine
    # graphics (-vnc, -spice, -display egl-headless...)
    # video
    # sound
    # watchdog
    # redirdevs
    # hostdevs
    # -incoming
    ("memballoon", devices.lower_memballoon),  # qemuBuildMemballoonCommandLine
    # RNGs (backend -object, then -device)
    # NVRAM, vmcoreinfo, SEV/SEV-SNP/PV -object, -loadvm
    ("qemu-args", tail.lower_qemu_args),  # qemu:commandline <qemu:arg>, before -sandbox
    ("sandbox", tail.lower_sandbox),  # qemuBuildSeccompSandboxCommandLine
    # panic (-device pvpanic), shmem, vsock
    ("msg", tail.lower_msg),  # -msg timestamp=on: always last
    ("qemu-env", tail.lower_qemu_env),  # qemu:env after all other environment
)


def lower(dom: Domain, ctx: PassContext) -> Command:
    b = Builder(dom, ctx)
    for name, build in BUILDERS:
        b.producer = f"lower-{name}"
        build(b)
    return Command(
        emulator=dom.emulator or ctx.target.emulator, env=tuple(b.env), items=tuple(b.items)
    )


PASS = Pass(
    name="lower",
    run=lower,
    summary="Lower the Domain IR to the Command IR",
    stage="lower",
    ensures=lambda c: isinstance(c, Command),
)
