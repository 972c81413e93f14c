"""Lower the domain-level options: -name through -boot (qemuBuildCommandLine's first half)."""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, Feature
from compiler.ir.query import is_i440fx, is_q35
from compiler.lower.builder import Builder, props


def feature(dom: Domain, name: str) -> Feature | None:
    for feat in dom.features:
        if feat.name == name:
            return feat
    return None


def feature_on(dom: Domain, name: str) -> bool | None:
    """True when <name/> or <name state='on'/>, False for state='off', None if absent."""
    feat = feature(dom, name)
    if feat is None:
        return None
    return True if feat.state is None else feat.state


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


def _timer(dom: Domain, name: str):  # type: ignore[no-untyped-def]
    for t in dom.clock.timers:
        if t.name == name:
            return t
    return None


def lower_machine(b: Builder) -> None:
    dom = b.dom
    items: list[tuple[str, str | None]] = [("usb", "off")]
    vmport = feature(dom, "vmport")
    if vmport is not None:
        items.append(("vmport", "on" if vmport.state in (None, True) else "off"))
    smm = feature(dom, "smm")
    if smm is not None:
        items.append(("smm", "on" if smm.state in (None, True) else "off"))
    ioapic = feature(dom, "ioapic")
    if ioapic is not None and dict(ioapic.attrs).get("driver") == "qemu":
        items.append(("kernel_irqchip", "split"))
    dump = dom.memory.dump_core
    items.append(("dump-guest-core", "on" if dump else "off"))
    machine = b.ctx.target.machine(dom.os.machine or "")
    if machine is not None and machine.default_ram_id:
        items.append(("memory-backend", machine.default_ram_id))
    hpet = _timer(dom, "hpet")
    if hpet is not None and hpet.present is False and b.ctx.target.has("machine-hpet"):
        items.append(("hpet", "off"))
    b.kv("-machine", dom.os.machine, *items, span=dom.os.span)


def lower_accel(b: Builder) -> None:
    b.kv("-accel", "kvm" if b.dom.virt_type == "kvm" else "tcg")


def lower_cpu(b: Builder) -> None:
    dom = b.dom
    cpu = dom.cpu
    model = None
    if cpu is not None and cpu.model:
        model = cpu.model
    if model is None:
        machine = b.ctx.target.machine(dom.os.machine or "")
        default = machine.default_cpu if machine else None
        model = (default or "qemu64").removesuffix("-x86_64-cpu")
    items: list[tuple[str, str | None]] = []
    if cpu is not None:
        for feat in cpu.features:
            if feat.policy in ("force", "require"):
                items.append((feat.name, "on"))
            elif feat.policy in ("disable", "forbid"):
                items.append((feat.name, "off"))
    b.kv("-cpu", model, *items, span=None if cpu is None else cpu.span)


def lower_memory(b: Builder) -> None:
    dom = b.dom
    mem = dom.memory
    if mem.max_kib is not None:
        b.kv(
            "-m",
            None,
            ("size", f"{mem.total_kib}k"),
            ("slots", str(mem.slots or 0)),
            ("maxmem", f"{mem.max_kib}k"),
        )
    else:
        b.word("-m", str(mem.total_kib // 1024))
    machine = b.ctx.target.machine(dom.os.machine or "")
    if machine is not None and machine.default_ram_id:
        b.json(
            "-object",
            props(
                ("qom-type", "memory-backend-ram"),
                ("id", machine.default_ram_id),
                ("size", mem.total_kib * 1024),
            ),
        )
    b.kv("-overcommit", None, ("mem-lock", "off"))


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
        if topo.dies is not None:
            items.append(("dies", str(topo.dies)))
        items += [("cores", str(topo.cores)), ("threads", str(topo.threads))]
    b.kv("-smp", head, *items)


def lower_uuid(b: Builder) -> None:
    b.word("-uuid", b.dom.uuid or "")


def lower_display_none(b: Builder) -> None:
    if not getattr(b.dom, "graphics", ()):
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


def lower_clock(b: Builder) -> None:
    dom = b.dom
    clock = dom.clock
    if clock.offset == "utc":
        base = "utc"
    elif clock.offset == "localtime":
        base = "localtime"
    elif clock.offset == "absolute" and clock.start is not None:
        import time

        base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(clock.start))
    else:
        b.ctx.error(codes.E101_NOT_SUPPORTED, dom.span, what=f"clock offset {q(clock.offset)}")
        return
    items: list[tuple[str, str | None]] = [("base", base)]
    rtc = _timer(dom, "rtc")
    if rtc is not None and rtc.tickpolicy == "catchup":
        items.append(("driftfix", "slew"))
    b.kv("-rtc", None, *items)
    pit = _timer(dom, "pit")
    if pit is not None and pit.tickpolicy is not None:
        policy = {"delay": "delay", "catchup": "slew", "discard": "discard"}.get(pit.tickpolicy)
        if policy is not None:
            b.kv("-global", None, ("kvm-pit.lost_tick_policy", policy))
    hpet = _timer(dom, "hpet")
    if hpet is not None and hpet.present is False and not b.ctx.target.has("machine-hpet"):
        b.flag("-no-hpet")


def lower_lifecycle(b: Builder) -> None:
    dom = b.dom
    if dom.lifecycle.on_reboot == "destroy":
        b.flag("-no-reboot")
    if b.ctx.profile.managed:
        b.flag("-no-shutdown")
    if feature_on(dom, "acpi") is not True and b.ctx.target.has("no-acpi"):
        b.flag("-no-acpi")
    pm_device = "ICH9-LPC" if is_q35(dom) else "PIIX4_PM" if is_i440fx(dom) else None
    if pm_device is not None:
        for state, value in (("s3", dom.pm.suspend_to_mem), ("s4", dom.pm.suspend_to_disk)):
            if value is not None:
                b.kv("-global", None, (f"{pm_device}.disable_{state}", "0" if value else "1"))


def lower_boot(b: Builder) -> None:
    boot = b.dom.os.boot
    items: list[tuple[str, str | None]] = []
    if boot.menu is not None:
        items.append(("menu", "on" if boot.menu else "off"))
        if boot.menu and boot.menu_timeout is not None:
            items.append(("splash-time", str(boot.menu_timeout)))
    if boot.reboot_timeout is not None:
        items.append(("reboot-timeout", str(boot.reboot_timeout)))
    items.append(("strict", "on"))
    b.kv("-boot", None, *items)
