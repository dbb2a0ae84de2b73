"""Route rules (``django_frappe_web.website.route_rules``): Werkzeug-style placeholders."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from django.core.exceptions import ValidationError

from django_frappe_web.website.route_rules import (
    RouteRule,
    RouteRuleMatch,
    RouteRuleResolver,
)


def rule(from_route, to_route="target", defaults=None, origin=""):
    return RouteRule.from_dict({"from_route": from_route, "to_route": to_route, "defaults": defaults}, origin)


def resolve(rules, path):
    return RouteRuleResolver(rules).resolve(path)


# --------------------------------------------------------------------------------------------
# Placeholders
# --------------------------------------------------------------------------------------------


def test_default_placeholder_is_one_segment():
    rules = [rule("/kb/<category>", "kb_article")]
    found = resolve(rules, "/kb/faq")
    assert found == RouteRuleMatch("kb_article", {"category": "faq"}, {"category": "faq"}, rules[0])
    assert resolve(rules, "/kb/faq/").form_dict == {"category": "faq"}
    assert resolve(rules, "kb/faq").form_dict == {"category": "faq"}
    assert resolve(rules, "/kb/a b.c-d").form_dict == {"category": "a b.c-d"}
    for path in ("/kb", "/kb/", "/kb/faq/more", "/x/kb/faq", "/kbx/faq"):
        assert resolve(rules, path) is None, path


def test_string_converter_is_the_default():
    assert resolve([rule("/s/<string:x>")], "/s/abc").form_dict == {"x": "abc"}
    assert resolve([rule("/s/<string:x>")], "/s/a/b") is None


def test_int_converter():
    rules = [rule("/order/<int:order_id>", "order")]
    found = resolve(rules, "/order/42")
    assert found.form_dict == {"order_id": 42}
    assert isinstance(found.form_dict["order_id"], int)
    assert resolve(rules, "/order/007").form_dict == {"order_id": 7}
    for path in ("/order/12a", "/order/a12", "/order/-1", "/order/+1", "/order/1.5", "/order/", "/order/ 1", "/order/٣"):
        assert resolve(rules, path) is None, path


def test_a_refused_conversion_falls_through_to_the_next_rule():
    rules = [rule("/n/<int:n>", "number"), rule("/n/<x>", "text")]
    assert resolve(rules, "/n/" + "1" * 5000).to_route == "text"


def test_float_and_uuid_converters():
    assert resolve([rule("/v/<float:x>")], "/v/1.50").form_dict == {"x": 1.5}
    assert resolve([rule("/v/<float:x>")], "/v/1") is None
    value = "12345678-1234-5678-1234-567812345678"
    found = resolve([rule("/u/<uuid:key>")], f"/u/{value}")
    assert found.form_dict == {"key": uuid.UUID(value)}
    assert resolve([rule("/u/<uuid:key>")], "/u/12345678") is None


def test_path_converter_captures_slashes():
    rules = [rule("/docs/<path:page>", "docs")]
    assert resolve(rules, "/docs/a").form_dict == {"page": "a"}
    assert resolve(rules, "/docs/a/b/c.html").form_dict == {"page": "a/b/c.html"}
    assert resolve(rules, "/docs/a/b/").form_dict == {"page": "a/b"}  # the trailing slash is stripped
    assert resolve(rules, "/docs") is None
    assert resolve(rules, "/docs/") is None
    assert resolve(rules, "/docs//a") is None  # as Werkzeug: the captured path never starts with "/"


def test_path_converter_mid_route():
    rules = [rule("/docs/<path:page>/edit", "edit_doc")]
    assert resolve(rules, "/docs/a/b/edit").form_dict == {"page": "a/b"}
    assert resolve(rules, "/docs/edit/edit").form_dict == {"page": "edit"}
    assert resolve(rules, "/docs/edit") is None
    assert resolve(rules, "/docs/a/b/edit/x") is None


def test_path_converter_keeps_newlines():
    assert resolve([rule("/p/<path:rest>")], "/p/a\nb/c").form_dict == {"rest": "a\nb/c"}


def test_several_placeholders_and_placeholders_inside_a_segment():
    rules = [rule("/shop/<category>/page-<int:page>", "shop")]
    assert resolve(rules, "/shop/tea/page-3").form_dict == {"category": "tea", "page": 3}
    assert resolve(rules, "/shop/tea/page-x") is None
    assert resolve(rules, "/shop/tea/3") is None


def test_literal_parts_are_escaped():
    rules = [rule("/a.b/c++/(x)/<name>", "t")]
    assert resolve(rules, "/a.b/c++/(x)/y").form_dict == {"name": "y"}
    assert resolve(rules, "/aXb/c++/(x)/y") is None
    assert resolve(rules, "/a.b/ccc/(x)/y") is None
    assert rule("/price$/<x>").regex.fullmatch("price$/1")


def test_static_rule_and_home():
    assert resolve([rule("/about-us", "about")], "/about-us/") == RouteRuleMatch(
        "about", {}, {}, RouteRule("/about-us", "about")
    )
    assert resolve([rule("/", "home")], "/").to_route == "home"
    assert resolve([rule("/", "home")], "/x") is None


# --------------------------------------------------------------------------------------------
# to_route, defaults, form_dict
# --------------------------------------------------------------------------------------------


def test_defaults_are_merged_and_captures_win():
    rules = [rule("/kb/<category>", "kb_article", {"category": "general", "section": "kb", "page": 1})]
    found = resolve(rules, "/kb/faq")
    assert found.form_dict == {"category": "faq", "section": "kb", "page": 1}
    assert found.captures == {"category": "faq"}


def test_form_dict_is_a_fresh_dict_each_time():
    rules = [rule("/kb/<category>", "kb", {"section": "kb"})]
    resolver = RouteRuleResolver(rules)
    first = resolver.resolve("/kb/a")
    first.form_dict["section"] = "changed"
    first.form_dict["extra"] = 1
    assert resolver.resolve("/kb/b").form_dict == {"category": "b", "section": "kb"}
    assert dict(rules[0].defaults) == {"section": "kb"}


def test_defaults_cannot_be_changed_through_the_rule():
    defaults = {"a": 1}
    r = rule("/x", "y", defaults)
    defaults["a"] = 2  # the rule kept its own copy
    assert r.defaults["a"] == 1
    with pytest.raises(TypeError):
        r.defaults["a"] = 3  # type: ignore[index]


def test_to_route_placeholders_are_substituted():
    rules = [
        rule("/shop/<item>", "products/<item>"),
        rule("/o/<int:n>", "/orders/<n>/view/"),
        rule("/lang/<page>", "<lang>/<page>", {"lang": "en"}),
        rule("/w/<path:rest>", "wiki/<rest>"),
    ]
    assert resolve(rules, "/shop/tea").to_route == "products/tea"
    assert resolve(rules, "/o/0042").to_route == "orders/42/view"
    assert resolve(rules, "/lang/about").to_route == "en/about"
    assert resolve(rules, "/w/a/b").to_route == "wiki/a/b"


def test_to_route_may_be_a_doctype_name():
    found = resolve([rule("/articles/<name>", "Article")], "/articles/hello-world")
    assert (found.to_route, found.form_dict) == ("Article", {"name": "hello-world"})
    assert resolve([rule("/so/<name>", "Sales Order")], "/so/SO-1").to_route == "Sales Order"


# --------------------------------------------------------------------------------------------
# Order and explain
# --------------------------------------------------------------------------------------------


def test_first_rule_wins():
    rules = [rule("/kb/new", "kb_new"), rule("/kb/<name>", "kb_article"), rule("/kb/<path:rest>", "kb_any")]
    assert resolve(rules, "/kb/new").to_route == "kb_new"
    assert resolve(rules, "/kb/other").to_route == "kb_article"
    assert resolve(rules, "/kb/a/b").to_route == "kb_any"
    assert resolve(list(reversed(rules)), "/kb/new").to_route == "kb_any"


def test_explain_lists_rules_up_to_the_match():
    rules = [rule("/a/<int:n>", "a", origin="settings"), rule("/a/<x>", "ax", origin="hooks:shop"), rule("/a/b", "ab")]
    attempts = RouteRuleResolver(rules).explain("/a/b")
    assert [(a.index, a.matched, a.rule.origin) for a in attempts] == [(0, False, "settings"), (1, True, "hooks:shop")]
    assert attempts[1].result.form_dict == {"x": "b"}
    assert [a.matched for a in RouteRuleResolver(rules).explain("/zzz")] == [False, False, False]


def test_empty_resolver():
    resolver = RouteRuleResolver([])
    assert not resolver
    assert resolver.resolve("/a") is None
    assert resolver.explain("/a") == []


def test_from_dicts_and_origin():
    resolver = RouteRuleResolver.from_dicts(
        [{"from_route": "/a/<x>", "to_route": "a"}, {"from_route": "/b", "to_route": "b"}], origin="hooks:app"
    )
    assert len(resolver) == 2
    assert resolver.resolve("/b").rule.origin == "hooks:app"


def test_resolver_takes_rule_objects_only():
    with pytest.raises(TypeError, match="RouteRule objects, not dict"):
        RouteRuleResolver([{"from_route": "/a", "to_route": "b"}])  # type: ignore[list-item]


def test_rule_is_frozen():
    r = rule("/a", "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.to_route = "c"  # type: ignore[misc]
    assert r.params == ()
    assert rule("/a/<int:x>/<path:y>").params == ("x", "y")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"from_route": "/a/<foo:x>", "to_route": "t"}, 'unknown converter "foo" (known: string, int, float, uuid, path)'),
        ({"from_route": "/a/<int(min=1):x>", "to_route": "t"}, 'converter arguments are not supported in "<int(min=1):x>"'),
        ({"from_route": "/a/<x>/<int:x>", "to_route": "t"}, 'placeholder "x" is used twice'),
        ({"from_route": "/a/<x", "to_route": "t"}, 'malformed placeholder near "a/<x"'),
        ({"from_route": "/a/x>", "to_route": "t"}, "malformed placeholder"),
        ({"from_route": "/a/<1x>", "to_route": "t"}, "malformed placeholder"),
        ({"from_route": "/a/<>", "to_route": "t"}, "malformed placeholder"),
        ({"from_route": "/a/<int:>", "to_route": "t"}, "malformed placeholder"),
        ({"from_route": "/a/<x-y>", "to_route": "t"}, "malformed placeholder"),
        ({"from_route": "", "to_route": "t"}, "from_route must be a non-empty string"),
        ({"from_route": None, "to_route": "t"}, "from_route must be a non-empty string"),
        ({"from_route": "/a", "to_route": ""}, 'Route rule "/a" needs a non-empty to_route'),
        ({"from_route": "/a", "to_route": "/"}, "needs a non-empty to_route"),
        ({"from_route": "/a", "to_route": 5}, "needs a non-empty to_route"),
        (
            {"from_route": "/a/<x>", "to_route": "b/<y>"},
            'to_route "b/<y>" uses <y>, which is neither a placeholder of from_route nor a default',
        ),
        ({"from_route": "/a/<x>", "to_route": "b/<int:x>"}, 'malformed placeholder in to_route "b/<int:x>"'),
        ({"from_route": "/a", "to_route": "b", "defaults": ["x"]}, "defaults must be a dict with string keys"),
        ({"from_route": "/a", "to_route": "b", "defaults": {1: "x"}}, "defaults must be a dict with string keys"),
        ({"from_route": "/a", "to_route": "b", "endpoint": "x"}, "Unknown route rule key(s) endpoint (hooks:x)"),
        ({"from_route": "/a"}, "Route rule is missing to_route (hooks:x)."),
        ({"to_route": "b"}, "Route rule is missing from_route (hooks:x)."),
        ("/a", "A route rule must be a dict, not str (hooks:x)."),
    ],
)
def test_bad_rules_are_refused(data, message):
    with pytest.raises(ValidationError) as exc:
        RouteRule.from_dict(data, "hooks:x")
    assert message in exc.value.messages[0]
    assert exc.value.code == "invalid_route_rule"


def test_origin_is_named_in_errors():
    with pytest.raises(ValidationError) as exc:
        RouteRule("/a/<bad:x>", "t", origin="hooks:shop")
    assert exc.value.messages[0].endswith("(hooks:shop).")


def test_defaults_may_feed_to_route_placeholders():
    assert RouteRule("/a", "b/<lang>", {"lang": "de"}).match("a").to_route == "b/de"


# --------------------------------------------------------------------------------------------
# Weird input
# --------------------------------------------------------------------------------------------


WEIRD_PATHS = [
    "/" + "a" * 10_000,
    "/kb/" + "x" * 10_000,
    "/docs/" + "a/" * 5000,
    "/order/" + "9" * 5000,
    "",
    "/",
    "////",
    "/kb/\n",
    "/kb/\x00",
    "/kb/é中文",
    "/kb/%2F",
    "/../..",
    "/kb/<x>",
    "/kb/(.*)",
    " ",
]


@pytest.mark.parametrize("path", WEIRD_PATHS, ids=lambda p: repr(p[:20]))
def test_weird_paths_do_not_raise(path):
    rules = [
        rule("/kb/<category>", "kb"),
        rule("/order/<int:n>", "order"),
        rule("/docs/<path:page>", "docs"),
        rule("/u/<uuid:u>", "u"),
        rule("/f/<float:f>", "f"),
    ]
    resolver = RouteRuleResolver(rules)
    found = resolver.resolve(path)
    resolver.explain(path)
    if found is not None:
        assert found.rule in rules


def test_weird_paths_capture_what_they_should():
    resolver = RouteRuleResolver([rule("/kb/<category>", "kb"), rule("/order/<int:n>", "order"), rule("/docs/<path:p>", "d")])
    assert resolver.resolve("/kb/" + "x" * 10_000).form_dict == {"category": "x" * 10_000}
    assert resolver.resolve("/order/" + "9" * 4000).form_dict["n"] == int("9" * 4000)
    # beyond Python's int conversion limit (4300 digits): not this rule, no error
    assert resolver.resolve("/order/" + "9" * 5000) is None
    assert resolver.resolve("/docs/" + "a/" * 5000).form_dict == {"p": ("a/" * 5000).rstrip("/")}
    assert resolver.resolve("/kb/é中文").form_dict == {"category": "é中文"}
    assert resolver.resolve("/kb/<x>").form_dict == {"category": "<x>"}
