"""Website redirects: the rule (``WEBSITE_REDIRECTS``, ``website_redirects`` hooks,
``WebsiteRedirect`` rows) and the resolver that finds the first rule matching a request.

Pure: the router turns each source into :class:`RedirectRule` objects and builds one
:class:`RedirectResolver` from them. The semantics are in docs/website.md ("Redirects").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..utils import is_ascii_digits
from .redirect_sources import compile_pattern, compile_source, source_pattern
from .redirect_targets import TargetShape, place, shape_of
from .regex_index import PatternAnalysis, RegexIndex, analyse
from .rule_dicts import RuleList, check_rule_dict

__all__ = [
    "ALLOWED_STATUSES",
    "RedirectAttempt",
    "RedirectMatch",
    "RedirectResolver",
    "RedirectRule",
    "validate_status",
    "validate_target",
]

ALLOWED_STATUSES: tuple[int, ...] = (301, 302, 307, 308)
DEFAULT_STATUS = 301

#: Keys accepted by :meth:`RedirectRule.from_dict` (DESIGN.md section 2).
DICT_KEYS = frozenset(
    {"source", "target", "redirect_http_status", "match_with_query_string", "forward_query_parameters"}
)

#: ``(path, query)`` keys longer than this are resolved without the memo (bounded memory).
MEMO_MAX_KEY_LENGTH = 2048


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def validate_target(source: str, target: Any) -> None:
    """Check that ``target`` is a non-empty string whose ``\\1`` / ``\\g<name>`` references exist
    in ``source`` and whose escapes are well-formed. ``source`` is validated too."""
    _check_target(compile_source(source), source, target)


@functools.lru_cache(maxsize=256)
def _empty_match(groups: int, names: tuple[tuple[int, str], ...]) -> re.Match[str]:
    """A match with the given group structure (all groups empty): ``expand()`` on it checks a
    template exactly as on a real match of the source, since it only needs the groups."""
    named = dict(names)
    probe = "".join(f"(?P<{named[i]}>)" if i in named else "()" for i in range(1, groups + 1))
    return re.match(probe, "")  # type: ignore[return-value]


def _check_target(regex: re.Pattern[str] | None, source: str, target: Any) -> TargetShape:
    """Validate ``target`` and return its shape; ``regex=None`` stands for a literal source (no groups)."""
    if not isinstance(target, str) or not target.strip():
        raise ValidationError(_("Redirect target must be a non-empty string."), code="invalid_redirect_target")
    shape = shape_of(target)
    if "\\" not in target:
        return shape
    if regex is None:
        groups, names = 0, ()
    else:
        groups, names = regex.groups, tuple(sorted((i, name) for name, i in regex.groupindex.items()))
    try:
        _empty_match(groups, names).expand(target)
    except (re.error, IndexError) as exc:
        message = getattr(exc, "msg", None) or str(exc)
        raise ValidationError(
            _("Invalid redirect target \"{target}\" for source \"{source}\": {message}").format(
                target=target, source=source, message=message),
            code="invalid_redirect_target",
        ) from exc
    return shape


def validate_status(status: Any) -> int:
    """Return ``status`` as an int if it is an allowed redirect status, else raise."""
    value: Any = status
    if isinstance(value, str) and is_ascii_digits(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value not in ALLOWED_STATUSES:
        allowed = ", ".join(str(s) for s in ALLOWED_STATUSES)
        raise ValidationError(
            _("Invalid redirect status {status!r}: must be one of {allowed}.").format(
                status=status, allowed=allowed), code="invalid_redirect_status"
        )
    return value


# --------------------------------------------------------------------------------------------
# Rules and results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedirectRule:
    """One redirect. Validated when built: an invalid rule cannot exist.

    ``origin`` says where the rule came from (``"settings"``, ``"hooks:<app>"``, ``"db:<pk>"``)
    for ``explain_route`` and error messages; it plays no part in matching.
    """

    source: str
    target: str
    status: int = DEFAULT_STATUS
    match_with_query_string: bool = False
    forward_query_parameters: bool = False
    origin: str = ""
    _pattern: str = field(init=False, repr=False, compare=False)
    _regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _analysis: PatternAnalysis = field(init=False, repr=False, compare=False)
    _shape: TargetShape = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = source_pattern(self.source)
        analysis = analyse(pattern)
        # A literal source is a valid regex by construction: compile it only if it is ever needed
        # (explain, ``\g<0>`` in the target), which keeps building thousands of rules cheap.
        regex = None if analysis.literal is not None else compile_pattern(self.source, pattern)
        shape = _check_target(regex, self.source, self.target)
        object.__setattr__(self, "status", validate_status(self.status))
        object.__setattr__(self, "match_with_query_string", bool(self.match_with_query_string))
        object.__setattr__(self, "forward_query_parameters", bool(self.forward_query_parameters))
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_regex", regex)
        object.__setattr__(self, "_analysis", analysis)
        object.__setattr__(self, "_shape", shape)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "") -> RedirectRule:
        """Build a rule from a ``WEBSITE_REDIRECTS`` / ``website_redirects`` hook dict.

        Keys: ``source``, ``target`` (required), ``redirect_http_status`` (301),
        ``match_with_query_string`` (False), ``forward_query_parameters`` (False). Unknown keys
        are refused, so a typo does not silently change a redirect.
        """
        check_rule_dict(
            data, kind="redirect", keys=DICT_KEYS, required=("source", "target"), origin=origin, code="invalid_redirect"
        )
        status = data.get("redirect_http_status")
        return cls(
            source=data["source"],
            target=data["target"],
            status=DEFAULT_STATUS if status in (None, "") else status,
            match_with_query_string=bool(data.get("match_with_query_string", False)),
            forward_query_parameters=bool(data.get("forward_query_parameters", False)),
            origin=origin,
        )

    @property
    def pattern(self) -> str:
        """The normalised regular expression, matched with ``fullmatch``."""
        return self._pattern

    @property
    def analysis(self) -> PatternAnalysis:
        """What every match of :attr:`pattern` looks like, for the :class:`RegexIndex`."""
        return self._analysis

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled :attr:`pattern` (compiled on first use for a literal source)."""
        regex = self._regex
        if regex is None:
            regex = re.compile(self._pattern)
            object.__setattr__(self, "_regex", regex)
        return regex

    def subject(self, path: str, query_string: str = "") -> str:
        """What this rule is matched against, for a path already normalised."""
        if self.match_with_query_string and query_string:
            return f"{path}?{query_string}"
        return path

    def location(self, match: re.Match[str] | None, query_string: str = "") -> str:
        """The final URL for a successful match of this rule."""
        return _finish_location(self.expand(match), query_string if self.forward_query_parameters else "")

    def expand(self, match: re.Match[str] | None) -> str:
        """The target with its back-references filled from ``match``, placed where it may go:
        captured text never chooses the scheme or host (see :mod:`.redirect_targets`)."""
        target = match.expand(self.target) if match is not None and "\\" in self.target else self.target
        return place(self._shape, target)


