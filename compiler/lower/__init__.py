"""Domain IR → Command IR, builder by builder in libvirt's order (qemuBuildCommandLine).

:data:`BUILDERS` is the one place that fixes the order of the command line; each entry
names the libvirt function it mirrors. Builders only read the Domain IR and append to the
:class:`Builder`; problems are reported through ``ctx.error`` with the element's span.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.ir.command import Command
from compiler.ir.domain import Domain
from compiler.lower import (
    chardev,
    controllers,
    cpu,
    devices,
    disks,
    filesystems,
    firmware,
    graphics,
    hostdev,
    machine,
    memory,
    net,
    security,
    tail,
    tpm,
)
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
    # dbus-vmstate
    ("managed-pr", disks.lower_managed_pr),  # qemuBuildPRManagedManagerCommandLine
    ("pflash", firmware.lower_pflash),  # qemuBuildPflashBlockdevCommandLine
    # -enable-fips
    ("machine", machine.lower_machine),  # qemuBuildMachineCommandLine
    ("accel", machine.lower_accel),  # qemuBuildAccelCommandLine
    ("tseg", machine.lower_tseg),  # qemuBuildTSEGCommandLine
    ("cpu", cpu.lower_cpu),  # qemuBuildCpuCommandLine
    ("loader", firmware.lower_loader),  # qemuBuildDomainLoaderCommandLine: -bios, secure
    ("memory", memory.lower_memory),  # qemuBuildMemCommandLine (-m, RAM backend, -overcommit)
    ("smp", machine.lower_smp),  # qemuBuildSmpCommandLine
    ("iothreads", machine.lower_iothreads),  # qemuBuildIOThreadCommandLine
    ("numa", memory.lower_numa),  # qemuBuildNumaCommandLine
    ("uuid", machine.lower_uuid),
    ("smbios", machine.lower_smbios),  # qemuBuildSmbiosCommandLine
    ("fw-cfg", machine.lower_fw_cfg),  # qemuBuildSysinfoCommandLine
    ("vmgenid", machine.lower_genid),  # qemuBuildVMGenIDCommandLine
    ("display-none", machine.lower_display_none),  # before -no-user-config, as libvirt
    ("defaults", machine.lower_defaults),  # -no-user-config -nodefaults
    ("monitor", machine.lower_monitor),  # qemuBuildMonitorCommandLine
    ("clock", machine.lower_clock),  # qemuBuildClockCommandLine
    ("lifecycle", machine.lower_lifecycle),  # -no-reboot/-no-shutdown/-no-acpi/PM globals
    ("boot", machine.lower_boot),  # qemuBuildBootCommandLine
    ("iommu", devices.lower_iommu),  # qemuBuildIOMMUCommandLine
    ("global-controllers", controllers.lower_global_controllers),  # qemuBuildGlobalController...
    ("controllers", controllers.lower_controllers),  # qemuBuildControllersCommandLine
    ("memory-devices", memory.lower_memory_devices),  # qemuBuildMemoryDeviceCommandLine
    # USB hubs
    ("ccid", controllers.lower_ccid_controllers),  # after the USB hubs: CCID sits on USB
    ("disks", disks.lower_disks),  # qemuBuildDisksCommandLine
    ("filesystems", filesystems.lower_filesystems),  # qemuBuildFilesystemCommandLine
    ("nets", net.lower_nets),  # qemuBuildNetCommandLine: -netdev then -device per NIC
    ("smartcards", chardev.lower_smartcards),  # qemuBuildSmartcardCommandLine
    ("serials", chardev.lower_serials),  # qemuBuildSerialCommandLine
    ("parallels", chardev.lower_parallels),  # qemuBuildParallelsCommandLine
    ("channels", chardev.lower_channels),  # qemuBuildChannelsCommandLine
    ("consoles", chardev.lower_consoles),  # qemuBuildConsoleCommandLine
    ("tpms", tpm.lower_tpms),  # qemuBuildTPMsCommandLine
    ("inputs", devices.lower_inputs),  # qemuBuildInputCommandLine
    ("audio", graphics.lower_audio),  # qemuBuildAudioCommandLine
    ("graphics", graphics.lower_graphics),  # qemuBuildGraphicsCommandLine
    ("video", graphics.lower_videos),  # qemuBuildVideoCommandLine
    ("sound", graphics.lower_sounds),  # qemuBuildSoundCommandLine
    ("watchdog", devices.lower_watchdog),  # qemuBuildWatchdogCommandLine
    ("redirdevs", devices.lower_redirdevs),  # qemuBuildRedirdevCommandLine
    ("hostdevs", hostdev.lower_hostdevs),  # qemuBuildHostdevCommandLine
    # -incoming
    ("memballoon", devices.lower_memballoon),  # qemuBuildMemballoonCommandLine
    ("rngs", devices.lower_rngs),  # qemuBuildRNGCommandLine
    # NVRAM (spapr-nvram)
    ("vmcoreinfo", machine.lower_vmcoreinfo),  # qemuBuildVMCoreInfoCommandLine
    ("launch-security", security.lower_launch_security),  # qemuBuildSecCommandLine
    # -loadvm
    ("qemu-args", tail.lower_qemu_args),  # qemu:commandline <qemu:arg>, before -sandbox
    ("sandbox", tail.lower_sandbox),  # qemuBuildSeccompSandboxCommandLine
    ("panic", devices.lower_panics),  # qemuBuildPanicCommandLine
    # shmem
    ("vsock", devices.lower_vsock),  # qemuBuildVsockCommandLine
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
