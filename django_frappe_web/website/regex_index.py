"""A first-match index over an ordered list of regular expressions.

:class:`RegexIndex` answers "which is the first pattern, in list order, that matches the whole of
this string?" without trying every pattern: literal patterns sit in a dict, the others in buckets
keyed by the literal text their matches must start and end with (tuned for paths: a ``/`` in that
text is found with one probe). The redirect resolver is built on it; how and why it works is in
docs/website.md ("How redirects stay fast").
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["INLINE_FLAGS_RE", "MAX_COMBINED", "IndexedPattern", "PatternAnalysis", "RegexIndex", "analyse"]

#: At most this many patterns are compiled into one alternation.
MAX_COMBINED = 500

#: Global inline flags at the start of a pattern, such as ``(?i)``.
INLINE_FLAGS_RE = re.compile(r"\(\?[aiLmsux]+\)")

# A bound above every position: "no match found yet".
_NO_BOUND = sys.maxsize


# --------------------------------------------------------------------------------------------
# Pattern analysis (conservative: it may under-report literal text, never over-report it)
# --------------------------------------------------------------------------------------------

_META = frozenset(".^$*+?{}[]\\|()")
_HEX = frozenset(string.hexdigits)
_BRACE_QUANT_RE = re.compile(r"\{\d*(?:,\d*)?\}")


@dataclass(frozen=True)
class PatternAnalysis:
    """What every match of a pattern is known to look like."""

    literal: str | None  # the only string the pattern matches, when it is a plain literal
    prefix: str  # every match starts with this
    suffix: str  # every match ends with this
    combinable: bool  # may be put in an alternation with other patterns


_OPAQUE = PatternAnalysis(literal=None, prefix="", suffix="", combinable=False)


def analyse(pattern: str) -> PatternAnalysis:
    """What every match of ``pattern`` is known to look like, from a scan of its text."""
    if INLINE_FLAGS_RE.match(pattern) or "(?#" in pattern:
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
        return PatternAnalysis(literal=None, prefix="", suffix="", combinable=combinable)
    if all(t is not None for t in tokens):
        return PatternAnalysis(literal="".join(tokens), prefix="", suffix="", combinable=combinable)  # type: ignore[arg-type]
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
    return PatternAnalysis(
        literal=None,
        prefix="".join(prefix_chars),
        suffix="".join(reversed(suffix_chars)),
        combinable=combinable,
    )



class IndexedPattern(Protocol):
    """What the index needs of an entry: its pattern text, its analysis and its compiled form."""

    @property
    def pattern(self) -> str: ...

    @property
    def analysis(self) -> PatternAnalysis: ...

    @property
    def regex(self) -> re.Pattern[str]: ...


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


class _Segment:
    """Consecutive patterns of one bucket tried with one regex call (or a single pattern).

    The alternation ``(?P<r3>...)|(?P<r7>...)`` is compiled on first use. ``fullmatch`` tries
    the branches left to right, backtracking into the next one when a branch cannot match the
    whole subject, so the branch that matches is the first pattern (in order) that matches.
    """

    __slots__ = ("_by_group", "_patterns", "_regex", "_separately", "first", "indexes")

    def __init__(self, entries: list[tuple[int, IndexedPattern]]):
        self.first = entries[0][0]
        self.indexes = [i for i, _ in entries]
        self._patterns = [p for _, p in entries]
        self._regex: re.Pattern[str] | None = entries[0][1].regex if len(entries) == 1 else None
        self._by_group: dict[str, int] = {}
        self._separately = False

    def _compile(self) -> re.Pattern[str] | None:
        by_group = {f"r{i}": i for i in self.indexes}
        try:
            regex = re.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in zip(by_group, self._patterns, strict=True)))
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
            for i, p in zip(self.indexes, self._patterns, strict=True):
                if p.regex.fullmatch(subject):
                    return i
            return None
        m = regex.fullmatch(subject)
        if m is None:
            return None
        if len(self.indexes) == 1:
            return self.first
        name = m.lastgroup  # the pattern's wrapper group closes last
        if name in self._by_group:
            return self._by_group[name]
        for name, i in self._by_group.items():  # pragma: no cover - lastgroup is always ours
            if m.start(name) != -1:
                return i
        return None  # pragma: no cover


class _Bucket:
    """The non-literal patterns sharing one ``(prefix, suffix)`` pair, in list order."""

    __slots__ = ("entries", "min_index", "min_length", "prefix", "segments", "suffix")

    def __init__(self, prefix: str, suffix: str) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.min_length = len(prefix) + len(suffix)  # the two never overlap in a match
        self.entries: list[tuple[int, IndexedPattern]] = []
        self.segments: list[_Segment] = []
        self.min_index = -1

    def finish(self) -> None:
        self.min_index = self.entries[0][0]
        run: list[tuple[int, IndexedPattern]] = []
        for entry in self.entries:
            if entry[1].analysis.combinable and len(run) < MAX_COMBINED:
                run.append(entry)
                continue
            if run:
                self.segments.append(_Segment(run))
                run = []
            if entry[1].analysis.combinable:
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


class RegexIndex:
    """Find the first of ordered patterns that matches the whole of a string.

    ``entries`` are ``(position, pattern)`` pairs in increasing position; a lookup returns the
    lowest position whose pattern ``fullmatch``-es the subject. Literal patterns: a dict. Others:
    buckets by ``(prefix, suffix)``, found from the start of the subject (a prefix containing
    ``/`` fixes the subject's first segment: one probe; other prefixes: one probe per distinct
    length), then from its end (see :class:`_BySuffix`). Immutable once built.
    """

    def __init__(self, entries: Iterable[tuple[int, IndexedPattern]]):
        self.literals: dict[str, int] = {}
        self.by_head: dict[str, _BySuffix] = {}
        self.by_prefix: dict[str, _BySuffix] = {}
        buckets: dict[tuple[str, str], _Bucket] = {}
        empty = True
        for index, item in entries:
            empty = False
            analysis = item.analysis
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
            bucket.entries.append((index, item))
        for bucket in buckets.values():
            bucket.finish()
        for group in (*self.by_head.values(), *self.by_prefix.values()):
            group.finish()
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})
        self.empty = empty

    def possible(self, subject: str) -> list[int]:
        """The positions a lookup of ``subject`` may try: the literal hit, then every pattern of
        the buckets that admit the subject (a lookup stops at the first match, so tries fewer)."""
        literal = self.literals.get(subject)
        positions = [] if literal is None else [literal]
        _, buckets = self.candidates(subject, _NO_BOUND)
        for bucket in buckets:
            positions.extend(i for i, _ in bucket.entries)
        return positions

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
        """Position of the first pattern matching ``subject`` if lower than ``bound``, else ``bound``."""
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

