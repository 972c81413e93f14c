"""Lower the domain-level options: -name through -boot (qemuBuildCommandLine's first half).

The guest CPU, memory and firmware have their own modules (cpu, memory, firmware); this
one holds the machine, accelerator, SMP topology, I/O threads, clock, power management
and boot options, each with its keys in the order libvirt writes them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain
from compiler.ir.query import is_q35
from compiler.lower import security
from compiler.lower.builder import Builder, props
from compiler.lower.features import child, feature, feature_on, onoff, timer
from compiler.lower.firmware import pflash_machine_props


def lower_name(b: Builder) -> None:
    b.kv("-name", None, ("guest", b.dom.name), ("debug-threads", "on"), span=b.dom.span)


def lower_compat(b: Builder) -> None:
    behavior = b.dom.qemu.deprecation
    if behavior in (None, "none") or not b.ctx.target.has("compat-deprecated"):
        return
    pairs: list[tuple[str, object]] = [("deprecated-output", "hide")]
    if behavior in ("reject", "crash"):
        pairs.append(("deprecated-input", behavior))
    b.json("-compat", props(*pairs))


def lower_freeze(b: Builder) -> None:
    if b.ctx.profile.managed:
        b.flag("-S")


def lower_master_key(b: Builder) -> None:
    profile = b.ctx.profile
    if not profile.master_key:
        return
    path = f"{profile.state_dir(b.dom.name)}/master-key.aes"
    b.json(
        "-object",
        props(("qom-type", "secret"), ("id", "masterKey0"), ("format", "raw"), ("file", path)),
    )


def lower_machine(b: Builder) -> None:
    """-machine TYPE,key=value... in qemuBuildMachineCommandLine's fixed key order."""
    dom = b.dom
    items: list[tuple[str, str | None]] = [("usb", "off")]
    items += _feature_props(dom)
    dump = dom.memory.dump_core
    items.append(("dump-guest-core", onoff(bool(dump))))
    if dom.memory_backing is not None and dom.memory_backing.nosharepages:
        items.append(("mem-merge", "off"))
    if any(m.model == "nvdimm" for m in dom.memories):
        items.append(("nvdimm", "on"))
    machine = b.ctx.target.machine(dom.os.machine or "")
    if dom.numa is None and machine is not None and machine.default_ram_id:
        items.append(("memory-backend", machine.default_ram_id))
    items += security.machine_props(b)
    items += pflash_machine_props(dom)
    numa = dom.numa
    if numa is not None and (numa.interconnects or any(c.caches for c in numa.cells)):
        items.append(("hmat", "on"))
    if dom.os.boot.bios_useserial:
        items.append(("graphics", "off"))
    hpet = timer(dom, "hpet")
    if hpet is not None and hpet.present is not None and b.ctx.target.has("machine-hpet"):
        items.append(("hpet", onoff(hpet.present)))
    b.kv("-machine", dom.os.machine, *items, span=dom.os.span)


def _feature_props(dom: Domain) -> list[tuple[str, str | None]]:
    """vmport=, smm=, kernel_irqchip= (qemuAppendDomainFeaturesMachineParam)."""
    items: list[tuple[str, str | None]] = []
    for name in ("vmport", "smm"):
        state = feature_on(dom, name)
        if state is not None:
            items.append((name, onoff(state)))
    ioapic = feature(dom, "ioapic")
    driver = None if ioapic is None else dict(ioapic.attrs).get("driver")
    if driver == "qemu":
        items.append(("kernel_irqchip", "split"))
    elif driver == "kvm":
        items.append(("kernel_irqchip", "on"))
    return items


def lower_accel(b: Builder) -> None:
    dom = b.dom
    if dom.virt_type == "kvm":
        items: list[tuple[str, str | None]] = []
        ring = child(feature(dom, "kvm"), "dirty-ring")
        if ring is not None and ring.state:
            items.append(("dirty-ring-size", dict(ring.attrs).get("size", "0")))
        b.kv("-accel", "kvm", *items)
        return
    cache = child(feature(dom, "tcg"), "tb-cache")
    if cache is not None and cache.size_kib:
        b.kv("-accel", "tcg", ("tb-size", str(cache.size_kib >> 10)))
        return
    b.kv("-accel", "tcg")


def lower_tseg(b: Builder) -> None:
    """-global mch.extended-tseg-mbytes=N (checked by refuse-invalid-firmware)."""
    tseg = child(feature(b.dom, "smm"), "tseg")
    if tseg is not None:
        size = (tseg.size_kib or 0) // 1024
        b.kv("-global", None, ("mch.extended-tseg-mbytes", str(size)))


