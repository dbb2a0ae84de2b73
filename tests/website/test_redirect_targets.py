"""Text captured from the visitor's path never chooses a redirect's scheme or host (issue 10, item 11).

Pure tests of :mod:`django_frappe_web.website.redirect_targets` through the resolver, then the
same attacks through the test client against the three sources of rules (settings, app hooks,
``WebsiteRedirect`` rows).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError

from django_frappe_web.models import WebsiteRedirect
from django_frappe_web.website.redirects import RedirectResolver, RedirectRule, validate_target
from tests.website.router_site import site

SITE = "https://site.example/"

# Paths a visitor could send to a rule that puts its capture at the start of the target.
ATTACKS = [
    "//evil.example",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https://evil.example/",
    "HTTPS://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "mailto:a@evil.example",
    "///evil.example",
]


def location(rules, path, query_string=""):
    found = RedirectResolver(rules).resolve(path, query_string)
    return found.location if found else None


def host_a_browser_goes_to(location: str) -> str:
    """The host a browser on ``SITE`` lands on (tabs and newlines dropped, ``\\`` read as ``/``)."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").strip().replace("\\", "/")
    return urlsplit(urljoin(SITE, cleaned)).hostname or ""


@pytest.mark.parametrize("captured", ATTACKS)
@pytest.mark.parametrize("target", [r"/\1", r"\1", r"\g<0>", r"/\g<rest>"])
def test_captured_text_never_leaves_the_site(captured, target):
    source = r"go/(?P<rest>.*)" if "rest" in target else r"go/(.*)"
    if target == r"\g<0>":
        source, path = r".+", "/" + captured
    else:
        path = "/go/" + captured
    found = location([RedirectRule(source, target)], path)
    assert found is not None
    assert found.startswith("/") and not found.startswith(("//", "/\\"))
    assert host_a_browser_goes_to(found) == "site.example"


def test_double_slash_capture_collapses_to_a_site_path():
    rules = [RedirectRule(r"go/(.*)", r"/\1"), RedirectRule(r"legacy/(.*)", r"\1")]
    assert location(rules, "/go//evil.example") == "/evil.example"
    assert location(rules, "/legacy/https://evil.example/") == "/https://evil.example"
    assert location(rules, "/go/docs/page") == "/docs/page"  # ordinary paths are unchanged


def test_a_site_target_with_a_literal_prefix_keeps_the_capture_below_it():
    rule = RedirectRule(r"old/(.*)", r"/new/\1")
    assert location([rule], "/old//evil.example") == "/new//evil.example"
    assert host_a_browser_goes_to("/new//evil.example") == "site.example"


def test_forwarded_query_parameters_cannot_change_the_host():
    rule = RedirectRule(r"go/(.*)", r"/\1", forward_query_parameters=True)
    found = location([rule], "/go//evil.example", "next=//evil.example")
    assert found == "/evil.example?next=//evil.example"
    assert host_a_browser_goes_to(found) == "site.example"


@pytest.mark.parametrize("captured", ATTACKS + ["@evil.example", ".evil.example", ":8080/x"])
def test_an_absolute_target_only_goes_to_its_own_host(captured):
    rules = [
        RedirectRule(r"docs/(.*)", r"https://docs.example.com/\1"),
        RedirectRule(r"cdn/(.*)", r"//cdn.example.com/files/\1"),
        RedirectRule(r"search/(.*)", r"https://search.example.com?q=\1"),
    ]
    assert host_a_browser_goes_to(location(rules, "/docs/" + captured)) == "docs.example.com"
    assert host_a_browser_goes_to(location(rules, "/cdn/" + captured)) == "cdn.example.com"
    assert host_a_browser_goes_to(location(rules, "/search/" + captured)) == "search.example.com"


@pytest.mark.parametrize(
    "source, target",
    [
        (r"go/(.*)", r"https://\1"),
        (r"go/(.*)", r"https://\1/path"),
        (r"go/(.*)", r"//\1"),
        (r"go/(?P<h>.*)", r"http://\g<h>.example.com/"),
        (r"go/(.*)", r"https://example.com\1"),  # ``\1`` = ``@evil.example`` would change the host
        (r"go/(.*)", r"https://user\1@example.com/"),
        ("old", "https://"),
        ("old", "//"),
    ],
)
def test_a_target_whose_host_a_capture_could_choose_is_refused(source, target):
    with pytest.raises(ValidationError, match="must spell out its host"):
        RedirectRule(source, target)
    with pytest.raises(ValidationError, match="must spell out its host"):
        validate_target(source, target)


@pytest.mark.parametrize(
    "target",
    [r"https://example.com/\1", r"https://example.com?\1", r"https://example.com#\1", r"//example.com/\1",
     "https://example.com", r"mailto:\1@example.com", r"tel:\1"],
)
def test_targets_that_spell_out_their_host_are_accepted(target):
    RedirectRule(r"go/(.*)", target)


def test_literal_targets_written_by_the_admin_keep_their_meaning():
    rules = [
        RedirectRule("a", "https://example.com/x"),
        RedirectRule("b", "//cdn.example.com/file"),
        RedirectRule("c", "mailto:info@example.com"),
        RedirectRule("d", "new"),
    ]
    assert [location(rules, p) for p in "abcd"] == [
        "https://example.com/x", "//cdn.example.com/file", "mailto:info@example.com", "/new",
    ]


def test_explain_reports_the_same_safe_location():
    resolver = RedirectResolver([RedirectRule(r"go/(.*)", r"/\1")])
    assert resolver.explain("/go//evil.example")[-1].location == "/evil.example"


# --- through the router: settings, hooks and rows ----------------------------------------


@pytest.mark.usefixtures("router_site")
def test_open_redirect_from_a_settings_rule_is_closed(client):
    rules = [{"source": r"go/(.*)", "target": r"/\1"}, {"source": r"legacy/(.*)", "target": r"\1"}]
    with site(WEBSITE_REDIRECTS=rules):
        first = client.get("/go//evil.example")
        second = client.get("/legacy/https://evil.example/")
    assert (first.status_code, first["Location"]) == (301, "/evil.example")
    assert (second.status_code, second["Location"]) == (301, "/https://evil.example")


@pytest.mark.usefixtures("router_site")
def test_open_redirect_from_a_hook_rule_is_closed(client):
    response = client.get("/hooked-go//evil.example")
    assert (response.status_code, response["Location"]) == (301, "/evil.example")


@pytest.mark.usefixtures("router_site")
def test_open_redirect_from_a_database_row_is_closed(client, commit):
    with commit():
        WebsiteRedirect.objects.create(source=r"row/(.*)", target=r"/\1")
    response = client.get("/row/%5Cevil.example")
    assert (response.status_code, response["Location"]) == (301, "/evil.example")


@pytest.mark.usefixtures("router_site")
def test_a_row_whose_host_is_a_capture_is_refused_by_the_model(db):
    with pytest.raises(ValidationError, match="must spell out its host"):
        WebsiteRedirect(source=r"row/(.*)", target=r"https://\1/").full_clean()
