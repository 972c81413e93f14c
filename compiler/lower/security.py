"""Lower <launchSecurity type='sev'>: the sev-guest object and its -machine reference.

The guest owner's Diffie-Hellman certificate and session blob are base64 text that QEMU
reads from files; libvirt writes them into the domain's state directory before start,
so the object names those files (dh_cert.base64, session.base64) under the same directory.
"""

from __future__ import annotations

from compiler import codes
from compiler.lower.builder import Builder, props

SEV_ID = "lsec0"


def machine_props(b: Builder) -> list[tuple[str, str | None]]:
    """-machine confidential-guest-support=lsec0 (memory-encryption= on older QEMUs)."""
    if b.dom.launch_security is None:
        return []
    if b.ctx.target.has("confidential-guest-support"):
        return [("confidential-guest-support", SEV_ID)]
    return [("memory-encryption", SEV_ID)]


def lower_launch_security(b: Builder) -> None:
    """qemuBuildSEVCommandLine."""
    sev = b.dom.launch_security
    if sev is None:
        return
    if not b.ctx.target.has("sev-guest"):
        b.ctx.error(
            codes.E106_UNSUPPORTED_TARGET,
            sev.span,
            what="SEV launch security",
            target=b.ctx.target.name,
        )
        return
    state = b.ctx.profile.state_dir(b.dom.name)
    b.json(
        "-object",
        props(
            ("qom-type", "sev-guest"),
            ("id", SEV_ID),
            ("cbitpos", sev.cbitpos),
            ("reduced-phys-bits", sev.reduced_phys_bits),
            ("policy", sev.policy),
            ("dh-cert-file", None if sev.dh_cert is None else f"{state}/dh_cert.base64"),
            ("session-file", None if sev.session is None else f"{state}/session.base64"),
            ("kernel-hashes", sev.kernel_hashes),
        ),
        span=sev.span,
    )
