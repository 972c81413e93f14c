"""xml2argv: compile libvirt-style domain XML into the exact QEMU command line.

The public API lives in :mod:`compiler.driver` (``compile_bytes``, ``compile_file``);
the command line in :mod:`compiler.cli`.
"""
