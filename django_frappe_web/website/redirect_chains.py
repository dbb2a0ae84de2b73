"""Chains (``a → b → c``) and loops (``a → b → a``) among redirect rules, found by following a
rule's target through the resolver: a loop sends visitors round until the browser gives up, a
chain costs each of them an extra round trip. Pure: the caller gives the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .redirects import RedirectResolver, RedirectRule

MAX_HOPS = 10


def follow(rule: RedirectRule, resolver: RedirectResolver) -> tuple[str, list[str]] | None:
    """``("loop", path)`` or ``("chain", path)`` when the target of ``rule`` (a path on this site,
    without back-references) is itself redirected by ``resolver`` (whose rules include ``rule``); else None."""
    if "\\" in rule.target:
        return None  # the target depends on the visitor's path: nothing fixed to follow
    start = _site_path(rule.target)
    if start is None:
        return None
    path, seen = start, [start]
    for _hop in range(MAX_HOPS):
        found = resolver.resolve(path)
        if found is None:
            return ("chain", seen) if len(seen) > 1 else None
        path = _site_path(found.location)
        if path is None:
            return "chain", seen
        if path in seen or found.rule is rule:
            return "loop", [*seen, path]
        seen.append(path)
    return "loop", seen  # longer than any sane chain: treated as a loop


def _site_path(location: str) -> str | None:
    parts = urlsplit(location)
    if parts.scheme or parts.netloc or location.startswith(("mailto:", "tel:")):
        return None
    return parts.path.strip("/")


def describe(kind: str, path: list[str]) -> str:
    steps = " → ".join(f"/{step}" for step in path)
    if kind == "loop":
        return _("This redirect makes a loop: {steps}.").format(steps=steps)
    return _("This redirect leads to another redirect ({steps}): point it at the last address.").format(steps=steps)


def problem_among(rule_dict: dict, order: tuple, others: Iterable[tuple[tuple, dict]]) -> tuple[str, list[str]] | None:
    """:func:`follow` for a rule given as a dict, placed by ``order`` (priority, id) among ``others``
    (``(order, dict)`` each; one that no longer compiles is left out)."""
    rule = RedirectRule.from_dict(rule_dict)
    ordered = [(order, rule)]
    for other_order, data in others:
        try:
            ordered.append((other_order, RedirectRule.from_dict(data)))
        except ValidationError:
            continue
    ordered.sort(key=lambda item: item[0])
    return follow(rule, RedirectResolver([item[1] for item in ordered], memo_size=0))


def problems(rule_dicts: Iterable[dict]) -> list[tuple[dict, tuple[str, list[str]]]]:
    """Every rule (dicts in the order they are tried) that loops or chains: one resolver for all."""
    rules = []
    for data in rule_dicts:
        try:
            rules.append((data, RedirectRule.from_dict(data)))
        except ValidationError:
            continue
    resolver = RedirectResolver([rule for _data, rule in rules])
    found = [(data, follow(rule, resolver)) for data, rule in rules]
    return [(data, problem) for data, problem in found if problem is not None]
