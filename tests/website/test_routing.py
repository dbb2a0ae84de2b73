"""Redirects (settings, app hooks, database rows, the admin form), route rules and custom
renderers, through Django's test client.

App hooks come from ``tests/testapp/hooks.py`` (paths starting with ``hooked-``).
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from django_frappe_web import frappe
from django_frappe_web.local import init
from django_frappe_web.models import WebsiteRedirect
from django_frappe_web.website import BaseRenderer, router
from tests.website.router_site import site

pytestmark = pytest.mark.usefixtures("router_site")


def text(response) -> str:
    return response.content.decode()


# --- redirects from settings -------------------------------------------------------------


def test_redirect_from_settings_with_back_reference(client):
    with site(WEBSITE_REDIRECTS=[{"source": r"old-blog/(.*)", "target": r"/blog/\1"}]):
        response = client.get("/old-blog/2024/hello")
    assert response.status_code == 301
    assert response["Location"] == "/blog/2024/hello"
    assert response.content == b""


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_status_from_the_rule(client, status):
    with site(WEBSITE_REDIRECTS=[{"source": "moved", "target": "/about", "redirect_http_status": status}]):
        response = client.get("/moved/")
    assert response.status_code == status
    assert response["Location"] == "/about"


def test_redirect_source_is_anchored(client):
    with site(WEBSITE_REDIRECTS=[{"source": "old", "target": "/new"}]):
        assert client.get("/old").status_code == 301
        assert client.get("/older").status_code == 404
        assert client.get("/x/old").status_code == 404


def test_redirect_beats_an_existing_page(client):
    assert client.get("/about").status_code == 200
    with site(WEBSITE_REDIRECTS=[{"source": "about", "target": "https://example.com/about"}]):
        # New settings are a deploy; pages cached before it stay until the website cache is cleared.
        call_command("clear_website_cache", stdout=io.StringIO())
        response = client.get("/about")
    assert response.status_code == 301
    assert response["Location"] == "https://example.com/about"


def test_redirect_match_with_query_string(client):
    rule = {"source": r"courses/course\?course=(\w+)", "target": r"/courses/\1", "match_with_query_string": True}
    with site(WEBSITE_REDIRECTS=[rule]):
        response = client.get("/courses/course?course=data")
        assert (response.status_code, response["Location"]) == (301, "/courses/data")
        assert client.get("/courses/course").status_code == 404  # no query string: no match


def test_redirect_forwards_query_parameters(client):
    rules = [
        {"source": "search", "target": "/find", "forward_query_parameters": True},
        {"source": "lookup", "target": "/find"},
    ]
    with site(WEBSITE_REDIRECTS=rules):
        assert client.get("/search?q=tea&page=2")["Location"] == "/find?q=tea&page=2"
        assert client.get("/lookup?q=tea")["Location"] == "/find"


def test_redirect_of_the_home_page(client):
    with site(WEBSITE_REDIRECTS=[{"source": "^$", "target": "/docs"}]):
        response = client.get("/")
    assert (response.status_code, response["Location"]) == (301, "/docs")


def test_first_matching_redirect_wins_and_settings_come_before_hooks(client):
    rules = [
        {"source": "hooked-both", "target": "/from-settings"},
        {"source": "hooked-.*", "target": "/catch-all"},
    ]
    with site(WEBSITE_REDIRECTS=rules):
        assert client.get("/hooked-both")["Location"] == "/from-settings"
        assert client.get("/hooked-old/x")["Location"] == "/catch-all"  # settings before the hook rule


def test_redirect_from_app_hooks(client):
    response = client.get("/hooked-old/some/page")
    assert response.status_code == 302
    assert response["Location"] == "/hooked-new/some/page"
    assert client.get("/hooked-both")["Location"] == "/from-hooks"


def test_invalid_rule_in_settings_is_skipped_not_fatal(client, caplog):
    rules = [{"source": "(unclosed", "target": "/x"}, {"source": "fine", "target": "/ok"}]
    with site(WEBSITE_REDIRECTS=rules), caplog.at_level("WARNING", logger="django_frappe_web.website"):
        assert client.get("/fine")["Location"] == "/ok"
        assert client.get("/about").status_code == 200
    assert any("Skipping invalid redirect from settings" in r.getMessage() for r in caplog.records)


# --- redirects from database rows --------------------------------------------------------


def test_redirect_row_works_as_soon_as_it_is_saved(client, commit):
    assert client.get("/promo").status_code == 404
    with commit():
        WebsiteRedirect.objects.create(source="promo", target="/about", redirect_http_status=307)
    response = client.get("/promo")
    assert (response.status_code, response["Location"]) == (307, "/about")


def test_redirect_rows_by_priority_then_id(client, commit):
    with commit():
        WebsiteRedirect.objects.create(source="sale/(.*)", target=r"/late/\1", priority=5)
        WebsiteRedirect.objects.create(source="sale/.*", target="/early", priority=-1)
        WebsiteRedirect.objects.create(source="sale/x", target="/same-priority-later-id", priority=-1)
    assert client.get("/sale/x")["Location"] == "/early"


def test_disabled_redirect_row_is_ignored(client, commit):
    with commit():
        WebsiteRedirect.objects.create(source="off", target="/x", enabled=False)
    assert client.get("/off").status_code == 404


def test_changed_and_deleted_rows_take_effect(client, commit):
    with commit():
        row = WebsiteRedirect.objects.create(source="spring", target="/one")
    assert client.get("/spring")["Location"] == "/one"
    with commit():
        row.target = "/two"
        row.save()
    assert client.get("/spring")["Location"] == "/two"
    with commit():
        row.delete()
    assert client.get("/spring").status_code == 404


def test_settings_and_hooks_come_before_rows(client, commit):
    with commit():
        WebsiteRedirect.objects.create(source="hooked-both", target="/from-row", priority=-100)
        WebsiteRedirect.objects.create(source="only-row", target="/from-row")
    with site(WEBSITE_REDIRECTS=[{"source": "only-row", "target": "/from-settings"}]):
        assert client.get("/only-row")["Location"] == "/from-settings"
        assert client.get("/hooked-both")["Location"] == "/from-hooks"


def test_row_saved_around_validation_with_a_bad_regex_is_skipped(client, commit, caplog):
    with commit():
        WebsiteRedirect.objects.create(source="(broken", target="/x")
        WebsiteRedirect.objects.create(source="works", target="/y")
    with caplog.at_level("WARNING", logger="django_frappe_web.website"):
        assert client.get("/works")["Location"] == "/y"
        assert client.get("/about").status_code == 200
    assert any("Skipping invalid redirect" in r.getMessage() for r in caplog.records)


# --- the admin form ----------------------------------------------------------------------

ADD_URL = "/admin/django_frappe_web/websiteredirect/add/"


def admin_form(**fields):
    data = {"source": "", "target": "/new", "redirect_http_status": "301", "enabled": "on", "priority": "0"}
    data.update(fields)
    return data


@pytest.mark.parametrize("source", ["(unclosed", "a[b", "x(?P<1>y)", "*star"])
def test_admin_refuses_an_invalid_regex(client, superuser, source):
    client.force_login(superuser)
    response = client.post(ADD_URL, admin_form(source=source))
    assert response.status_code == 200  # the form again, with the error
    assert WebsiteRedirect.objects.count() == 0
    errors = response.context["adminform"].form.errors
    assert "source" in errors, errors
    assert 'class="errorlist' in text(response)


def test_admin_refuses_a_target_referencing_a_missing_group(client, superuser):
    client.force_login(superuser)
    response = client.post(ADD_URL, admin_form(source="old/(.*)", target=r"/new/\2"))
    assert response.status_code == 200
    assert WebsiteRedirect.objects.count() == 0
    assert response.context["adminform"].form.errors


def test_admin_saves_a_valid_redirect_that_then_works(client, superuser, commit):
    client.force_login(superuser)
    with commit():
        response = client.post(ADD_URL, admin_form(source="from-admin/(.*)", target=r"/to/\1",
                                                   redirect_http_status="308"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    row = WebsiteRedirect.objects.get()
    assert (row.source, row.target, row.redirect_http_status) == ("from-admin/(.*)", r"/to/\1", 308)
    client.logout()
    response = client.get("/from-admin/abc")
    assert (response.status_code, response["Location"]) == (308, "/to/abc")


# --- route rules -------------------------------------------------------------------------

KB_RULE = {"from_route": "/kb/<category>/<int:number>", "to_route": "kb_article", "defaults": {"section": "kb"}}


def test_route_rule_captures_go_into_form_dict(client):
    with site(WEBSITE_ROUTE_RULES=[KB_RULE]):
        response = client.get("/kb/faq/007")
    assert response.status_code == 200
    html = text(response)
    assert '<p id="category">faq</p>' in html
    assert '<p id="number">7</p>' in html  # <int:> gives an int
    assert '<p id="section">kb</p>' in html  # defaults


def test_route_rule_capture_wins_over_a_query_argument(client):
    with site(WEBSITE_ROUTE_RULES=[KB_RULE]):
        html = text(client.get("/kb/faq/1?category=evil&section=visitor"))
    assert '<p id="category">faq</p>' in html
    assert '<p id="section">kb</p>' in html


def test_route_rule_pages_are_never_cached(client):
    with site(WEBSITE_ROUTE_RULES=[KB_RULE]):
        first = client.get("/kb/faq/1")
        second = client.get("/kb/faq/1")
    assert first.status_code == second.status_code == 200
    assert "X-From-Cache" not in first and "X-From-Cache" not in second


def test_route_rule_page_with_a_malformed_json_body_is_417_not_500(client):
    """The captures go into frappe.form_dict, which parses the body: a bad body is the visitor's error."""
    with site(WEBSITE_ROUTE_RULES=[KB_RULE]):
        response = client.post("/kb/faq/1", data="{not json", content_type="application/json")
    assert response.status_code == 417
    assert "not valid JSON" in text(response)


