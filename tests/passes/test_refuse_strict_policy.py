"""refuse-strict-policy: one test per rule of --policy strict, and the default policy."""

from __future__ import annotations

from dataclasses import replace

from compiler.diagnostics import Span
from compiler.ir.domain import (
    Disk,
    Domain,
    Os,
    QemuArg,
    QemuEnv,
    QemuNamespace,
    StorageSource,
)
from compiler.passmanager import Policy
from passes.refuse_strict_policy import refuse_strict_policy
from tests import builders

SPAN = Span(file="t.xml", line=3, col=5)


def disk(path: str | None = "/srv/vm/a.img", kind: str = "file", fmt: str | None = "qcow2"):
    src = StorageSource(span=SPAN, type=kind, path=path, format=fmt)
    return Disk(span=SPAN, device="disk", source=src, target="vda", bus="virtio")


def dom(**kw) -> Domain:
    return builders.domain(name="vm", **kw)


def run(d: Domain, policy: Policy) -> list[str]:
    ctx = builders.context(target="qemu-7.2", policy=policy)
    assert refuse_strict_policy(d, ctx) is d
    return [f"{x.code.id} {x.message}" for x in ctx.diagnostics]


STRICT = Policy(strict=True, path_roots=("/srv/vm",))


def test_default_policy_checks_nothing():
    d = dom(
        disks=(disk("relative.img", fmt=None),),
        qemu=QemuNamespace(args=(QemuArg(span=SPAN, value="-S"),)),
    )
    assert run(d, Policy()) == []


def test_clean_domain_passes_strict():
    assert run(dom(disks=(disk(),)), STRICT) == []


def test_passthrough_and_env_are_refused():
    ns = QemuNamespace(
        args=(QemuArg(span=SPAN, value="-S"),),
        env=(QemuEnv(span=SPAN, name="A", value="b"),),
        caps_add=((SPAN, "vnc"),),
    )
    found = run(dom(qemu=ns), STRICT)
    assert [f.split()[0] for f in found] == ["E220"] * 3


def test_paths_must_be_absolute_without_dotdot_and_under_a_root():
    found = run(
        dom(disks=(disk("a.img"), disk("/srv/vm/../../etc/shadow"), disk("/srv/vmx/a.img"))), STRICT
    )
    assert [f.split()[0] for f in found] == ["E221"] * 3
    assert "is not absolute" in found[0] and "'..'" in found[1] and "below" in found[2]


def test_without_roots_no_host_path_is_accepted():
    assert run(dom(disks=(disk(),)), Policy(strict=True))[0].startswith("E221")


def test_kernel_and_backing_files_are_host_paths_too():
    backing = StorageSource(span=SPAN, type="file", path="/etc/passwd", format="raw")
    top = replace(disk().source, backing=backing)
    d = dom(
        os=Os(span=SPAN, type="hvm", kernel="/boot/vmlinuz"), disks=(replace(disk(), source=top),)
    )
    found = run(d, STRICT)
    assert sorted(f.split()[0] for f in found) == ["E221", "E221"]


def test_host_block_devices_need_permission():
    d = dom(disks=(disk("/srv/vm/dev-sda", kind="block"),))
    assert run(d, STRICT)[0].startswith("E222")
    allowed = Policy(strict=True, path_roots=("/srv/vm",), allow_host_devices=True)
    assert run(d, allowed) == []


def test_every_disk_states_its_format():
    assert run(dom(disks=(disk(fmt=None),)), STRICT)[0].startswith("E223")


def test_network_disks_have_no_host_path():
    net = StorageSource(span=SPAN, type="network", path="pool/image", protocol="rbd", format="raw")
    d = dom(disks=(replace(disk(), source=net),))
    assert run(d, STRICT) == []


def test_chardev_paths_and_logs_are_host_paths():
    from compiler.ir.domain import Chardev, ChardevSource

    src = ChardevSource(span=SPAN, type="file", path="/var/log/x.log", log_file="/srv/vm/l")
    serial = Chardev(span=SPAN, kind="serial", source=src)
    found = run(dom(serials=(serial,)), STRICT)
    assert [f.split()[0] for f in found] == ["E221"]
    assert "/var/log/x.log" in found[0]


def test_the_emulator_must_be_the_targets_qemu():
    assert run(dom(emulator="/usr/bin/qemu-system-x86_64"), STRICT) == []
    found = run(dom(emulator="/bin/sh"), STRICT)
    assert [f.split()[0] for f in found] == ["E224"]
