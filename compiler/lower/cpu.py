"""Lower the guest CPU: -cpu MODEL,feature=on,... (qemuBuildCpuCommandLine).

The argument is the model (or 'host'/'max'), then, in libvirt's fixed order: the vendor,
the explicit <feature>s (with libvirt's names translated to QEMU's), the paravirtual
timers, the KVM paravirt switches from <features> (EOI, spinlocks), Hyper-V
enlightenments, the Hyper-V crash MSRs of a hyperv <panic>, KVM <features>, and the PMU.
"""

from __future__ import annotations

from compiler import codes
from compiler.diagnostics import q
from compiler.ir.domain import Domain, Feature
from compiler.lower.builder import Builder
from compiler.lower.features import feature, feature_on, onoff

# libvirt and QEMU spell these x86 features differently (virQEMUCapsCPUFeaturesX86); used
# when QEMU takes its canonical names ('canonical-cpu-features').
_QEMU_FEATURE_NAMES = {
    "cmp_legacy": "cmp-legacy",
    "ds_cpl": "ds-cpl",
    "fxsr_opt": "fxsr-opt",
    "kvm_pv_eoi": "kvm-pv-eoi",
    "kvm_pv_unhalt": "kvm-pv-unhalt",
    "lahf_lm": "lahf-lm",
    "nodeid_msr": "nodeid-msr",
    "pclmuldq": "pclmulqdq",
    "perfctr_core": "perfctr-core",
    "perfctr_nb": "perfctr-nb",
    "tsc_adjust": "tsc-adjust",
}
_ON_POLICIES = ("force", "require")
_OFF_POLICIES = ("disable", "forbid")
# Hyper-V enlightenments in libvirt's enum order (virDomainHyperv), which the argv keeps.
_HYPERV_ORDER = (
    "relaxed",
    "vapic",
    "spinlocks",
    "vpindex",
    "runtime",
    "synic",
    "stimer",
    "reset",
    "vendor_id",
    "frequencies",
    "reenlightenment",
    "tlbflush",
    "ipi",
    "evmcs",
    "avic",
    "emsr_bitmap",
    "xmm_input",
)
_DEFAULT_MODELS = {"i686": "qemu32", "x86_64": "qemu64"}


def lower_cpu(b: Builder) -> None:
    dom = b.dom
    parts = _model(b)
    flags = [*_timer_flags(dom), *_paravirt_flags(dom), *_hyperv_flags(dom)]
    flags += _panic_flags(dom) + _kvm_flags(dom) + _pmu_flags(dom)
    if parts is None and flags:
        parts = [_DEFAULT_MODELS.get(dom.os.arch or "", "qemu64")]
    if parts is None:
        return
    # One key=value option: the emitter escapes every value, and refuse-unsafe-option-values
    # checks the model (a 'help' or 'a=b' model from the XML cannot pass).
    items = [_switch(flag) for flag in (*parts[1:], *flags)]
    b.kv("-cpu", parts[0], *items, span=None if dom.cpu is None else dom.cpu.span)


def _switch(flag: str) -> tuple[str, str | None]:
    """'name=value' → ('name', 'value'); a bare 'name' stays a key without a value."""
    name, sep, value = flag.partition("=")
    return (name, value) if sep else (name, None)


