"""The two intermediate representations.

``compiler.ir.domain`` (the Domain IR) speaks libvirt: Disk, Controller, Net...
``compiler.ir.command`` (the Command IR) speaks QEMU: options with typed properties.
"""

from compiler.diagnostics import IRInvariantError, Span
from compiler.ir.domain import *  # noqa: F403 - the Domain IR is one vocabulary

__all__ = ["IRInvariantError", "Span"]
