"""Redirect rules and their resolver (``django_frappe_web.website.redirects``).

Pure tests: no database, no settings. The index under the resolver, and its comparison with a
naive scan, are tested in test_regex_index.py.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from django_frappe_web.website.redirect_sources import validate_source
from django_frappe_web.website.redirects import (
    RedirectMatch,
    RedirectResolver,
    RedirectRule,
    validate_status,
    validate_target,
)
from django_frappe_web.website.regex_index import RegexIndex


def resolve(rules, path, query_string=""):
    return RedirectResolver(rules).resolve(path, query_string)


def location(rules, path, query_string=""):
    found = resolve(rules, path, query_string)
    return found.location if found else None


# --------------------------------------------------------------------------------------------
# Source forms and anchoring
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["/old", "old", "^old$", "^/old/?$", "^/old$", "/old/", r"\/old", "  /old  ", "^/old/*$", "old/$", "^old"],
)
def test_every_source_style_means_the_same_path(source):
    rules = [RedirectRule(source, "/new")]
    for path in ("/old", "/old/", "old", "//old//"):
        assert location(rules, path) == "/new", (source, path)
    for path in ("/older", "/x/old", "/ol", "/old/x", "/oldold", "/", ""):
        assert resolve(rules, path) is None, (source, path)


def test_source_is_anchored_to_the_whole_path():
    rules = [RedirectRule("blog/.*", "/b"), RedirectRule("old|new", "/on")]
    assert location(rules, "/blog/2024/x") == "/b"
    assert location(rules, "/blog/") is None  # "blog" only: ".*" needs the slash before it
    assert location(rules, "/x/blog/a") is None
    assert location(rules, "/old") == "/on"
    assert location(rules, "/new") == "/on"
    # Frappe's re.match(source + "$") would redirect /older (the "old" branch is unanchored).
    assert location(rules, "/older") is None
    assert location(rules, "/renew") is None


def test_frappe_examples():
    rules = [
        RedirectRule("/testfrom", "://testto1"),
        RedirectRule("/testfromregex.*", "https://testto2"),
        RedirectRule(r"/testsub/(.*)", r"https://testto3/\1"),
        RedirectRule(r"/courses/course\?course=(.*)", r"/courses/\1", match_with_query_string=True),
        RedirectRule("/testsource", "/testtarget"),
    ]
    assert location(rules, "/testfromregex/test") == "https://testto2"
    assert location(rules, "/testsub/me") == "https://testto3/me"
    assert location(rules, "/testsource") == "/testtarget"
    assert location(rules, "/courses/course", "course=data") == "/courses/data"
    assert location(rules, "/test404") is None
    # "://testto1" is not a URL: it is made site-absolute like any other bare target.
    assert location(rules, "/testfrom") == "/://testto1"


def test_home_page_source():
    rules = [RedirectRule("/", "/welcome")]
    assert location(rules, "/") == "/welcome"
    assert location(rules, "") == "/welcome"
    assert location(rules, "/x") is None


def test_inline_flags_apply():
    rules = [RedirectRule("(?i)^/Old$", "/new")]
    assert location(rules, "/OLD") == "/new"
    assert location(rules, "/old/") == "/new"
    assert location(rules, "/older") is None


def test_escaped_dollar_and_dot_are_literal():
    rules = [RedirectRule(r"price\$", "/p"), RedirectRule(r"file\.html", "/f")]
    assert location(rules, "/price$") == "/p"
    assert location(rules, "/price") is None
    assert location(rules, "/file.html") == "/f"
    assert location(rules, "/fileXhtml") is None


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


def test_back_references():
    rules = [
        RedirectRule(r"/from/(.*)", r"/main/\1"),
        RedirectRule(r"/swap/(\w+)/(\w+)", r"/swapped/\2/\1"),
        RedirectRule(r"/named/(?P<slug>[a-z-]+)", r"/n/\g<slug>/\g<1>"),
        RedirectRule(r"/whole/\d+", r"/w/\g<0>"),
        RedirectRule(r"/opt/(a)?(b)", r"/o/[\1][\2]"),
    ]
    assert location(rules, "/from/a/b/c") == "/main/a/b/c"
    assert location(rules, "/swap/one/two") == "/swapped/two/one"
    assert location(rules, "/named/my-post") == "/n/my-post/my-post"
    assert location(rules, "/whole/42") == "/w/whole/42"  # the group 0 is the normalised path
    assert location(rules, "/opt/b") == "/o/[][b]"  # an unmatched group expands to nothing


def test_literal_source_with_whole_match_reference():
    rule = RedirectRule(r"/old\.html", r"/archive/\g<0>")
    assert rule.pattern == r"old\.html"
    assert location([rule], "/old.html") == "/archive/old.html"
    assert rule.regex.fullmatch("old.html")
    with pytest.raises(ValidationError, match="invalid group reference 1"):
        RedirectRule("/old", r"/new/\1")


def test_bare_target_gets_a_leading_slash():
    assert location([RedirectRule("/old", "new")], "/old") == "/new"
    assert location([RedirectRule(r"/old/(.*)", r"\1")], "/old/x/y") == "/x/y"
    assert location([RedirectRule(r"/old/(.*)", r"new/\1")], "/old/x") == "/new/x"


@pytest.mark.parametrize(
    "target",
    [
        "/new",
        "https://example.com/x",
        "http://example.com/x?a=1",
        "//cdn.example.com/file",
        "ftp://files.example.com/",
        "mailto:info@example.com",
        "tel:+100",
    ],
)
def test_absolute_and_foreign_targets_are_kept_as_given(target):
    assert location([RedirectRule("/old", target)], "/old") == target


def test_off_site_target_with_back_reference():
    rules = [RedirectRule(r"/docs/(.*)", r"https://docs.example.com/v2/\1", status=308)]
    found = resolve(rules, "/docs/install/linux")
    assert found == RedirectMatch("https://docs.example.com/v2/install/linux", 308, rules[0])


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------


def test_default_status_is_301():
    assert resolve([RedirectRule("/a", "/b")], "/a").status == 301


@pytest.mark.parametrize("status", [301, 302, 307, 308, "302", " 307 "])
def test_allowed_statuses(status):
    rule = RedirectRule("/a", "/b", status=status)
    assert rule.status == int(status)
    assert resolve([rule], "/a").status == int(status)


@pytest.mark.parametrize("status", [303, 200, 404, 0, "abc", None, True, 301.0, "301x", "²", "３０１"])
def test_other_statuses_are_refused(status):
    with pytest.raises(ValidationError) as exc:
        RedirectRule("/a", "/b", status=status)
    assert exc.value.messages == [f"Invalid redirect status {status!r}: must be one of 301, 302, 307, 308."]
    with pytest.raises(ValidationError):
        validate_status(status)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def test_invalid_regex_is_refused_with_the_message():
    with pytest.raises(ValidationError) as exc:
        RedirectRule("(", "/x")
    assert exc.value.messages == ['Invalid redirect source regex "(": missing ), unterminated subpattern']
    assert exc.value.code == "invalid_redirect_source"
    with pytest.raises(ValidationError) as exc:
        validate_source("/blog/[a-")
    assert exc.value.messages == ['Invalid redirect source regex "/blog/[a-": unterminated character set']
    with pytest.raises(ValidationError, match="nothing to repeat"):
        validate_source("*old")


@pytest.mark.parametrize("source", ["", "   ", None, 12])
def test_empty_or_non_string_source_is_refused(source):
    with pytest.raises(ValidationError, match="Redirect source must be a non-empty string"):
        RedirectRule(source, "/x")


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("/a/(.*)", r"/b/\2", 'Invalid redirect target "/b/\\2" for source "/a/(.*)": invalid group reference 2'),
        ("/a/(?P<x>.*)", r"/b/\g<y>", "unknown group name 'y'"),
        ("/a", r"/b/\1", "invalid group reference 1"),
        ("/a", r"/b/\q", r"bad escape \q"),
        ("/a", "/b\\", "bad escape (end of pattern)"),
        ("/a", "", "Redirect target must be a non-empty string."),
        ("/a", None, "Redirect target must be a non-empty string."),
    ],
)
def test_invalid_target_is_refused(source, target, message):
    with pytest.raises(ValidationError) as exc:
        RedirectRule(source, target)
    assert message in exc.value.messages[0]
    with pytest.raises(ValidationError):
        validate_target(source, target)


def test_validate_target_accepts_good_references():
    validate_target(r"/a/(?P<x>\d+)/(.*)", r"/b/\g<x>/\2/\g<0>")
    validate_target("/a", "/b")


def test_from_dict_with_every_key():
    rule = RedirectRule.from_dict(
        {
            "source": r"/a/(\d+)",
            "target": r"/b/\1",
            "redirect_http_status": 302,
            "match_with_query_string": True,
            "forward_query_parameters": True,
        },
        origin="settings",
    )
    assert (rule.status, rule.match_with_query_string, rule.forward_query_parameters, rule.origin) == (
        302,
        True,
        True,
        "settings",
    )
    assert rule.pattern == r"a/(\d+)"


def test_from_dict_defaults():
    rule = RedirectRule.from_dict({"source": "/a", "target": "/b"}, "hooks:shop")
    assert rule == RedirectRule("/a", "/b", 301, False, False, "hooks:shop")
    assert RedirectRule.from_dict({"source": "/a", "target": "/b", "redirect_http_status": None}).status == 301


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": "/a", "target": "/b", "status": 302}, "Unknown redirect key(s) status (db:7)"),
        ({"source": "/a"}, "Redirect is missing target (db:7)."),
        ({"target": "/b"}, "Redirect is missing source (db:7)."),
        (["/a", "/b"], "A redirect must be a dict, not list (db:7)."),
        ({"source": "(", "target": "/b"}, 'Invalid redirect source regex "(": missing ), unterminated subpattern'),
        ({"source": "/a", "target": "/b", "redirect_http_status": 303}, "Invalid redirect status 303"),
    ],
)
def test_from_dict_refuses_bad_dicts(data, message):
    with pytest.raises(ValidationError) as exc:
        RedirectRule.from_dict(data, "db:7")
    assert message in exc.value.messages[0]


def test_rule_is_frozen_and_hashable():
    rule = RedirectRule("/a", "/b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.target = "/c"  # type: ignore[misc]
    assert hash(rule) == hash(RedirectRule("/a", "/b"))


def test_resolver_takes_rule_objects_only():
    with pytest.raises(TypeError, match="RedirectRule objects, not dict"):
        RedirectResolver([{"source": "/a", "target": "/b"}])  # type: ignore[list-item]


# --------------------------------------------------------------------------------------------
# Query strings
# --------------------------------------------------------------------------------------------


def test_plain_rules_ignore_the_query_string():
    rules = [RedirectRule("/old", "/new")]
    assert location(rules, "/old", "a=1") == "/new"  # not forwarded by default


def test_match_with_query_string():
    rules = [
        RedirectRule(r"/item\?id=(\d+)", r"/items/\1", match_with_query_string=True),
        RedirectRule(r"/search\?q=(.*)", r"/find/\1", match_with_query_string=True),
        RedirectRule("/item", "/items", match_with_query_string=True),
    ]
    assert location(rules, "/item", "id=42") == "/items/42"
    assert location(rules, "/item/", "id=42") == "/items/42"
    assert location(rules, "/item", "id=42&x=1") is None  # the whole "path?query" must match
    assert location(rules, "/search", "q=a%20b") == "/find/a%20b"  # the raw query string
    # No query string: the subject is the bare path (not "item?").
    assert location(rules, "/item") == "/items"
    assert location(rules, "/item", "other=1") is None


def test_match_with_query_string_bytes_query():
    rules = [RedirectRule(r"/a\?x=(.*)", r"/b/\1", match_with_query_string=True)]
    assert location(rules, "/a", b"x=\xc3\xa9") == "/b/é"


def test_optional_query_in_source():
    rules = [RedirectRule(r"/old(\?.*)?", "/new", match_with_query_string=True)]
    assert location(rules, "/old") == "/new"
    assert location(rules, "/old", "a=1") == "/new"
    assert location(rules, "/older", "a=1") is None


@pytest.mark.parametrize(
    ("target", "query", "expected"),
    [
        ("/new", "a=1&b=2", "/new?a=1&b=2"),
        ("/new?x=9", "a=1", "/new?x=9&a=1"),
        ("/new?", "a=1", "/new?a=1"),
        ("/new?x=9&", "a=1", "/new?x=9&a=1"),
        ("/new#top", "a=1", "/new?a=1#top"),
        ("/new?x=9#top", "a=1", "/new?x=9&a=1#top"),
        ("https://example.com/p", "utm=1", "https://example.com/p?utm=1"),
        ("new", "a=1", "/new?a=1"),
        ("/new", "", "/new"),
        ("/new?x=9", "", "/new?x=9"),
    ],
)
def test_forward_query_parameters(target, query, expected):
    rules = [RedirectRule("/old", target, forward_query_parameters=True)]
    assert location(rules, "/old", query) == expected


@pytest.mark.parametrize("match_qs", [False, True])
@pytest.mark.parametrize("forward", [False, True])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("query", ["", "page=2"])
def test_every_option_combination(match_qs, forward, status, query):
    source = r"/list/(\w+)(\?page=\d+)?" if match_qs else r"/list/(\w+)"
    rule = RedirectRule(
        source, r"/catalog/\1", status=status, match_with_query_string=match_qs, forward_query_parameters=forward
    )
    found = RedirectResolver([rule]).resolve("/list/shoes/", query)
    assert found is not None
    assert found.status == status
    assert found.rule is rule
    assert found.location == ("/catalog/shoes?page=2" if forward and query else "/catalog/shoes")
    # a query string the source does not allow stops a match_with_query_string rule only
    other = RedirectResolver([rule]).resolve("/list/shoes", "sort=asc")
    assert (other is None) if match_qs else (other.location.startswith("/catalog/shoes"))


# --------------------------------------------------------------------------------------------
# Order
# --------------------------------------------------------------------------------------------


def test_first_match_wins_regex_before_literal():
    rules = [RedirectRule("/a.*", "/regex"), RedirectRule("/abc", "/literal")]
    assert location(rules, "/abc") == "/regex"


def test_first_match_wins_literal_before_regex():
    rules = [RedirectRule("/abc", "/literal"), RedirectRule("/a.*", "/regex")]
    assert location(rules, "/abc") == "/literal"
    assert location(rules, "/abd") == "/regex"


def test_first_match_wins_duplicates_and_mixed_kinds():
    rules = [
        RedirectRule("/x", "/first"),
        RedirectRule("/x", "/second"),
        RedirectRule(r"/q\?a=1", "/qs", match_with_query_string=True),
        RedirectRule("/q", "/plain"),
        RedirectRule(r"/p", "/plain-p"),
        RedirectRule(r"/p\?a=1", "/qs-p", match_with_query_string=True),
    ]
    assert location(rules, "/x") == "/first"
    assert location(rules, "/q", "a=1") == "/qs"
    assert location(rules, "/q", "a=2") == "/plain"
    assert location(rules, "/p", "a=1") == "/plain-p"




# --------------------------------------------------------------------------------------------
# explain()
# --------------------------------------------------------------------------------------------


def test_explain_lists_candidates_up_to_the_match():
    rules = [
        RedirectRule("/unrelated", "/u"),
        RedirectRule(r"/blog/(\d+)", r"/p/\1", origin="settings"),
        RedirectRule(r"/blog/(.*)", r"/any/\1", origin="db:3"),
        RedirectRule(r"/blog/(.*)", r"/never/\1", origin="db:4"),
    ]
    attempts = RedirectResolver(rules).explain("/blog/abc/", "x=1")
    assert [(a.index, a.matched, a.rule.origin) for a in attempts] == [(1, False, "settings"), (2, True, "db:3")]
    assert attempts[0].subject == "blog/abc"
    assert attempts[1].location == "/any/abc"
    assert RedirectResolver(rules).explain("/nothing") == []


def test_explain_with_no_match_lists_failed_candidates():
    rules = [RedirectRule(r"/blog/(\d+)", "/x"), RedirectRule(r"/blog/a(\d)", "/y"), RedirectRule("/blog/z.*", "/z")]
    attempts = RedirectResolver(rules).explain("/blog/abc")
    # "blog/z.*" cannot match a path starting "blog/a": the index leaves it out
    assert [(a.index, a.matched) for a in attempts] == [(0, False), (1, False)]




def test_explain_query_string_subject_and_forwarding():
    rules = [RedirectRule(r"/a\?x=(\d)", r"/b/\1", match_with_query_string=True, forward_query_parameters=True)]
    (attempt,) = RedirectResolver(rules).explain("/a", "x=5")
    assert (attempt.subject, attempt.matched, attempt.location) == ("a?x=5", True, "/b/5?x=5")


# --------------------------------------------------------------------------------------------
# Memo
# --------------------------------------------------------------------------------------------


def test_memo_answers_repeated_paths_without_regex_work(monkeypatch):
    rules = [RedirectRule(r"/blog/(\d+)", r"/p/\1"), RedirectRule("/old", "/new", forward_query_parameters=True)]
    resolver = RedirectResolver(rules)
    assert resolver.resolve("/blog/7").location == "/p/7"
    assert resolver.resolve("/old", "a=1").location == "/new?a=1"
    assert resolver.resolve("/nope") is None

    calls = []
    original = RegexIndex.first
    monkeypatch.setattr(RegexIndex, "first", lambda self, *a: calls.append(a) or original(self, *a))
    assert resolver.resolve("/blog/7/").location == "/p/7"  # same normalised path: memo hit
    assert resolver.resolve("/old", "b=2").location == "/new?b=2"  # query only forwarded: memo hit
    assert resolver.resolve("/nope") is None
    assert calls == []
    assert resolver.cache_info().hits == 3
    assert resolver.resolve("/blog/8").location == "/p/8"
    assert len(calls) == 1


def test_memo_is_bounded_and_can_be_disabled():
    rules = [RedirectRule(r"/blog/(\d+)", r"/p/\1")]
    resolver = RedirectResolver(rules, memo_size=16)
    for i in range(100):
        assert resolver.resolve(f"/blog/{i}").location == f"/p/{i}"
    assert resolver.cache_info().currsize == 16
    resolver.cache_clear()
    assert resolver.cache_info().currsize == 0
    unmemoised = RedirectResolver(rules, memo_size=0)
    assert unmemoised.resolve("/blog/3").location == "/p/3"
    assert unmemoised.cache_info() is None


def test_memo_keys_on_query_string_when_a_rule_matches_it():
    rules = [RedirectRule(r"/a\?x=1", "/one", match_with_query_string=True), RedirectRule("/a", "/plain")]
    resolver = RedirectResolver(rules)
    assert resolver.resolve("/a", "x=1").location == "/one"
    assert resolver.resolve("/a", "x=2").location == "/plain"
    assert resolver.resolve("/a", "x=1").location == "/one"


def test_very_long_paths_are_not_memoised():
    resolver = RedirectResolver([RedirectRule("/a/(.*)", r"/b/\1")])
    long_path = "/a/" + "x" * 10_000
    assert resolver.resolve(long_path).location == "/b/" + "x" * 10_000
    assert resolver.cache_info().currsize == 0


@pytest.mark.parametrize(
    "path",
    ["/" + "a" * 10_000, "/" + "a/" * 5000, "/\n", "/é/ü/中文", "/a\x00b", "/%2F..%2F", "/../../etc/passwd", "////", " "],
)
def test_weird_paths_do_not_raise(path):
    rules = [
        RedirectRule("/old", "/new"),
        RedirectRule(r"/a+", "/as"),
        RedirectRule(r"(.*)/b", r"/x/\1"),
        RedirectRule(r"(?i)/É/.*", "/e"),
    ]
    resolver = RedirectResolver(rules)
    found = resolver.resolve(path, "q=" + path)
    expected = None
    for rule in rules:
        if rule.regex.fullmatch(path.strip("/")):
            expected = rule
            break
    assert (found.rule if found else None) is expected
    resolver.explain(path)


def test_weird_path_matches():
    resolver = RedirectResolver([RedirectRule(r"/a+", "/as"), RedirectRule(r"(?i)/É/.*", "/e")])
    assert resolver.resolve("/" + "a" * 10_000).location == "/as"
    assert resolver.resolve("/é/ü/中文").location == "/e"
