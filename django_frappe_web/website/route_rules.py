"""Website route rules: ``FRAPPE_WEB["WEBSITE_ROUTE_RULES"]`` and the ``website_route_rules`` hook.

A rule maps a dynamic URL (``/kb/<category>``) onto a route the renderers know, capturing
parts of the URL into ``form_dict``. Pure: the caller collects the dicts and builds
:class:`RouteRule` objects and one :class:`RouteRuleResolver`. Placeholders, matching and
order: docs/website.md ("Route rules").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ValidationError

from .rule_dicts import RuleList, check_rule_dict, origin_note

__all__ = ["CONVERTERS", "RouteAttempt", "RouteRule", "RouteRuleMatch", "RouteRuleResolver"]

#: Keys accepted by :meth:`RouteRule.from_dict`.
DICT_KEYS = frozenset({"from_route", "to_route", "defaults"})

_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"

#: converter name -> (regex, to_python)
CONVERTERS: Mapping[str, tuple[str, Callable[[str], Any]]] = MappingProxyType(
    {
        "default": ("[^/]+", str),
        "string": ("[^/]+", str),
        "int": ("[0-9]+", int),
        "float": (r"[0-9]+\.[0-9]+", float),
        "uuid": (_UUID, uuid.UUID),
        "path": ("[^/].*?", str),
    }
)

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PLACEHOLDER_RE = re.compile(rf"<(?:(?P<converter>{_NAME})(?P<args>\([^>]*\))?:)?(?P<name>{_NAME})>")
_TO_PLACEHOLDER_RE = re.compile(rf"<(?P<name>{_NAME})>")

_CODE = "invalid_route_rule"


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code=_CODE)


@dataclass(frozen=True)
class RouteRule:
    """One route rule, validated when built. ``origin`` (``"settings"``, ``"hooks:<app>"``) is
    for ``explain_route`` and plays no part in matching."""

    from_route: str
    to_route: str
    defaults: Mapping[str, Any] = field(default_factory=dict, hash=False)
    origin: str = ""
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _params: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)  # (name, converter)

    def __post_init__(self) -> None:
        where = origin_note(self.origin)
        if not isinstance(self.from_route, str) or not self.from_route.strip():
            raise _invalid(f"Route rule from_route must be a non-empty string{where}.")
        if not isinstance(self.to_route, str) or not self.to_route.strip("/ "):
            raise _invalid(f'Route rule "{self.from_route}" needs a non-empty to_route{where}.')
        defaults = {} if self.defaults is None else self.defaults
        if not isinstance(defaults, Mapping) or not all(isinstance(k, str) for k in defaults):
            raise _invalid(f'Route rule "{self.from_route}": defaults must be a dict with string keys{where}.')

        route = self.from_route.strip().strip("/")
        parts: list[str] = []
        params: list[tuple[str, str]] = []
        position = 0
        for m in _PLACEHOLDER_RE.finditer(route):
            parts.append(self._literal(route[position : m.start()], where))
            converter = m.group("converter") or "default"
            name = m.group("name")
            if m.group("args") is not None:
                raise _invalid(
                    f'Route rule "{self.from_route}": converter arguments are not supported in "{m.group()}"{where}.'
                )
            if converter not in CONVERTERS:
                known = ", ".join(c for c in CONVERTERS if c != "default")
                raise _invalid(
                    f'Route rule "{self.from_route}": unknown converter "{converter}" (known: {known}){where}.'
                )
            if any(name == existing for existing, _ in params):
                raise _invalid(f'Route rule "{self.from_route}": placeholder "{name}" is used twice{where}.')
            parts.append(f"(?P<{name}>{CONVERTERS[converter][0]})")
            params.append((name, converter))
            position = m.end()
        parts.append(self._literal(route[position:], where))

        to_route = self.to_route.strip().strip("/")
        available = {name for name, _ in params} | set(defaults)
        for m in _TO_PLACEHOLDER_RE.finditer(to_route):
            if m.group("name") not in available:
                raise _invalid(
                    f'Route rule "{self.from_route}": to_route "{self.to_route}" uses <{m.group("name")}>, '
                    f"which is neither a placeholder of from_route nor a default{where}."
                )
        leftover = _TO_PLACEHOLDER_RE.sub("", to_route)
        if "<" in leftover or ">" in leftover:
            raise _invalid(
                f'Route rule "{self.from_route}": malformed placeholder in to_route "{self.to_route}"{where}.'
            )

        object.__setattr__(self, "defaults", MappingProxyType(dict(defaults)))
        object.__setattr__(self, "to_route", to_route)
        object.__setattr__(self, "_regex", re.compile("".join(parts), re.DOTALL))
        object.__setattr__(self, "_params", tuple(params))

    def _literal(self, text: str, where: str) -> str:
        if "<" in text or ">" in text:
            raise _invalid(f'Route rule "{self.from_route}": malformed placeholder near "{text}"{where}.')
        return re.escape(text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "") -> RouteRule:
        """Build a rule from a ``{"from_route", "to_route", "defaults"}`` dict (unknown keys refused)."""
        check_rule_dict(
            data, kind="route rule", keys=DICT_KEYS, required=("from_route", "to_route"), origin=origin, code=_CODE
        )
        return cls(
            from_route=data["from_route"],
            to_route=data["to_route"],
            defaults=data.get("defaults") or {},
            origin=origin,
        )

    @property
    def regex(self) -> re.Pattern[str]:
        return self._regex

    @property
    def params(self) -> tuple[str, ...]:
        """Placeholder names of ``from_route``, in order."""
        return tuple(name for name, _ in self._params)

    def match(self, path: str) -> RouteRuleMatch | None:
        """Match a path already stripped of its surrounding slashes."""
        m = self._regex.fullmatch(path)
        if m is None:
            return None
        captures: dict[str, Any] = {}
        for name, converter in self._params:
            try:
                captures[name] = CONVERTERS[converter][1](m.group(name))
            except ValueError:  # e.g. more digits than Python converts (sys.get_int_max_str_digits)
                return None  # not this rule, as when a Werkzeug converter refuses a value
        form_dict = {**self.defaults, **captures}
        to_route = self.to_route
        if "<" in to_route:
            to_route = _TO_PLACEHOLDER_RE.sub(lambda p: str(form_dict[p.group("name")]), to_route)
        return RouteRuleMatch(to_route=to_route, form_dict=form_dict, captures=captures, rule=self)


@dataclass(frozen=True)
class RouteRuleMatch:
    """``to_route`` is the route to render; ``form_dict`` goes into ``frappe.form_dict``."""

    to_route: str
    form_dict: dict[str, Any]
    captures: dict[str, Any]
    rule: RouteRule


@dataclass(frozen=True)
class RouteAttempt:
    """One rule tried by :meth:`RouteRuleResolver.explain`."""

    index: int
    rule: RouteRule
    matched: bool
    result: RouteRuleMatch | None = None


class RouteRuleResolver(RuleList[RouteRule]):
    """Resolve a path against an ordered list of :class:`RouteRule`; the first match wins."""

    rule_type = RouteRule

    @classmethod
    def from_dicts(cls, items: Iterable[Mapping[str, Any]], origin: str = "") -> RouteRuleResolver:
        return cls(RouteRule.from_dict(item, origin) for item in items)

    def resolve(self, path: str) -> RouteRuleMatch | None:
        path = path.strip("/")
        for rule in self.rules:
            found = rule.match(path)
            if found is not None:
                return found
        return None

    def explain(self, path: str) -> list[RouteAttempt]:
        """Every rule tried, in order, up to and including the one that matched."""
        path = path.strip("/")
        attempts = []
        for index, rule in enumerate(self.rules):
            found = rule.match(path)
            attempts.append(RouteAttempt(index, rule, found is not None, found))
            if found is not None:
                break
        return attempts