def test_route_rule_does_not_match_other_shapes(client):
    with site(WEBSITE_ROUTE_RULES=[KB_RULE]):
        assert client.get("/kb/faq/one").status_code == 404  # <int:> refuses text
        assert client.get("/kb/faq").status_code == 404
        assert client.get("/kb/faq/1/more").status_code == 404


def test_route_rule_with_path_placeholder_and_to_route_placeholder(client, tmp_path):
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "tea.html").write_text("<h1>Tea</h1><p>{{ frappe.form_dict.rest }}</p>")
    rules = [{"from_route": "/shop/<item>/<path:rest>", "to_route": "products/<item>"}]
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)], "WEBSITE_ROUTE_RULES": rules}):
        response = client.get("/shop/tea/green/leaves")
        assert response.status_code == 200
        assert "<h1>Tea</h1><p>green/leaves</p>" in text(response)
        assert client.get("/shop/coffee/x").status_code == 404  # products/coffee does not exist


def test_route_rule_from_app_hooks(client):
    response = client.get("/hooked-kb/news")
    assert response.status_code == 200
    assert '<p id="category">news</p>' in text(response)
    assert '<p id="section">from-hooks</p>' in text(response)


def test_redirects_come_before_route_rules(client):
    with site(WEBSITE_ROUTE_RULES=[KB_RULE], WEBSITE_REDIRECTS=[{"source": "kb/old/.*", "target": "/kb"}]):
        assert client.get("/kb/old/1")["Location"] == "/kb"
        assert client.get("/kb/new/1").status_code == 200


