"""Queries on <features> and <clock> timers that several domain-level builders share."""

from __future__ import annotations

from compiler.ir.domain import Domain, Feature, Timer


def feature(dom: Domain, name: str) -> Feature | None:
    for feat in dom.features:
        if feat.name == name:
            return feat
    return None


def feature_on(dom: Domain, name: str) -> bool | None:
    """True for <name/> or <name state='on'/>, False for state='off', None if absent."""
    feat = feature(dom, name)
    if feat is None:
        return None
    return True if feat.state is None else feat.state


def child(feat: Feature | None, name: str) -> Feature | None:
    if feat is None:
        return None
    return next((c for c in feat.children if c.name == name), None)


def timer(dom: Domain, name: str) -> Timer | None:
    return next((t for t in dom.clock.timers if t.name == name), None)


def onoff(value: bool) -> str:
    return "on" if value else "off"
