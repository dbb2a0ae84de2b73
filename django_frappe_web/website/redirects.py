"""Website redirects: ``FRAPPE_WEB["WEBSITE_REDIRECTS"]``, app hooks and ``WebsiteRedirect`` rows.

This module is pure: it knows nothing about settings, hooks or models. The caller turns each source
into :class:`RedirectRule` objects (settings first, then hooks in ``INSTALLED_APPS`` order, then
enabled database rows by ``priority`` then id) and builds one :class:`RedirectResolver` from them.

Semantics (Frappe's ``resolve_redirect``, with its rough edges filed off)
-----------------------------------------------------------------------

* **Path.** The request path is matched with ``/`` stripped at both ends: ``/old/`` and ``/old``
  are both matched as ``old`` and the home page as the empty string. The path is the decoded path
  (Django's ``request.path``); the query string is passed raw, as it appears in the URL.
* **Source** is a Python regular expression anchored to the *whole* subject (``re.fullmatch``), so
  ``old`` matches ``/old`` but neither ``/older`` nor ``/x/old``, and ``old|new`` means exactly one
  of the two (Frappe appends ``$`` and uses ``re.match``, which leaves a top-level alternation half
  unanchored). Frappe users write sources in several styles; before compiling, the source is
  normalised so that all of ``/old``, ``old``, ``^old$``, ``^/old/?$`` and ``\\/old/`` mean the
  same thing:

  - surrounding whitespace is removed, then leading global inline flags (``(?i)``) are set aside;
  - a leading ``^`` is removed, then a leading ``/`` (or ``\\/``), together with a quantifier on it
    (``/?``, ``/*``, ``/+`` and their lazy forms);
  - a trailing unescaped ``$`` is removed, then a trailing ``/`` (or ``\\/``) with an optional
    ``?``/``*``/``+`` quantifier; this repeats, so ``old/$`` and ``old$`` are both ``old``.

  What is left must compile; anything else is refused with a ``ValidationError``.
* **Query string.** With ``match_with_query_string`` the subject is ``path?query`` (e.g.
  ``courses/course?course=data``); when the request has *no* query string the subject is the bare
  path (Frappe would match ``path?``), so a source like ``old(\\?.*)?`` serves both cases. Remember
  to escape the ``?`` in such sources.
* **Target.** Back-references ``\\1``, ``\\g<1>``, ``\\g<name>`` and ``\\g<0>`` are expanded
  from the match (``Match.expand``; an unmatched optional group expands to nothing). The target is
  validated against the source when the rule is built: a reference to a group the source does not
  have, or a bad escape, is a ``ValidationError``. A target whose template starts with
  ``<scheme>://`` or ``//`` (the host spelled out) or ``mailto:``/``tel:`` is used as expanded;
  any other target is a path on this site, made site-absolute with one leading ``/`` (``new``
  becomes ``/new``). See :mod:`.redirect_targets`.
* **Off-site targets are allowed on purpose, captured text never goes off-site.** Rules are
  written by the site's developers and administrators, so a rule may point anywhere -- but only
  where its *own* target says: text captured from the visitor's path never chooses the scheme or
  host (``go/(.*)`` -> ``/\\1`` sends ``/go//evil.example`` to ``/evil.example``; a target such as
  ``https://\\1/`` is refused). This has nothing to do with the *visitor-supplied*
  ``redirect-to`` parameter of ``/login``, which is a different feature and only allows this host.
* **forward_query_parameters** appends the request's query string to the location: with ``?``
  when the location has none, with ``&`` when it already has one (nothing when it already ends in
  ``?`` or ``&``), before any ``#fragment``. Parameters are not de-duplicated.
* **Status** is ``redirect_http_status``: 301 (default), 302, 307 or 308.
* **Order.** The first matching rule in list order wins.

Speed
-----
Resolution must not scan every rule with a regex on every request. The resolver indexes the rules:

* a *literal* source (no regex metacharacter once escapes such as ``\\.`` are undone) goes into a
  dict ``subject -> first rule index``: one lookup (and it is only compiled if ever needed, so
  building thousands of rules stays cheap);
* every other source is analysed (conservatively, by a scan of the pattern text) for the literal
  text every match must *start* with and the literal text every match must *end* with
  (``blog/(\\d+)/post-12``: ``blog/`` and ``/post-12``). Rules are bucketed by that
  ``(prefix, suffix)`` pair, and a lookup only visits the buckets whose prefix starts the subject
  and whose suffix ends it. A prefix containing ``/`` fixes the subject's first segment and a
  suffix containing ``/`` its last one, so those are found with one dict probe each; other
  prefixes and suffixes cost one probe per distinct length. Sources with neither (``.*foo.*``,
  inline flags, top-level ``|``) sit in the ``("", "")`` bucket, visited for every path;
* inside a bucket, consecutive rules that can be combined are compiled into one alternation with a
  named group per rule, so a bucket costs one regex call; rules that cannot be combined (inline
  flags, back-references or named groups in the source, comments) are tried on their own;
* the candidates are taken in rule order and the search stops as soon as no remaining candidate
  can beat the best match found, so the result is exactly "first matching rule in list order";
* the limit of the scheme: rules with no literal start *and* no literal end (``(\\w+)-1/.*``)
  all land in the bucket tried for every path. They still cost one C-level alternation per
  ``MAX_COMBINED`` (500) rules rather than a Python loop, but thousands of them do not stay
  constant-time; the other rules are unaffected;
* a bounded LRU memo (``memo_size``, default 4096) remembers recent ``(path, query)`` lookups, so
  repeated paths cost a dict hit and no regex work. Subjects longer than ``MEMO_MAX_KEY_LENGTH``
  characters are not memoised.

``RedirectResolver.explain()`` reports the candidates the index selected, each tried on its own,
for ``manage.py explain_route``.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from .redirect_targets import TargetShape, place, shape_of

__all__ = [
    "ALLOWED_STATUSES",
    "RedirectAttempt",
    "RedirectMatch",
    "RedirectResolver",
    "RedirectRule",
    "normalize_source",
    "strip_slashes",
    "validate_source",
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

#: At most this many rules are compiled into one alternation.
MAX_COMBINED = 500


# --------------------------------------------------------------------------------------------
# Normalisation and validation
# --------------------------------------------------------------------------------------------

_GLOBAL_FLAGS_RE = re.compile(r"\(\?[aiLmsux]+\)")
_LEADING_SLASH_RE = re.compile(r"(?:\\?/(?!\{))+(?:[?*+]\??)?")  # ``/{2}`` keeps its slash


def strip_slashes(path: str) -> str:
    """The form paths are matched in: ``/`` stripped at both ends (``"/a/b/"`` -> ``"a/b"``)."""
    return path.strip("/")


def _is_escaped(pattern: str, index: int) -> bool:
    """Whether ``pattern[index]`` is preceded by an odd number of backslashes."""
    count = 0
    index -= 1
    while index >= 0 and pattern[index] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


def _strip_trailing(pattern: str) -> str:
    while True:
        before = pattern
        if pattern.endswith("$") and not _is_escaped(pattern, len(pattern) - 1):
            pattern = pattern[:-1]
        # a slash, optionally quantified (``/?``, ``/*``, ``/+``, lazy forms too)
        body = pattern
        if body[-2:] in ("??", "*?", "+?") and not _is_escaped(body, len(body) - 2):
            quantified = body[:-2]
        elif body[-1:] in ("?", "*", "+") and not _is_escaped(body, len(body) - 1):
            quantified = body[:-1]
        else:
            quantified = None
        if quantified is not None and quantified.endswith("/"):
            body = quantified
        if body.endswith("/"):
            slash = len(body) - 1
            stem = body[:-2] if _is_escaped(body, slash) else body[:-1]
            # ``(a|/)`` and ``a|/`` keep their slash: stripping it would change the alternation.
            if not stem.endswith(("|", "(")) or _is_escaped(stem, len(stem) - 1):
                pattern = stem
        if pattern == before:
            return pattern


def normalize_source(source: str) -> str:
    """The regular expression a source is compiled to (see the module docstring).

    >>> normalize_source("^/old/?$")
    'old'
    >>> normalize_source(r"/blog/(\\d+)/")
    'blog/(\\\\d+)'
    """
    pattern = source.strip()
    flags = ""
    while True:
        m = _GLOBAL_FLAGS_RE.match(pattern)
        if not m:
            break
        flags += m.group()
        pattern = pattern[m.end() :]
    pattern = pattern.removeprefix("^")
    m = _LEADING_SLASH_RE.match(pattern)
    if m:
        pattern = pattern[m.end() :]
    pattern = _strip_trailing(pattern)
    return flags + pattern


def validate_source(source: Any) -> str:
    """Check a redirect source; return the normalised pattern. Raise ``ValidationError`` if bad.

    Meant for ``WebsiteRedirect.clean()`` as well as for the rules built here.
    """
    return _compile_source(source).pattern


def _compile_source(source: Any) -> re.Pattern[str]:
    return _compile_pattern(source, _normalized(source))


def _normalized(source: Any) -> str:
    if not isinstance(source, str) or not source.strip():
        raise ValidationError("Redirect source must be a non-empty string.", code="invalid_redirect_source")
    return normalize_source(source)


def _compile_pattern(source: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValidationError(
            f'Invalid redirect source regex "{source}": {exc.msg}', code="invalid_redirect_source"
        ) from exc
    except (OverflowError, RecursionError, ValueError) as exc:  # absurd repeat counts, nesting
        raise ValidationError(
            f'Invalid redirect source regex "{source}": {exc}', code="invalid_redirect_source"
        ) from exc


def validate_target(source: str, target: Any) -> None:
    """Check that ``target`` is a non-empty string whose ``\\1`` / ``\\g<name>`` references exist
    in ``source`` and whose escapes are well-formed. ``source`` is validated too."""
    _check_target(_compile_source(source), source, target)


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
        raise ValidationError("Redirect target must be a non-empty string.", code="invalid_redirect_target")
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
            f'Invalid redirect target "{target}" for source "{source}": {message}',
            code="invalid_redirect_target",
        ) from exc
    return shape


def validate_status(status: Any) -> int:
    """Return ``status`` as an int if it is an allowed redirect status, else raise."""
    value: Any = status
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value not in ALLOWED_STATUSES:
        allowed = ", ".join(str(s) for s in ALLOWED_STATUSES)
        raise ValidationError(
            f"Invalid redirect status {status!r}: must be one of {allowed}.", code="invalid_redirect_status"
        )
    return value


# --------------------------------------------------------------------------------------------
# Pattern analysis (conservative: it may under-report literal text, never over-report it)
# --------------------------------------------------------------------------------------------

_META = frozenset(".^$*+?{}[]\\|()")
_HEX = frozenset(string.hexdigits)
_BRACE_QUANT_RE = re.compile(r"\{\d*(?:,\d*)?\}")


@dataclass(frozen=True)
class _Analysis:
    literal: str | None  # the only string the pattern matches, when it is a plain literal
    prefix: str  # every match starts with this
    suffix: str  # every match ends with this
    combinable: bool  # may be put in an alternation with other rules


_OPAQUE = _Analysis(literal=None, prefix="", suffix="", combinable=False)


def _analyse(pattern: str) -> _Analysis:
    if _GLOBAL_FLAGS_RE.match(pattern) or "(?#" in pattern:
        return _OPAQUE
    tokens: list[str | None] = []  # a literal character, or None for anything else
    depth = 0
    top_level_alternation = False
    backreference = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return _OPAQUE
            d = pattern[i + 1]
            if d.isascii() and not d.isalnum():
                tokens.append(d)
                i += 2
                continue
            j = i + 2
            if d in "xuU":
                while j < n and pattern[j] in _HEX:
                    j += 1
            elif d.isdigit():
                backreference = True  # or an octal escape: either way, not combined
                while j < n and pattern[j].isdigit():
                    j += 1
            elif d == "N" and j < n and pattern[j] == "{":
                close = pattern.find("}", j)
                j = n if close < 0 else close + 1
            tokens.append(None)
            i = j
            continue
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            tokens.append(None)
            i = j + 1
            continue
        if c in "*+?":
            if tokens and tokens[-1] is not None:
                tokens[-1] = None  # the quantified character is optional or repeated
            tokens.append(None)
            i += 1
            continue
        if c == "{":
            m = _BRACE_QUANT_RE.match(pattern, i)
            if m:
                if tokens and tokens[-1] is not None:
                    tokens[-1] = None
                i = m.end()
            else:
                i += 1
            tokens.append(None)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            top_level_alternation = True
        tokens.append(None if c in _META else c)
        i += 1

    combinable = not backreference and "(?P" not in pattern and "(?(" not in pattern
    if top_level_alternation:
        return _Analysis(literal=None, prefix="", suffix="", combinable=combinable)
    if all(t is not None for t in tokens):
        return _Analysis(literal="".join(tokens), prefix="", suffix="", combinable=combinable)  # type: ignore[arg-type]
    prefix_chars: list[str] = []
    for t in tokens:
        if t is None:
            break
        prefix_chars.append(t)
    suffix_chars: list[str] = []
    for t in reversed(tokens):
        if t is None:
            break
        suffix_chars.append(t)
    return _Analysis(
        literal=None,
        prefix="".join(prefix_chars),
        suffix="".join(reversed(suffix_chars)),
        combinable=combinable,
    )


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
    _analysis: _Analysis = field(init=False, repr=False, compare=False)
    _shape: TargetShape = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = _normalized(self.source)
        analysis = _analyse(pattern)
        # A literal source is a valid regex by construction: compile it only if it is ever needed
        # (explain, ``\g<0>`` in the target), which keeps building thousands of rules cheap.
        regex = None if analysis.literal is not None else _compile_pattern(self.source, pattern)
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
        where = f" ({origin})" if origin else ""
        if not isinstance(data, Mapping):
            raise ValidationError(
                f"A redirect must be a dict, not {type(data).__name__}{where}.", code="invalid_redirect"
            )
        unknown = sorted(str(k) for k in data if k not in DICT_KEYS)
        if unknown:
            raise ValidationError(
                f"Unknown redirect key(s) {', '.join(unknown)}{where}; allowed: {', '.join(sorted(DICT_KEYS))}.",
                code="invalid_redirect",
            )
        missing = [k for k in ("source", "target") if k not in data]
        if missing:
            raise ValidationError(f"Redirect is missing {', '.join(missing)}{where}.", code="invalid_redirect")
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


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


class _Segment:
    """Consecutive rules of one bucket tried with one regex call (or a single rule).

    The alternation ``(?P<r3>...)|(?P<r7>...)`` is compiled on first use. ``fullmatch`` tries
    the branches left to right, backtracking into the next one when a branch cannot match the
    whole subject, so the branch that matches is the first rule (in order) that matches.
    """

    __slots__ = ("_by_group", "_regex", "_rules", "_separately", "first", "indexes")

    def __init__(self, entries: list[tuple[int, RedirectRule]]):
        self.first = entries[0][0]
        self.indexes = [i for i, _ in entries]
        self._rules = [r for _, r in entries]
        self._regex: re.Pattern[str] | None = entries[0][1].regex if len(entries) == 1 else None
        self._by_group: dict[str, int] = {}
        self._separately = False

    def _compile(self) -> re.Pattern[str] | None:
        by_group = {f"r{i}": i for i in self.indexes}
        try:
            regex = re.compile("|".join(f"(?P<{name}>{rule.pattern})" for name, rule in zip(by_group, self._rules, strict=True)))
        except (re.error, RecursionError, OverflowError):  # pragma: no cover - defensive
            self._separately = True
            return None
        self._by_group = by_group
        self._regex = regex
        return regex

    def first_match(self, subject: str) -> int | None:
        regex = self._regex
        if regex is None and not self._separately:
            regex = self._compile()
        if regex is None:  # pragma: no cover - only when the alternation could not be compiled
            for i, rule in zip(self.indexes, self._rules, strict=True):
                if rule.regex.fullmatch(subject):
                    return i
            return None
        m = regex.fullmatch(subject)
        if m is None:
            return None
        if len(self.indexes) == 1:
            return self.first
        name = m.lastgroup  # the rule's wrapper group closes last
        if name in self._by_group:
            return self._by_group[name]
        for name, i in self._by_group.items():  # pragma: no cover - lastgroup is always ours
            if m.start(name) != -1:
                return i
        return None  # pragma: no cover


class _Bucket:
    """The non-literal rules sharing one ``(prefix, suffix)`` pair, in rule order."""

    __slots__ = ("entries", "min_index", "min_length", "prefix", "segments", "suffix")

    def __init__(self, prefix: str, suffix: str) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.min_length = len(prefix) + len(suffix)  # the two never overlap in a match
        self.entries: list[tuple[int, RedirectRule]] = []
        self.segments: list[_Segment] = []
        self.min_index = -1

    def finish(self) -> None:
        self.min_index = self.entries[0][0]
        run: list[tuple[int, RedirectRule]] = []
        for entry in self.entries:
            if entry[1]._analysis.combinable and len(run) < MAX_COMBINED:
                run.append(entry)
                continue
            if run:
                self.segments.append(_Segment(run))
                run = []
            if entry[1]._analysis.combinable:
                run.append(entry)
            else:
                self.segments.append(_Segment([entry]))
        if run:
            self.segments.append(_Segment(run))

    def admits(self, subject: str) -> bool:
        return len(subject) >= self.min_length and subject.startswith(self.prefix) and subject.endswith(self.suffix)

    def first_match(self, subject: str, bound: int) -> int | None:
        for segment in self.segments:
            if segment.first >= bound:
                return None
            found = segment.first_match(subject)
            if found is not None:
                return found if found < bound else None
        return None


class _BySuffix:
    """The buckets of one prefix group, found from the end of the subject.

    A suffix containing ``/`` fixes the subject's last segment (the text after its last ``/``),
    so those buckets are found with one dict probe; the others by one probe per distinct length.
    """

    __slots__ = ("by_suffix", "by_tail", "lengths")

    def __init__(self) -> None:
        self.by_tail: dict[str, list[_Bucket]] = {}
        self.by_suffix: dict[str, list[_Bucket]] = {}
        self.lengths: list[int] = []

    def add(self, bucket: _Bucket) -> None:
        if "/" in bucket.suffix:
            self.by_tail.setdefault(bucket.suffix.rpartition("/")[2], []).append(bucket)
        else:  # several prefixes may share a head (``blog/`` and ``blog/a``), hence a list
            self.by_suffix.setdefault(bucket.suffix, []).append(bucket)

    def finish(self) -> None:
        self.lengths = sorted({len(s) for s in self.by_suffix})


class _Index:
    """Rules matched against one kind of subject (the path, or ``path?query``).

    Literal sources: a dict. Others: buckets by ``(prefix, suffix)``, found from the start of the
    subject (a prefix containing ``/`` fixes the subject's first segment: one probe; other
    prefixes: one probe per distinct length), then from its end (see :class:`_BySuffix`).
    """

    def __init__(self, entries: list[tuple[int, RedirectRule]]):
        self.literals: dict[str, int] = {}
        self.by_head: dict[str, _BySuffix] = {}
        self.by_prefix: dict[str, _BySuffix] = {}
        buckets: dict[tuple[str, str], _Bucket] = {}
        for index, rule in entries:
            analysis = rule._analysis
            if analysis.literal is not None:
                self.literals.setdefault(analysis.literal, index)
                continue
            key = (analysis.prefix, analysis.suffix)
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = _Bucket(*key)
                if "/" in bucket.prefix:
                    group = self.by_head.setdefault(bucket.prefix.partition("/")[0], _BySuffix())
                else:
                    group = self.by_prefix.setdefault(bucket.prefix, _BySuffix())
                group.add(bucket)
            bucket.entries.append((index, rule))
        for bucket in buckets.values():
            bucket.finish()
        for group in (*self.by_head.values(), *self.by_prefix.values()):
            group.finish()
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})
        self.empty = not entries

    def candidates(self, subject: str, bound: int) -> tuple[int, list[_Bucket]]:
        """The best literal hit (or ``bound``) and the buckets that may hold a better match."""
        best = self.literals.get(subject, bound)
        best = min(best, bound)
        n = len(subject)
        groups: list[_BySuffix] = []
        first_slash = subject.find("/")
        if first_slash >= 0 and self.by_head:
            group = self.by_head.get(subject[:first_slash])
            if group is not None:
                groups.append(group)
        for plen in self.prefix_lengths:
            if plen > n:
                break
            group = self.by_prefix.get(subject[:plen])
            if group is not None:
                groups.append(group)
        found: list[_Bucket] = []
        if not groups:
            return best, found
        tail = subject[subject.rfind("/") + 1 :] if first_slash >= 0 else None
        for group in groups:
            if tail is not None and group.by_tail:
                for bucket in group.by_tail.get(tail, ()):
                    if bucket.min_index < best and bucket.admits(subject):
                        found.append(bucket)
            for slen in group.lengths:
                if slen > n:
                    break
                for bucket in group.by_suffix.get(subject[n - slen :] if slen else "", ()):
                    if bucket.min_index < best and bucket.admits(subject):
                        found.append(bucket)
        return best, found

    def first(self, subject: str, bound: int) -> int:
        """Index of the first rule matching ``subject`` if lower than ``bound``, else ``bound``."""
        if self.empty:
            return bound
        best, buckets = self.candidates(subject, bound)
        if len(buckets) > 1:
            buckets.sort(key=_min_index)
        for bucket in buckets:
            if bucket.min_index >= best:
                break
            found = bucket.first_match(subject, best)
            if found is not None:
                best = found
        return best


def _min_index(bucket: _Bucket) -> int:
    return bucket.min_index


class RedirectResolver:
    """Resolve request paths against an ordered list of :class:`RedirectRule`.

    Build one per rule set (it is immutable and thread-safe) and rebuild it when the rules change.
    """

    def __init__(self, rules: Iterable[RedirectRule], *, memo_size: int = 4096):
        self.rules: tuple[RedirectRule, ...] = tuple(rules)
        for rule in self.rules:
            if not isinstance(rule, RedirectRule):
                raise TypeError(f"RedirectResolver takes RedirectRule objects, not {type(rule).__name__}")
        plain = [(i, r) for i, r in enumerate(self.rules) if not r.match_with_query_string]
        with_query = [(i, r) for i, r in enumerate(self.rules) if r.match_with_query_string]
        self._plain = _Index(plain)
        self._with_query = _Index(with_query)
        self._uses_query = bool(with_query)
        self._none = len(self.rules)
        if memo_size > 0:
            self._memo = functools.lru_cache(maxsize=memo_size)(self._lookup)
        else:
            self._memo = self._lookup

    def __len__(self) -> int:
        return len(self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

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
        path = strip_slashes(path)
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
        path = strip_slashes(path)
        candidates: set[int] = set()
        for index, subject in (
            (self._plain, path),
            (self._with_query, f"{path}?{query_string}" if query_string else path),
        ):
            literal = index.literals.get(subject)
            if literal is not None:
                candidates.add(literal)
            _, buckets = index.candidates(subject, self._none)
            for bucket in buckets:
                candidates.update(i for i, _ in bucket.entries)
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