# --- custom renderers --------------------------------------------------------------------


class SettingsRenderer(BaseRenderer):
    """Claims /about (a www page) and /hooked-render-both (also claimed by the hooked renderer)."""

    def can_render(self):
        return self.path in ("about", "hooked-render-both", "settings-denied", "settings-crash")

    def render(self):
        if self.path == "settings-denied":
            raise frappe.PermissionError("Renderer says no")
        if self.path == "settings-crash":
            raise ValueError("renderer crashed")
        return self.build_response(f"<p>settings renderer: {self.path}</p>", headers={"X-Renderer": "settings"})


class PageRenderer(BaseRenderer):
    """Renders through the site's base template, like the standard renderers."""

    def can_render(self):
        return self.path == "custom-page"

    def render(self):
        return self.render_page(context=self.get_context(title="Custom page"), content="<p>custom body</p>")


RENDERERS = [f"{__name__}.SettingsRenderer", f"{__name__}.PageRenderer"]


def test_custom_renderer_from_settings_comes_before_the_standard_ones(client):
    with site(PAGE_RENDERERS=RENDERERS):
        response = client.get("/about")
    assert response.status_code == 200
    assert text(response) == "<p>settings renderer: about</p>"
    assert response["X-Renderer"] == "settings"


def test_custom_renderer_does_not_take_other_paths(client):
    with site(PAGE_RENDERERS=RENDERERS):
        assert "<h1>Contact us</h1>" in text(client.get("/contact"))
        assert client.get("/nothing-here").status_code == 404


