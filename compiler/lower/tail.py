"""Lower the end of the command line: passthrough args, -sandbox, -msg; and the environment."""

from __future__ import annotations

from compiler.ir.command import JsonProps, Option
from compiler.lower.builder import Builder


def lower_qemu_args(b: Builder) -> None:
    for arg in b.dom.qemu.args:
        b.verbatim(arg.value, arg.span)


def lower_sandbox(b: Builder) -> None:
    """seccomp: deny everything libvirt denies; QEMU may spawn only a helper it needs.

    A standalone bridge NIC is opened by qemu-bridge-helper, which QEMU forks and execs,
    so spawn=deny would make the launch fail; nothing else in the argv needs a child.
    """
    spawn = "allow" if _spawns_bridge_helper(b) else "deny"
    b.kv(
        "-sandbox",
        "on",
        ("obsolete", "deny"),
        ("elevateprivileges", "deny"),
        ("spawn", spawn),
        ("resourcecontrol", "deny"),
    )


def _spawns_bridge_helper(b: Builder) -> bool:
    for item in b.items:
        if (
            isinstance(item, Option)
            and item.flag == "-netdev"
            and isinstance(item.value, JsonProps)
            and item.value.obj.get("type") == "bridge"
        ):
            return True
    return False


def lower_msg(b: Builder) -> None:
    b.kv("-msg", None, ("timestamp", "on"))


def lower_env(b: Builder) -> None:
    """LC_ALL/PATH, HOME and the XDG dirs under the state directory, then qemu:env."""
    profile = b.ctx.profile
    state = profile.state_dir(b.dom.name)
    for name, value in profile.env_base:
        b.set_env(name, value)
    b.set_env("HOME", state)
    for name, value in profile.env_user:
        b.set_env(name, value)
    b.set_env("XDG_DATA_HOME", f"{state}/.local/share")
    b.set_env("XDG_CACHE_HOME", f"{state}/.cache")
    b.set_env("XDG_CONFIG_HOME", f"{state}/.config")


def lower_qemu_env(b: Builder) -> None:
    for env in b.dom.qemu.env:
        b.set_env(env.name, env.value)
