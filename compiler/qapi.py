"""Check JSON option values against the target QEMU's QAPI schema (its introspection data).

-blockdev, -netdev and -object take the arguments of the QMP commands blockdev-add,
netdev_add and object-add, which QEMU describes in query-qmp-schema: object types with
members (optional ones carry a 'default' key), flat unions selected by a tag member,
alternates, arrays, enums and builtins. libvirt's test suite checks every such option
against that schema; ``errors`` does the same for a Command IR value, so a wrong key, a
missing member or a string where QEMU wants an int is caught at compile time, not when
QEMU starts. The data is per target (``compiler/targets/<target>.qapi.json``, written by
``tools/make_qapi.py``) and is loaded only when the check is asked for.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# QAPI json-type → the Python types json.loads gives for it
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "int": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
_BUILTIN_JSON_TYPE = {
    "str": "string",
    "int": "int",
    "number": "number",
    "bool": "boolean",
    "null": "null",
    "any": "value",
}


@cache
def load(target: str) -> dict[str, Any] | None:
    """The QAPI data of ``target``, or None when the target has none."""
    path = resources.files("compiler.targets").joinpath(f"{target}.qapi.json")
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, OSError):
        return None
    return data


def errors(schema: dict[str, Any], option: str, value: Any) -> list[str]:
    """Why ``value`` is not a valid argument of ``option`` (empty when it is)."""
    root = schema["options"].get(option)
    if root is None:
        return []
    found: list[str] = []
    _check(schema["types"], root, value, option, found)
    return found


def _check(types: dict[str, Any], name: str, value: Any, path: str, found: list[str]) -> None:
    entity = types.get(name) or {
        "meta-type": "builtin",
        "name": name,
        "json-type": _BUILTIN_JSON_TYPE.get(name, "value"),
    }
    meta = entity["meta-type"]
    if meta == "builtin":
        _check_builtin(entity, value, path, found)
    elif meta == "enum":
        allowed = entity.get("values") or [m["name"] for m in entity.get("members", [])]
        if value not in allowed:
            found.append(f"{path}: {value!r} is not one of {', '.join(map(repr, allowed))}")
    elif meta == "array":
        if not isinstance(value, list):
            found.append(f"{path}: expected an array")
            return
        for i, item in enumerate(value):
            _check(types, entity["element-type"], item, f"{path}[{i}]", found)
    elif meta == "alternate":
        for member in entity["members"]:
            attempt: list[str] = []
            _check(types, member["type"], value, path, attempt)
            if not attempt:
                return
        found.append(f"{path}: {value!r} matches none of the alternatives")
    elif meta == "object":
        _check_object(types, entity, value, path, found)


def _check_builtin(entity: dict[str, Any], value: Any, path: str, found: list[str]) -> None:
    kind = entity.get("json-type", "value")
    if kind == "value":
        return
    wanted = _JSON_TYPES.get(kind, (object,))
    if isinstance(value, bool) and bool not in wanted:
        found.append(f"{path}: expected {kind}, got a boolean")
    elif not isinstance(value, wanted):
        found.append(f"{path}: expected {kind}, got {type(value).__name__}")


def _members(
    types: dict[str, Any], entity: dict[str, Any], value: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The members an object accepts, with those of the variant its tag selects."""
    members = {m["name"]: m for m in entity.get("members", [])}
    tag = entity.get("tag")
    if tag is not None and tag in value:
        for variant in entity.get("variants", []):
            if variant["case"] == value[tag]:
                members.update(_members(types, types.get(variant["type"], {}), value))
    return members


def _check_object(
    types: dict[str, Any], entity: dict[str, Any], value: Any, path: str, found: list[str]
) -> None:
    if not isinstance(value, dict):
        found.append(f"{path}: expected an object")
        return
    members = _members(types, entity, value)
    for key in value:
        if key not in members:
            found.append(f"{path}: unknown member {key!r}")
    for key, member in members.items():
        if key in value:
            _check(types, member["type"], value[key], f"{path}.{key}", found)
        elif "default" not in member:
            found.append(f"{path}: missing member {key!r}")