def lower_smp(b: Builder) -> None:
    dom = b.dom
    vcpu = dom.vcpu
    topo = dom.cpu.topology if dom.cpu is not None else None
    items: list[tuple[str, str | None]] = []
    if vcpu.current is not None and vcpu.current != vcpu.count:
        head = str(vcpu.current)
        items.append(("maxcpus", str(vcpu.count)))
    else:
        head = str(vcpu.count)
    if topo is None:
        items += [("sockets", str(vcpu.count)), ("cores", "1"), ("threads", "1")]
    else:
        items.append(("sockets", str(topo.sockets)))
        if b.ctx.target.has("smp-dies"):
            items.append(("dies", str(topo.dies or 1)))
        items += [("cores", str(topo.cores)), ("threads", str(topo.threads))]
    b.kv("-smp", head, *items)


def lower_uuid(b: Builder) -> None:
    b.word("-uuid", b.dom.uuid or "")


def lower_display_none(b: Builder) -> None:
    """Without <graphics>, QEMU must not open a window of its own."""
    if not b.dom.graphics:
        b.kv("-display", "none")


def lower_defaults(b: Builder) -> None:
    b.flag("-no-user-config")
    b.flag("-nodefaults")


def lower_monitor(b: Builder) -> None:
    profile = b.ctx.profile
    if profile.monitor_fd is not None:
        source: tuple[str, str] = ("fd", str(profile.monitor_fd))
    else:
        source = ("path", f"{profile.state_dir(b.dom.name)}/monitor.sock")
    b.kv("-chardev", "socket", ("id", "charmonitor"), source, ("server", "on"), ("wait", "off"))
    b.kv("-mon", None, ("chardev", "charmonitor"), ("id", "monitor"), ("mode", "control"))


def lower_iothreads(b: Builder) -> None:
    """qemuBuildIOThreadCommandLine: one iothread object per id, then the main loop's pool."""
    threads = b.dom.iothreads
    for t in threads.ids:
        b.json(
            "-object",
            props(
                ("qom-type", "iothread"),
                ("id", f"iothread{t.id}"),
                ("thread-pool-min", t.pool_min),
                ("thread-pool-max", t.pool_max),
                ("poll-max-ns", t.poll_max_ns),
                ("poll-grow", t.poll_grow),
                ("poll-shrink", t.poll_shrink),
            ),
            span=t.span,
        )
    if threads.main_pool is not None:
        low, high = threads.main_pool
        b.json(
            "-object",
            props(
                ("qom-type", "main-loop"),
                ("id", "main-loop"),
                ("thread-pool-min", low),
                ("thread-pool-max", high),
            ),
        )


