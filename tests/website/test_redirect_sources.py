"""How a redirect source may be written (``django_frappe_web.website.redirect_sources``)."""

from __future__ import annotations

import pytest

from django_frappe_web.website.redirect_sources import normalize_source, validate_source


@pytest.mark.parametrize(
    ("source", "pattern"),
    [
        ("/old", "old"),
        ("^/old/?$", "old"),
        (r"^\/old\/$", "old"),
        (r"/blog/(\d+)/", r"blog/(\d+)"),
        ("/", ""),
        ("^/$", ""),
        (r"price\$", r"price\$"),  # an escaped dollar is kept
        (r"a\?", r"a\?"),  # an escaped question mark is not a quantifier on a slash
        ("a|/", "a|/"),  # the slash is an alternative, not a trailing slash
        ("(a|/)", "(a|/)"),
        ("/{2}x", "/{2}x"),  # a quantified leading slash keeps its slash
        ("(?i)^/Old/$", "(?i)Old"),
        ("a\\\\/", "a\\\\"),  # escaped backslash, then a real trailing slash
    ],
)
def test_normalize_source(source, pattern):
    assert normalize_source(source) == pattern
    assert validate_source(source) == pattern
