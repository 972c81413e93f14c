#!/usr/bin/env python3
"""Extract the QAPI types that -blockdev, -netdev and -object take, for one target.

    python3 tools/make_qapi.py ../shared/conformance/libvirt-9.0/caps_8.0.0.x86_64.replies \
        > compiler/targets/qemu-7.2.50.qapi.json

The replies file is libvirt's recording of a QEMU's QMP answers; its query-qmp-schema
answer is QEMU's own description of its commands and types. Only the types reachable from
the arguments of blockdev-add, netdev_add and object-add are kept (the command-line options
take the same arguments). Rerun instead of editing the output by hand.
"""

from __future__ import annotations

import itertools
import json
import sys

ROOTS = {"-blockdev": "blockdev-add", "-netdev": "netdev_add", "-object": "object-add"}


def replies(path: str) -> list[object]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    found: list[object] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return found
        obj, pos = decoder.raw_decode(text, pos)
        found.append(obj)


def main() -> None:
    docs = replies(sys.argv[1])
    schema = None
    for ask, answer in itertools.pairwise(docs):
        if isinstance(ask, dict) and ask.get("execute") == "query-qmp-schema":
            schema = answer["return"]  # type: ignore[index]
            break
    if schema is None:
        raise SystemExit("no query-qmp-schema answer in the replies file")
    by_name = {e["name"]: e for e in schema}
    options = {opt: by_name[cmd]["arg-type"] for opt, cmd in ROOTS.items()}
    keep: dict[str, object] = {}
    todo = list(options.values())
    while todo:
        name = todo.pop()
        if name in keep or name not in by_name:
            continue
        entity = dict(by_name[name])
        keep[name] = entity
        meta = entity["meta-type"]
        if meta == "object":
            todo += [m["type"] for m in entity.get("members", [])]
            todo += [v["type"] for v in entity.get("variants", [])]
        elif meta == "alternate":
            todo += [m["type"] for m in entity["members"]]
        elif meta == "array":
            todo.append(entity["element-type"])
    json.dump(
        {"options": options, "types": dict(sorted(keep.items()))},
        sys.stdout,
        separators=(",", ":"),
        sort_keys=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
