"""A tiny QMP client and a paused-launch helper for the real-QEMU tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path


class QMP:
    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(str(path))
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.file = self.sock.makefile("rwb")
        greeting = json.loads(self.file.readline())
        assert "QMP" in greeting
        self.execute("qmp_capabilities")

    def execute(self, command: str, **arguments: object) -> object:
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "event" in reply:
                continue
            if "error" in reply:
                raise RuntimeError(reply["error"])
            return reply["return"]

    def close(self) -> None:
        self.file.close()
        self.sock.close()


def launch(
    argv: list[str], monitor: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], QMP]:
    """Start QEMU from a compiled argv; wait for its monitor socket; return (process, QMP)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(extra_env or {})}
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    deadline = time.monotonic() + 15
    while not monitor.exists():
        if proc.poll() is not None:
            _out, err = proc.communicate()
            raise AssertionError(f"qemu exited {proc.returncode}: {err.decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("qemu did not create its monitor socket")
        time.sleep(0.01)
    return proc, QMP(monitor)


def shutdown(proc: subprocess.Popen[bytes], qmp: QMP) -> None:
    """Close the monitor and make sure QEMU is gone (after 'quit', or killed)."""
    qmp.close()
    if proc.poll() is None:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
