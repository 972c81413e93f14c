"""``xml2argv schema-diff OLD.xsd NEW.xsd``: machine-check the extend-only promise.

Both schemas are loaded into xmlschema's component model and walked together from their
global elements, path by path (``/domain/devices/disk/@device``). Every change that could
make a document valid under OLD invalid (or mean something else) under NEW is *breaking*:
an element or attribute removed, optional made required, a new required child or attribute,
a type or enumeration narrowed (a pattern added or changed, a bound tightened), a default or
fixed value changed, a namespace changed, fewer occurrences allowed. Additions that are
optional are *compatible*. Only ``schema-diff`` imports xmlschema: the compile path never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

XS = "{http://www.w3.org/2001/XMLSchema}"
UNBOUNDED = float("inf")

# Builtin types, each with the builtins whose value space contains it (for "widening").
_WIDER: dict[str, tuple[str, ...]] = {
    "byte": ("short",),
    "short": ("int",),
    "int": ("long",),
    "long": ("integer",),
    "unsignedByte": ("unsignedShort", "short"),
    "unsignedShort": ("unsignedInt", "int"),
    "unsignedInt": ("unsignedLong", "long"),
    "unsignedLong": ("nonNegativeInteger",),
    "positiveInteger": ("nonNegativeInteger",),
    "nonNegativeInteger": ("integer",),
    "nonPositiveInteger": ("integer",),
    "negativeInteger": ("nonPositiveInteger",),
    "integer": ("decimal",),
    "decimal": ("string",),
    "boolean": ("string",),
    "NCName": ("Name",),
    "Name": ("token",),
    "NMTOKEN": ("token",),
    "ID": ("NCName",),
    "token": ("normalizedString",),
    "normalizedString": ("string",),
    "anyURI": ("string",),
    "double": ("string",),
    "float": ("double",),
    "dateTime": ("string",),
    "date": ("string",),
    "time": ("string",),
    "hexBinary": ("string",),
    "base64Binary": ("string",),
    "QName": ("string",),
    "language": ("token",),
}
_BOUND_FACETS = (
    "minInclusive",
    "minExclusive",
    "maxInclusive",
    "maxExclusive",
    "minLength",
    "maxLength",
    "length",
    "totalDigits",
    "fractionDigits",
)


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    what: str
    breaking: bool

    def render(self) -> str:
        return f"{'BREAKING' if self.breaking else 'compatible'} {self.path}: {self.what}"


def diff_files(old_path: str, new_path: str) -> list[Change]:
    import xmlschema

    old = xmlschema.XMLSchema10(old_path)
    new = xmlschema.XMLSchema10(new_path)
    return diff_schemas(old, new)


def diff_schemas(old: Any, new: Any) -> list[Change]:
    changes: list[Change] = []
    if old.target_namespace != new.target_namespace:
        changes.append(
            Change(
                "/",
                f"target namespace changed from "
                f"{old.target_namespace!r} to {new.target_namespace!r}",
                True,
            )
        )
    for name, elem in old.elements.items():
        if name not in new.elements:
            changes.append(Change(f"/{_local(name)}", "global element removed", True))
            continue
        _compare_element(elem, new.elements[name], f"/{_local(name)}", changes, set())
    for name in new.elements:
        if name not in old.elements:
            changes.append(Change(f"/{_local(name)}", "global element added", False))
    return changes


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1] if name.startswith("{") else name


def _qualified(name: str, namespace: str | None) -> str:
    return name if name.startswith("{") or not namespace else f"{{{namespace}}}{name}"


def _compare_element(
    old: Any, new: Any, path: str, out: list[Change], seen: set[tuple[int, int]]
) -> None:
    key = (id(old.type), id(new.type))
    if key in seen:
        return  # a recursive type (backingStore in backingStore): compared once already
    seen.add(key)
    if (old.default, old.fixed) != (new.default, new.fixed):
        out.append(
            Change(
                path,
                f"default/fixed value changed from {old.default or old.fixed!r}"
                f" to {new.default or new.fixed!r}",
                True,
            )
        )
    if old.nillable and not new.nillable:
        out.append(Change(path, "no longer nillable", True))
    _compare_attributes(old, new, path, out)
    _compare_content(old, new, path, out, seen)


def _compare_attributes(old: Any, new: Any, path: str, out: list[Change]) -> None:
    old_attrs = dict(getattr(old, "attributes", {}).items())
    new_attrs = dict(getattr(new, "attributes", {}).items())
    old_wild = old_attrs.pop(None, None)
    new_wild = new_attrs.pop(None, None)
    if old_wild is not None and new_wild is None:
        out.append(Change(path, "attribute wildcard removed", True))
    for name, attr in old_attrs.items():
        where = f"{path}/@{_local(name)}"
        other = new_attrs.get(name)
        if other is None:
            moved = [n for n in new_attrs if _local(n) == _local(name)]
            what = "attribute namespace changed" if moved else "attribute removed"
            out.append(Change(where, what, True))
            continue
        if attr.use != "required" and other.use == "required":
            out.append(Change(where, "optional attribute made required", True))
        if other.use == "prohibited" and attr.use != "prohibited":
            out.append(Change(where, "attribute prohibited", True))
        if (attr.default, attr.fixed) != (other.default, other.fixed):
            out.append(
                Change(
                    where,
                    f"default/fixed value changed from "
                    f"{attr.default or attr.fixed!r} to "
                    f"{other.default or other.fixed!r}",
                    True,
                )
            )
        out.extend(Change(where, why, True) for why in _narrowing(attr.type, other.type))
    for name, attr in new_attrs.items():
        if name not in old_attrs:
            where = f"{path}/@{_local(name)}"
            if attr.use == "required":
                out.append(Change(where, "new required attribute", True))
            else:
                out.append(Change(where, "optional attribute added", False))


def _compare_content(
    old: Any, new: Any, path: str, out: list[Change], seen: set[tuple[int, int]]
) -> None:
    old_type, new_type = old.type, new.type
    old_simple = _simple_content(old_type)
    new_simple = _simple_content(new_type)
    if old_simple is not None:
        if new_simple is None:
            if not getattr(new_type, "mixed", False):
                out.append(Change(path, "text content no longer allowed", True))
        else:
            out.extend(Change(path, why, True) for why in _narrowing(old_simple, new_simple))
    elif getattr(old_type, "mixed", False) and not getattr(new_type, "mixed", False):
        out.append(Change(path, "mixed content no longer allowed", True))
    old_children = dict(_children(old_type))
    new_children = dict(_children(new_type))
    for name, (elem, lo, hi) in old_children.items():
        where = f"{path}/{_local(name) if name != '*' else '*'}"
        other = new_children.get(name)
        if other is None:
            moved = [n for n in new_children if _local(n) == _local(name)]
            out.append(
                Change(where, "element namespace changed" if moved else "element removed", True)
            )
            continue
        new_elem, new_lo, new_hi = other
        if new_lo > lo:
            what = (
                "optional element made required"
                if lo == 0
                else f"minimum occurrences raised from {lo} to {new_lo}"
            )
            out.append(Change(where, what, True))
        if new_hi < hi:
            out.append(
                Change(where, f"maximum occurrences lowered from {_n(hi)} to {_n(new_hi)}", True)
            )
        if name == "*":
            if not _wildcard_covers(new_elem, elem):
                out.append(Change(where, "element wildcard narrowed", True))
            continue
        _compare_element(elem, new_elem, where, out, seen)
    for name, (_elem, lo, _hi) in new_children.items():
        if name not in old_children:
            where = f"{path}/{_local(name) if name != '*' else '*'}"
            if lo > 0:
                out.append(Change(where, "new required element", True))
            else:
                out.append(Change(where, "optional element added", False))


def _n(value: float) -> str:
    return "unbounded" if value == UNBOUNDED else str(int(value))


def _simple_content(xsd_type: Any) -> Any | None:
    if getattr(xsd_type, "is_simple", lambda: False)():
        return xsd_type
    if getattr(xsd_type, "has_simple_content", lambda: False)():
        return xsd_type.content
    return None


def _children(xsd_type: Any) -> Iterator[tuple[str, tuple[Any, float, float]]]:
    """Child element name → (declaration, effective min, effective max) in a content model."""
    content = getattr(xsd_type, "content", None)
    if content is None or not hasattr(content, "model"):
        return
    found: dict[str, tuple[Any, float, float]] = {}
    _walk_group(content, 1, 1, found, getattr(xsd_type, "target_namespace", None))
    yield from found.items()


def _walk_group(
    group: Any,
    lo: float,
    hi: float,
    found: dict[str, tuple[Any, float, float]],
    namespace: str | None,
) -> None:
    g_lo = lo * group.min_occurs
    g_hi = hi * (UNBOUNDED if group.max_occurs is None else group.max_occurs)
    alternatives = len(group) if group.model == "choice" else 1
    for item in group:
        item_lo = 0 if alternatives > 1 else g_lo
        if hasattr(item, "model"):  # a nested group
            _walk_group(item, item_lo, g_hi, found, namespace)
            continue
        i_lo = item_lo * item.min_occurs
        i_hi = g_hi * (UNBOUNDED if item.max_occurs is None else item.max_occurs)
        # a wildcard (xs:any) has no name
        name = "*" if item.name is None else _qualified(item.name, namespace)
        if name in found:  # the same element in two places of the model: add them up
            prev, p_lo, p_hi = found[name]
            found[name] = (prev, p_lo + i_lo, p_hi + i_hi)
        else:
            found[name] = (item, i_lo, i_hi)


def _wildcard_covers(new: Any, old: Any) -> bool:
    return bool(new.namespace == old.namespace or "##any" in new.namespace)


def _narrowing(old: Any, new: Any) -> list[str]:
    """Why NEW's value space may not contain OLD's (empty when it does)."""
    reasons: list[str] = []
    old_enum, new_enum = _enumeration(old), _enumeration(new)
    if new_enum is not None:
        if old_enum is None:
            reasons.append("enumeration added")
        elif not set(old_enum) <= set(new_enum):
            lost = sorted(set(old_enum) - set(new_enum))
            reasons.append(f"enumeration narrowed (removed {', '.join(map(repr, lost))})")
    if old_enum is not None and new_enum is not None and not reasons:
        return reasons  # an enumeration's values decide; bases and facets follow from them
    old_base, new_base = _builtin(old), _builtin(new)
    if old_base != new_base and not _contains(new_base, old_base):
        reasons.append(f"type narrowed from xs:{old_base} to xs:{new_base}")
    old_pat, new_pat = _patterns(old), _patterns(new)
    if new_pat and new_pat != old_pat:
        reasons.append("pattern added or changed")
    old_facets, new_facets = _facets(old), _facets(new)
    for facet in _BOUND_FACETS:
        if facet in new_facets and old_facets.get(facet) != new_facets[facet]:
            if _looser(facet, old_facets.get(facet), new_facets[facet]):
                continue
            reasons.append(f"{facet} tightened to {new_facets[facet]!r}")
    return reasons


def _looser(facet: str, old: Any, new: Any) -> bool:
    if old is None:
        return False
    try:
        if facet.startswith("min"):
            return bool(new <= old)
        return bool(new >= old)
    except TypeError:
        return False


def _enumeration(xsd_type: Any) -> list[Any] | None:
    if getattr(xsd_type, "member_types", None):
        values: list[Any] = []
        for member in xsd_type.member_types:
            enum = _enumeration(member)
            if enum is None:
                return None
            values += enum
        return values
    enum = getattr(xsd_type, "enumeration", None)
    return None if enum is None else list(enum)


def _builtin(xsd_type: Any) -> str:
    if getattr(xsd_type, "member_types", None):
        return "string"  # unions: compared through their enumerations and members
    cur = xsd_type
    while cur is not None and not (getattr(cur, "name", None) or "").startswith(XS):
        cur = getattr(cur, "base_type", None)
    if cur is None:
        return "string"
    return str(cur.name).removeprefix(XS)


def _contains(wide: str, narrow: str) -> bool:
    if wide in ("string", "anySimpleType"):
        return True
    stack = [narrow]
    seen = set()
    while stack:
        cur = stack.pop()
        if cur == wide:
            return True
        if cur in seen:
            continue
        seen.add(cur)
        stack.extend(_WIDER.get(cur, ()))
    return False


def _patterns(xsd_type: Any) -> tuple[str, ...]:
    found: list[str] = []
    cur = xsd_type
    while cur is not None and not (getattr(cur, "name", None) or "").startswith(XS):
        patterns = getattr(cur, "patterns", None)
        if patterns is not None:
            found += list(patterns.regexps)
        cur = getattr(cur, "base_type", None)
    return tuple(sorted(found))


def _facets(xsd_type: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    cur = xsd_type
    while cur is not None and not (getattr(cur, "name", None) or "").startswith(XS):
        for key, facet in (getattr(cur, "facets", None) or {}).items():
            if key is None:
                continue
            name = key.removeprefix(XS)
            if name in _BOUND_FACETS and name not in found:
                found[name] = getattr(facet, "value", None)
        cur = getattr(cur, "base_type", None)
    return found
