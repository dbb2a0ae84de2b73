"""How a redirect source may be written, and the one regular expression it stands for.

Frappe users write sources in several styles (``/old``, ``old``, ``^old$``, ``^/old/?$``,
``\\/old/``); :func:`normalize_source` turns each into the pattern matched against the path with
``/`` stripped at both ends. The rules are in docs/website.md ("Redirect sources").
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .regex_index import INLINE_FLAGS_RE

__all__ = ["compile_pattern", "compile_source", "normalize_source", "source_pattern", "validate_source"]

_LEADING_SLASH_RE = re.compile(r"(?:\\?/(?!\{))+(?:[?*+]\??)?")  # ``/{2}`` keeps its slash


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
    """The regular expression a source is compiled to.

    >>> normalize_source("^/old/?$")
    'old'
    >>> normalize_source(r"/blog/(\\d+)/")
    'blog/(\\\\d+)'
    """
    pattern = source.strip()
    flags = ""
    while True:
        m = INLINE_FLAGS_RE.match(pattern)
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
    """Check a redirect source; return the normalised pattern. Raise ``ValidationError`` if bad."""
    return compile_source(source).pattern


def compile_source(source: Any) -> re.Pattern[str]:
    """The compiled pattern of a source; ``ValidationError`` if it is not one."""
    return compile_pattern(source, source_pattern(source))


def source_pattern(source: Any) -> str:
    """The normalised pattern of a non-empty string source, not yet compiled."""
    if not isinstance(source, str) or not source.strip():
        raise ValidationError(_("Redirect source must be a non-empty string."), code="invalid_redirect_source")
    return normalize_source(source)


def compile_pattern(source: str, pattern: str) -> re.Pattern[str]:
    """Compile ``source``'s normalised ``pattern``; the error names the source as written."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValidationError(
            _("Invalid redirect source regex \"{source}\": {msg}").format(
                source=source, msg=exc.msg), code="invalid_redirect_source"
        ) from exc
    except (OverflowError, RecursionError, ValueError) as exc:  # absurd repeat counts, nesting
        raise ValidationError(
            _("Invalid redirect source regex \"{source}\": {exc}").format(
                source=source, exc=exc), code="invalid_redirect_source"
        ) from exc