def _finish_location(location: str, query_string: str) -> str:
    if not query_string:
        return location
    base, hash_mark, fragment = location.partition("#")
    if "?" not in base:
        base = f"{base}?{query_string}"
    elif base.endswith(("?", "&")):
        base = f"{base}{query_string}"
    else:
        base = f"{base}&{query_string}"
    return base + hash_mark + fragment


@dataclass(frozen=True)
class RedirectMatch:
    """A resolved redirect: send ``status`` with ``Location: location``."""

    location: str
    status: int
    rule: RedirectRule


@dataclass(frozen=True)
class RedirectAttempt:
    """One candidate tried by :meth:`RedirectResolver.explain`."""

    index: int  # position of the rule in the resolver's list
    rule: RedirectRule
    subject: str  # what was matched: the path, or ``path?query``
    matched: bool
    location: str | None = None  # when matched


class RedirectResolver(RuleList[RedirectRule]):
    """Resolve request paths against an ordered list of :class:`RedirectRule`.

    Build one per rule set (it is immutable and thread-safe) and rebuild it when the rules change.
    """

    rule_type = RedirectRule

    def __init__(self, rules: Iterable[RedirectRule], *, memo_size: int = 4096):
        super().__init__(rules)
        plain = [(i, r) for i, r in enumerate(self.rules) if not r.match_with_query_string]
        with_query = [(i, r) for i, r in enumerate(self.rules) if r.match_with_query_string]
        self._plain = RegexIndex(plain)
        self._with_query = RegexIndex(with_query)
        self._uses_query = bool(with_query)
        self._none = len(self.rules)
        if memo_size > 0:
            self._memo = functools.lru_cache(maxsize=memo_size)(self._lookup)
        else:
            self._memo = self._lookup

    def _first_index(self, path: str, query_string: str) -> int:
        best = self._plain.first(path, self._none)
        if self._uses_query:
            best = self._with_query.first(f"{path}?{query_string}" if query_string else path, best)
        return best

    def _lookup(self, path: str, query_string: str) -> tuple[int, str] | None:
        """``(rule index, expanded target)`` for a normalised path, or None."""
        index = self._first_index(path, query_string)
        if index >= self._none:
            return None
        rule = self.rules[index]
        match = rule.regex.fullmatch(rule.subject(path, query_string)) if "\\" in rule.target else None
        return index, rule.expand(match)

    def resolve(self, path: str, query_string: str | bytes = "") -> RedirectMatch | None:
        """The redirect for a request path (decoded) and raw query string, or None."""
        if not self.rules:
            return None
        if isinstance(query_string, bytes):
            query_string = query_string.decode("utf-8", "replace")
        path = path.strip("/")  # the form rules are matched in: "/a/b/" -> "a/b"
        key_query = query_string if self._uses_query else ""
        if len(path) + len(key_query) <= MEMO_MAX_KEY_LENGTH:
            found = self._memo(path, key_query)
        else:
            found = self._lookup(path, key_query)
        if found is None:
            return None
        index, target = found
        rule = self.rules[index]
        return RedirectMatch(
            location=_finish_location(target, query_string if rule.forward_query_parameters else ""),
            status=rule.status,
            rule=rule,
        )

    def explain(self, path: str, query_string: str | bytes = "") -> list[RedirectAttempt]:
        """The candidate rules the index selects for this request, in rule order, each tried on
        its own, up to and including the first that matches (the one :meth:`resolve` returns).
        Rules the index rules out are not listed. No memo is used."""
        if isinstance(query_string, bytes):
            query_string = query_string.decode("utf-8", "replace")
        path = path.strip("/")
        candidates = {
            *self._plain.possible(path),
            *self._with_query.possible(f"{path}?{query_string}" if query_string else path),
        }
        attempts: list[RedirectAttempt] = []
        for i in sorted(candidates):
            rule = self.rules[i]
            subject = rule.subject(path, query_string)
            match = rule.regex.fullmatch(subject)
            if match is None:
                attempts.append(RedirectAttempt(i, rule, subject, False))
                continue
            attempts.append(RedirectAttempt(i, rule, subject, True, rule.location(match, query_string)))
            break
        return attempts

    def cache_info(self) -> Any:
        """``functools`` cache statistics of the lookup memo (None when disabled)."""
        info = getattr(self._memo, "cache_info", None)
        return info() if info else None

    def cache_clear(self) -> None:
        clear = getattr(self._memo, "cache_clear", None)
        if clear:
            clear()