def _model(b: Builder) -> list[str] | None:
    """The model ('host'/'max' or the named model), then the vendor and <feature> switches."""
    cpu = b.dom.cpu
    if cpu is None or (cpu.mode in (None, "custom") and not cpu.model):
        default = _default_model(b)
        return None if default is None else [default]
    if cpu.mode == "host-model":
        b.ctx.error(codes.E101_NOT_SUPPORTED, cpu.span, what="<cpu mode='host-model'>")
        return None
    parts: list[str] = []
    if cpu.mode in ("host-passthrough", "maximum"):
        parts.append("host" if cpu.mode == "host-passthrough" else "max")
        migratable = cpu.migratable
        if migratable is None and cpu.mode == "host-passthrough":
            migratable = True  # libvirt's post-parse default for a new host-passthrough CPU
        if migratable is not None and b.ctx.target.has("cpu.migratable"):
            parts.append(f"migratable={onoff(migratable)}")
    else:
        parts.append(cpu.model or "")
    if cpu.vendor_id:
        parts.append(f"vendor={cpu.vendor_id}")
    canonical = b.ctx.target.has("canonical-cpu-features")
    known = b.ctx.target.cpu_features
    for feat in cpu.features:
        name = _QEMU_FEATURE_NAMES.get(feat.name, feat.name) if canonical else feat.name
        if known and _QEMU_FEATURE_NAMES.get(feat.name, feat.name) not in known:
            # QEMU would refuse the unknown property and not start; libvirt leaves it out.
            b.ctx.warning(
                codes.W001_IGNORED,
                cpu.span,
                what=f"CPU feature {q(feat.name)} (unknown to target {b.ctx.target.name})",
            )
            continue
        if feat.policy in _ON_POLICIES:
            parts.append(f"{name}=on")
        elif feat.policy in _OFF_POLICIES:
            parts.append(f"{name}=off")
    return parts


def _default_model(b: Builder) -> str | None:
    """libvirt's post-parse default: the machine type's default CPU model."""
    machine = b.ctx.target.machine(b.dom.os.machine or "")
    default = machine.default_cpu if machine is not None else None
    return None if default is None else default.removesuffix(f"-{b.ctx.target.arch}-cpu")


def _timer_flags(dom: Domain) -> list[str]:
    flags: list[str] = []
    for t in dom.clock.timers:
        if t.name == "kvmclock" and t.present is not None:
            flags.append(f"kvmclock={onoff(t.present)}")
        elif t.name == "hypervclock" and t.present:
            flags.append("hv-time=on")
        elif t.name == "tsc" and t.frequency:
            flags.append(f"tsc-frequency={t.frequency}")
    return flags


def _paravirt_flags(dom: Domain) -> list[str]:
    flags: list[str] = []
    apic = feature(dom, "apic")
    eoi = None if apic is None else dict(apic.attrs).get("eoi")
    if eoi is not None:
        flags.append(f"kvm-pv-eoi={eoi}")
    spinlock = feature(dom, "pvspinlock")
    if spinlock is not None:
        flags.append(f"kvm-pv-unhalt={onoff(spinlock.state is not False)}")
    return flags


def _hyperv_flags(dom: Domain) -> list[str]:
    hyperv = feature(dom, "hyperv")
    if hyperv is None:
        return []
    flags: list[str] = []
    if dict(hyperv.attrs).get("mode") == "passthrough":
        flags.append("hv-passthrough=on")
    enabled = {c.name: c for c in hyperv.children if c.state is True}
    for name in _HYPERV_ORDER:
        child = enabled.get(name)
        if child is not None:
            flags += _hyperv_flag(child)
    return flags


def _hyperv_flag(child: Feature) -> list[str]:
    attrs = dict(child.attrs)
    if child.name == "spinlocks":
        return [f"hv-spinlocks=0x{int(attrs.get('retries', '0')):x}"]
    if child.name == "vendor_id":
        return [f"hv-vendor-id={attrs.get('value', '')}"]
    flags = [f"hv-{child.name.replace('_', '-')}=on"]
    if child.name == "stimer" and any(c.name == "direct" and c.state for c in child.children):
        flags.append("hv-stimer-direct=on")
    return flags


def _panic_flags(dom: Domain) -> list[str]:
    return ["hv-crash"] if any(p.model == "hyperv" for p in dom.panics) else []


def _kvm_flags(dom: Domain) -> list[str]:
    kvm = feature(dom, "kvm")
    if kvm is None:
        return []
    states = {c.name: c.state for c in kvm.children}
    flags: list[str] = []
    if states.get("hidden") is True:
        flags.append("kvm=off")
    if states.get("hint-dedicated") is True:
        flags.append("kvm-hint-dedicated=on")
    if states.get("poll-control") is True:
        flags.append("kvm-poll-control=on")
    if states.get("pv-ipi") is False:
        flags.append("kvm-pv-ipi=off")
    return flags


def _pmu_flags(dom: Domain) -> list[str]:
    pmu = feature_on(dom, "pmu")
    return [] if pmu is None else [f"pmu={onoff(pmu)}"]
