#!/usr/bin/env python3
"""Record which QEMU options take an argument, from `qemu-system-x86_64 -help`.

    python3 tools/make_qemu_options.py > compiler/targets/qemu-options.json

Passthrough arguments (<qemu:arg>) are split into options the way QEMU's own command-line
parser does (an option that takes an argument consumes the next word, whatever it is), so
the refusal checks need this table. In the help text an option that takes an argument is
followed by one space and its synopsis; one that takes none by two or more spaces.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else "qemu-system-x86_64"
    text = subprocess.run([binary, "-help"], capture_output=True, text=True, check=True).stdout
    version = subprocess.run(
        [binary, "-version"], capture_output=True, text=True, check=True
    ).stdout.split("\n", 1)[0]
    takes: set[str] = set()
    bare: set[str] = set()
    for line in text.splitlines():
        m = re.match(r"-([A-Za-z0-9][\w.-]*)( ?)(\S?)", line)
        if not m:
            continue
        name, space, after = m.groups()
        if line.startswith("-h or -help"):
            bare.update({"h", "help"})
        elif space == " " and after:
            takes.add(name)
        else:
            bare.add(name)
    bare -= takes
    json.dump(
        {"source": version, "takes_argument": sorted(takes), "no_argument": sorted(bare)},
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