def test_custom_renderer_can_use_the_base_template(client):
    with site(PAGE_RENDERERS=RENDERERS):
        response = client.get("/custom-page")
    assert response.status_code == 200
    assert "<title>Custom page</title>" in text(response)
    assert '<main class="page-content"><p>custom body</p></main>' in text(response)
    assert response["X-From-Cache"] == "False"  # cacheable unless it says otherwise


def test_hooked_renderer_comes_before_the_standard_ones(client):
    response = client.get("/hooked-render")  # a www page has that route too
    assert response.status_code == 203
    assert response["X-Renderer"] == "hooked"
    assert text(response) == "<p>hooked renderer for hooked-render</p>"


def test_settings_renderers_come_before_hooked_ones(client):
    with site(PAGE_RENDERERS=RENDERERS):
        assert text(client.get("/hooked-render-both")) == "<p>settings renderer: hooked-render-both</p>"
    call_command("clear_website_cache", stdout=io.StringIO())
    assert text(client.get("/hooked-render-both")) == "<p>hooked renderer for hooked-render-both</p>"


def test_redirects_come_before_custom_renderers(client):
    with site(WEBSITE_REDIRECTS=[{"source": "hooked-render-moved", "target": "/about"}]):
        assert client.get("/hooked-render-moved").status_code == 301


def test_custom_renderer_errors_become_error_pages(client, caplog):
    with site(PAGE_RENDERERS=RENDERERS):
        denied = client.get("/settings-denied")
        with caplog.at_level("ERROR", logger="django_frappe_web.website"):
            crashed = client.get("/settings-crash")
    assert denied.status_code == 403 and "Renderer says no" in text(denied)
    assert crashed.status_code == 500 and "Server error" in text(crashed)
    assert "renderer crashed" not in text(crashed)
    assert any(r.exc_info and isinstance(r.exc_info[1], ValueError) for r in caplog.records)


# --- Router.explain ----------------------------------------------------------------------


def explain(path: str):
    request = RequestFactory().get(path)
    with init(request=request):
        return router.explain(request)


def test_explain_a_redirect_lists_the_candidates_and_the_status():
    with site(WEBSITE_REDIRECTS=[{"source": r"old/(\d+)", "target": r"/new/\1", "redirect_http_status": 307}]):
        found = explain("/old/7")
    assert found.redirect_rules >= 1
    assert [(a.rule.source, a.matched) for a in found.redirects_tried] == [(r"old/(\d+)", True)]
    assert (found.status, found.resolution.redirect.location) == (307, "/new/7")


def test_explain_a_page_gives_each_verdict_and_the_rendered_status():
    found = explain("/about")
    assert found.redirects_tried == [] and found.resolution.redirect is None
    assert type(found.resolution.renderer).__name__ == "TemplatePage"
    assert ("django_frappe_web.website.renderers.template_page.TemplatePage", True) in found.resolution.verdicts
    assert (found.status, found.error) == (200, None)


def test_explain_a_crashing_page_keeps_the_error():
    found = explain("/broken")
    assert found.status == 500 and isinstance(found.error, RuntimeError)


def test_explain_an_unsafe_path_is_a_404_without_rendering():
    found = explain("/../private/secret.txt")
    assert (found.resolution.route, found.status, found.error) == (None, 404, None)
