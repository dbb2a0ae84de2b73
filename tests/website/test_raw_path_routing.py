"""Redirects and route rules see the raw path; the www rules apply only where a www folder is read
(issue 10, item 12).

``/.well-known/change-password`` and ``/_old/page`` used to be refused (404) before any redirect
was tried, though the admin accepts such rules. Hidden and private www files stay unreachable.
"""

from __future__ import annotations

import pytest

from django_frappe_web.models import WebPage, WebsiteRedirect
from django_frappe_web.website.paths import is_file_route, normalize_route
from django_frappe_web.website.www_index import get_www_index
from tests.website.router_site import site

pytestmark = pytest.mark.usefixtures("router_site")


def test_a_settings_redirect_matches_a_well_known_path(client):
    rule = {"source": ".well-known/change-password", "target": "/account/password", "redirect_http_status": 302}
    with site(WEBSITE_REDIRECTS=[rule]):
        response = client.get("/.well-known/change-password")
    assert (response.status_code, response["Location"]) == (302, "/account/password")


def test_a_redirect_row_matches_a_path_with_a_private_segment(client, commit):
    with commit():
        WebsiteRedirect.objects.create(source=r"_old/(.*)", target=r"/new/\1")
    response = client.get("/_old/page")
    assert (response.status_code, response["Location"]) == (301, "/new/page")


def test_a_redirect_matches_a_path_that_is_never_a_route(client):
    with site(WEBSITE_REDIRECTS=[{"source": r"legacy/(.*)", "target": r"/\1"}]):
        response = client.get("/legacy/a\\b")
    assert (response.status_code, response["Location"]) == (301, "/a%5Cb")


@pytest.mark.parametrize(
    "path",
    ["/.well-known/change-password", "/_old/page", "/_partial", "/_partial.html", "/docs/_sidebar.json",
     "/.git/config", "/.env", "/docs/.hidden", "/../about", "/%2e%2e/about", "/C:/about"],
)
def test_hidden_and_private_paths_without_a_redirect_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_a_route_rule_may_start_with_a_hidden_segment(client):
    rule = {"from_route": "/.well-known/<category>", "to_route": "kb_article"}
    with site(WEBSITE_ROUTE_RULES=[rule]):
        response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert '<p id="category">security.txt</p>' in response.content.decode()


def test_a_route_rule_cannot_reach_a_private_www_file(client):
    with site(WEBSITE_ROUTE_RULES=[{"from_route": "/partial", "to_route": "_partial"},
                                   {"from_route": "/sidebar", "to_route": "docs/_sidebar.json"}]):
        assert client.get("/partial").status_code == 404
        assert client.get("/sidebar").status_code == 404


def test_a_document_whose_route_has_a_private_segment_is_served_not_500(client, commit):
    """The admin refuses such a route; a row saved around validation is served like any document."""
    with commit():
        WebPage.objects.create(title="Old page", route="_old/page", main_section="kept")
    response = client.get("/_old/page")
    assert response.status_code == 200
    assert "kept" in response.content.decode()


def test_the_www_index_refuses_hidden_and_private_routes():
    index = get_www_index()
    assert index.find_page("about") is not None
    assert index.find_page("_partial") is None
    assert index.find_static("docs/_sidebar.json") is None
    assert [is_file_route(r) for r in ("docs/setup", ".well-known/x", "_old", "a/_b", "C:/x", "a\\b")] == [
        True, False, False, False, False, False,
    ]


@pytest.mark.parametrize(
    "raw, route",
    [("/.well-known/change-password/", ".well-known/change-password"), ("//_old//page.html", "_old/page"),
     ("/..", None), ("/a/./b", None), ("/a\\b", None), ("/a%2e%2e", None), ("/a\x00", None)],
)
def test_normalize_route_keeps_hidden_segments_and_refuses_traversal(raw, route):
    assert normalize_route(raw) == route


def test_explain_route_reports_a_redirect_of_a_path_that_is_not_a_route(commit):
    import io

    from django.core.management import call_command

    with commit():
        WebsiteRedirect.objects.create(source=r"legacy/(.*)", target=r"/new/\1")
    out = io.StringIO()
    call_command("explain_route", "/legacy/a/../b", stdout=out)
    assert out.getvalue().endswith("→ redirect 301 to /new/a/../b\n")
