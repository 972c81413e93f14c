"""Round-trip properties of the escaping functions, one per sink (HOSTILE-INPUT.md §3)."""

from __future__ import annotations

import json
import shlex

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.emit.argv import render_value
from compiler.emit.escape import libvirt_shell_quote, shell_quote, systemd_quote
from compiler.ir.command import JsonProps, KeyValue, Obj
from compiler.ir.printing import to_plain
from passes.refuse_passthrough_hazards import parse_opts
from passes.refuse_unsafe_option_values import misreading

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
KEYS = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)


@given(st.lists(TEXT, max_size=8))
def test_shell_quote_round_trips_through_shlex(words):
    line = " ".join(shell_quote(w) for w in words)
    assert shlex.split(line) == words


@given(TEXT)
def test_libvirt_quote_round_trips_through_shlex(word):
    assert shlex.split(libvirt_shell_quote(word)) == [word]


def systemd_unquote(quoted: str) -> str:
    """systemd's rules for one double-quoted ExecStart= word (systemd.service(5))."""
    assert quoted[0] == quoted[-1] == '"'
    body, out, i = quoted[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            out.append(body[i + 1])
            i += 2
        elif ch in "%$":
            assert body[i + 1] == ch, "specifiers must be doubled"
            out.append(ch)
            i += 2
        else:
            assert ch != '"'
            out.append(ch)
            i += 1
    return "".join(out)


@given(TEXT)
def test_systemd_quote_unquotes_to_the_word(word):
    assert systemd_unquote(systemd_quote(word)) == word


@given(
    st.lists(st.tuples(KEYS, TEXT), min_size=1, max_size=6, unique_by=lambda kv: kv[0]),
    TEXT.filter(lambda t: misreading(t) is None),  # the others are refused before emission
)
def test_key_value_escaper_splits_back_into_the_values(items, head):
    rendered = render_value(KeyValue(head, tuple(items)))
    parsed = parse_opts(rendered, "__head")
    assert parsed.pop("__head", "") == head
    assert parsed == dict(items)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1), TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(tuple),
        st.lists(st.tuples(KEYS, inner), max_size=3, unique_by=lambda kv: kv[0]).map(
            lambda kv: Obj(tuple(kv))
        ),
    ),
    max_leaves=10,
)


@settings(max_examples=200)
@given(st.lists(st.tuples(KEYS, JSON_VALUES), max_size=6, unique_by=lambda kv: kv[0]))
def test_json_options_parse_back_to_the_typed_properties(items):
    obj = Obj(tuple(items))
    assert json.loads(render_value(JsonProps(obj))) == to_plain(obj)
