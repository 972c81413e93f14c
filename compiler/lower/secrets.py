"""QEMU 'secret' objects for disk authentication, encryption keys and HTTP cookies.

A managed launch (the libvirt-test profile) hands QEMU every secret encrypted with the
per-domain master key (AES-256-CBC, base64), as libvirt does; the secret values
themselves belong to the management layer's secret store, which the profile stands for.
A standalone launch has no master key: a secret the XML names by UUID or usage is read
from a file in the state directory, where the operator puts it, so it never shows in
the process list.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from compiler.ir.command import Obj
from compiler.ir.domain import SecretRef
from compiler.lower.builder import Builder, props

# libvirt's test harness: master key bytes 00..1f, IV bytes 00..0f, and the one value its
# fake secret driver returns for every secret (HARNESS.md §3.4).
_TEST_MASTER_KEY = bytes(range(32))
_TEST_IV = bytes(range(16))
_TEST_SECRET_VALUE = "AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A"


def secret_object(b: Builder, alias: str, ref: SecretRef | None, value: str | None = None) -> Obj:
    """The secret object ``alias`` for a stored secret ``ref`` or an inline ``value``."""
    profile = b.ctx.profile
    if profile.master_key:
        plain = _TEST_SECRET_VALUE if value is None else value
        return props(
            ("qom-type", "secret"),
            ("id", alias),
            ("data", _encrypt(plain)),
            ("keyid", "masterKey0"),
            ("iv", base64.b64encode(_TEST_IV).decode()),
            ("format", "base64"),
        )
    if value is not None:
        return props(("qom-type", "secret"), ("id", alias), ("data", value), ("format", "raw"))
    name = "secret" if ref is None else (ref.uuid or quote(ref.usage or "secret", safe=""))
    path = f"{profile.state_dir(b.dom.name)}/secrets/{name}"
    return props(("qom-type", "secret"), ("id", alias), ("format", "raw"), ("file", path))


def _encrypt(plain: str) -> str:
    # Imported here: only a managed launch with secrets needs the cipher.
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    data = padder.update(plain.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_TEST_MASTER_KEY), modes.CBC(_TEST_IV)).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()