# SMBIOS tables and the <sysinfo> entries each takes, in the order QEMU's -smbios gets them.
_SMBIOS_KEYS = {
    0: ("vendor", "version", "date", "release"),
    1: ("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
    2: ("manufacturer", "product", "version", "serial", "asset", "location"),
    3: ("manufacturer", "version", "serial", "asset", "sku"),
}


def lower_smbios(b: Builder) -> None:
    """qemuBuildSmbiosCommandLine: -smbios type=0/1/2/3/11 from <sysinfo type='smbios'>."""
    dom = b.dom
    mode = dom.os.smbios_mode
    if mode in (None, "emulate"):
        return
    if mode == "host":
        # The host's own tables: a fact of the machine running QEMU, never reproducible.
        b.ctx.error(codes.E101_NOT_SUPPORTED, dom.os.span, what="<smbios mode='host'>")
        return
    source = next((s for s in dom.sysinfo if s.type == "smbios"), None)
    if source is None:
        b.ctx.error(codes.E105_MISSING, dom.os.span, what="<sysinfo type='smbios'>")
        return
    tables = [(0, source.bios), (1, source.system)]
    tables += [(2, board) for board in source.base_boards] + [(3, source.chassis)]
    for kind, entries in tables:
        values = dict(entries)
        items = [(key, values[key]) for key in _SMBIOS_KEYS[kind] if values.get(key)]
        if items:
            b.kv("-smbios", None, ("type", str(kind)), *items, span=source.span)
    if source.oem_strings:
        oem = [("value", text) for text in source.oem_strings]
        b.kv("-smbios", None, ("type", "11"), *oem, span=source.span)


def lower_fw_cfg(b: Builder) -> None:
    """qemuBuildSysinfoCommandLine: one -fw_cfg per <sysinfo type='fwcfg'> entry."""
    for info in b.dom.sysinfo:
        for entry in info.fw_cfg if info.type == "fwcfg" else ():
            source = ("string", entry.value) if entry.value is not None else ("file", entry.file)
            b.kv("-fw_cfg", None, ("name", entry.name), source, span=info.span)


def lower_genid(b: Builder) -> None:
    if b.dom.genid is not None:
        b.device(props(("driver", "vmgenid"), ("guid", b.dom.genid), ("id", "vmgenid0")))


def lower_vmcoreinfo(b: Builder) -> None:
    """qemuBuildVMCoreInfoCommandLine: the guest publishes its crash-dump hints here."""
    if feature_on(b.dom, "vmcoreinfo"):
        b.device(props(("driver", "vmcoreinfo")))


def lower_clock(b: Builder) -> None:
    """-rtc base=...,clock=...,driftfix=..., then the PIT and HPET timers."""
    dom = b.dom
    clock = dom.clock
    if clock.offset == "utc":
        base = "utc"
    elif clock.offset in ("localtime", "timezone"):
        base = "localtime"
    elif clock.offset == "absolute" and clock.start is not None:
        base = datetime.fromtimestamp(clock.start, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    else:
        # 'variable' depends on the time of the start: never reproducible output.
        b.ctx.error(codes.E101_NOT_SUPPORTED, dom.span, what=f"clock offset {q(clock.offset)}")
        return
    items: list[tuple[str, str | None]] = [("base", base)]
    rtc = timer(dom, "rtc")
    if rtc is not None:
        track = _RTC_TRACK.get(rtc.track or "")
        if track is not None:
            items.append(("clock", track))
        if rtc.tickpolicy == "catchup":
            items.append(("driftfix", "slew"))
    b.kv("-rtc", None, *items)
    if clock.offset == "timezone" and clock.timezone:
        b.set_env("TZ", clock.timezone)
    pit = timer(dom, "pit")
    if pit is not None and b.ctx.target.has("kvm-pit-lost-tick-policy"):
        policy = {None: "delay", "delay": "delay", "discard": "discard"}.get(pit.tickpolicy)
        if policy is not None:
            b.kv("-global", None, ("kvm-pit.lost_tick_policy", policy))
    hpet = timer(dom, "hpet")
    if hpet is not None and hpet.present is False and not b.ctx.target.has("machine-hpet"):
        b.flag("-no-hpet")


def lower_lifecycle(b: Builder) -> None:
    """qemuBuildPMCommandLine: -no-shutdown (a manager sets the other actions over QMP)."""
    dom = b.dom
    if b.ctx.profile.managed:
        b.flag("-no-shutdown")
    elif dom.lifecycle.on_reboot == "destroy":
        b.flag("-no-reboot")
    if feature_on(dom, "acpi") is not True and b.ctx.target.has("no-acpi"):
        b.flag("-no-acpi")
    pm_device = "ICH9-LPC" if is_q35(dom) else "PIIX4_PM"
    for state, value in (("s3", dom.pm.suspend_to_mem), ("s4", dom.pm.suspend_to_disk)):
        if value is not None:
            b.kv("-global", None, (f"{pm_device}.disable_{state}", "0" if value else "1"))


def lower_boot(b: Builder) -> None:
    """-boot menu=,reboot-timeout=,splash-time=,strict=on, then the direct kernel boot."""
    os_ = b.dom.os
    boot = os_.boot
    items: list[tuple[str, str | None]] = []
    if boot.menu is not None:
        items.append(("menu", onoff(boot.menu)))
    if boot.reboot_timeout is not None:
        items.append(("reboot-timeout", str(boot.reboot_timeout)))
    if boot.menu and boot.menu_timeout is not None:
        items.append(("splash-time", str(boot.menu_timeout)))
    items.append(("strict", "on"))
    b.kv("-boot", None, *items)
    for flag, value in (
        ("-kernel", os_.kernel),
        ("-initrd", os_.initrd),
        ("-append", os_.cmdline),
        ("-dtb", os_.dtb),
    ):
        if value is not None:
            b.word(flag, value, span=os_.span)
    if os_.slic_table is not None:
        b.kv("-acpitable", None, ("sig", "SLIC"), ("file", os_.slic_table), span=os_.span)


_RTC_TRACK = {"guest": "vm", "wall": "host", "realtime": "rt"}
