"""Route matching, framing headers, the page cache and invalidation when a form changes."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command

from django_frappe_web.models import WebForm, WebFormField
from django_frappe_web.settings import web_settings
from django_frappe_web.web_forms.embedding import frame_ancestors, invalid_domains
from django_frappe_web.web_forms.routes import FormRoute, candidates, conflicting_routes, form_url, match
from django_frappe_web.website import page_cache
from django_frappe_web.website.generation import get_version, model_topic
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE

pytestmark = pytest.mark.django_db


# -- routes ------------------------------------------------------------------------------


def test_candidates_of_a_path():
    assert [(c.route, c.action, c.name) for c in candidates("a/b/edit")] == [
        ("a/b/edit", "index", None), ("a/b", "view", "edit"), ("a", "edit", "b")]
    assert [(c.route, c.action) for c in candidates("feedback/new")] == [("feedback/new", "index"), ("feedback", "new")]


def test_form_urls():
    assert [form_url("f", action, "n") for action in ("index", "new", "list", "view", "edit", "delete")] == [
        "/f", "/f/new", "/f/list", "/f/n", "/f/n/edit", "/f/n/delete"]


def test_matching_needs_a_published_form(make_form):
    web_form = make_form("help/contact")
    assert match("help/contact/new") == FormRoute(web_form.pk, "help/contact", "new")
    assert match("help/contact/7/edit") == FormRoute(web_form.pk, "help/contact", "edit", "7")
    assert match("help") is None
    make_form("hidden", published=False)
    assert match("hidden/new") is None


def test_a_warm_miss_costs_no_query(make_form, django_assert_num_queries):
    match("about/team")
    with django_assert_num_queries(0):
        assert match("about/other-team") is None  # a path never asked before: the memoised table answers


def test_clashing_routes(make_form):
    make_form("contact")
    assert conflicting_routes("contact") == ["contact"]
    assert conflicting_routes("contact/sales") == ["contact"]  # /contact/sales is a response page of /contact
    assert conflicting_routes("contactus") == []
    make_form("shop/orders")
    assert conflicting_routes("shop") == ["shop/orders"]
    own = WebForm.objects.get(route="contact")
    assert conflicting_routes("contact", exclude_pk=own.pk) == []


def test_explain_route_names_the_web_form_renderer(make_form, capsys):
    make_form("contact")
    call_command("explain_route", "/contact/new")
    assert "WebFormPage" in capsys.readouterr().out


# -- framing ---------------------------------------------------------------------------


def test_domains_become_frame_ancestors():
    assert frame_ancestors("") == "frame-ancestors 'self'"
    assert frame_ancestors("https://a.example.com\n*.b.example:8443, c.example") == (
        "frame-ancestors 'self' https://a.example.com *.b.example:8443 c.example")
    assert invalid_domains("good.example\nbad;domain 'unsafe-inline' javascript:x") == [
        "bad;domain", "'unsafe-inline'", "javascript:x"]
    assert frame_ancestors("ok.example\nevil;\r\nX-Injected: 1") == "frame-ancestors 'self' ok.example 1"


def test_forms_may_only_be_framed_by_this_site_by_default(client, article_form):
    response = client.get("/articles/new")
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_allowed_domains_may_frame_the_form(client, make_form, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.clickjacking.XFrameOptionsMiddleware"]
    make_form("embed", allowed_embedding_domains="https://partner.example\nhttps://*.shop.example")
    for path in ("/embed/new",):
        response = client.get(path)
        assert response["Content-Security-Policy"] == (
            "frame-ancestors 'self' https://partner.example https://*.shop.example")
        assert "X-Frame-Options" not in response  # it cannot name the partners; DENY would contradict the CSP
    success = client.post("/embed/new", VALID_ARTICLE)
    assert success["Content-Security-Policy"].startswith("frame-ancestors 'self' https://partner.example")


def test_other_pages_keep_djangos_frame_options(client, make_form, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.clickjacking.XFrameOptionsMiddleware"]
    make_form("plain")
    assert client.get("/plain/new")["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get("/nothing-here")["X-Frame-Options"] == "DENY"


# -- caching and invalidation ----------------------------------------------------------


def test_form_pages_are_never_served_from_the_page_cache(client, article_form):
    first = client.get("/articles/new")
    second = client.get("/articles/new")
    assert "X-From-Cache" not in first and "X-From-Cache" not in second
    assert "no-store" in first["Cache-Control"]
    assert first.content != second.content or b"csrfmiddlewaretoken" in first.content
    assert caches[web_settings.CACHE_ALIAS].get(page_cache.page_key(first.wsgi_request, "/articles/new")) is None


def test_a_new_form_replaces_a_cached_404(client, commit):
    assert client.get("/contact/new").status_code == 404
    assert client.get("/contact/new")["X-From-Cache"] == "False"  # a 404 is never stored
    with commit():
        web_form = WebForm.objects.create(title="Contact", route="contact", doctype="Article", published=True)
        WebFormField.objects.create(web_form=web_form, fieldname="title")
    assert client.get("/contact/new").status_code == 200


def test_unpublishing_removes_the_pages_at_once(client, article_form, commit):
    assert client.get("/articles/new").status_code == 200
    with commit():
        article_form.published = False
        article_form.save()
    assert client.get("/articles/new").status_code == 404
    assert client.post("/articles/new", VALID_ARTICLE).status_code in (403, 404, 405)
    assert Article.objects.count() == 0


def test_a_moved_form_answers_at_its_new_route(client, article_form, commit):
    assert client.get("/articles/new").status_code == 200
    with commit():
        article_form.route = "posts"
        article_form.save()
    assert client.get("/articles/new").status_code == 404
    assert client.get("/posts/new").status_code == 200


def test_saving_a_form_or_a_field_bumps_their_versions(article_form, commit):
    form, field = model_topic(WebForm), model_topic(WebFormField)
    before = get_version(form), get_version(field)
    with commit():
        article_form.save()
    after_form = get_version(form), get_version(field)
    with commit():
        article_form.fields.first().save()
    assert before[0] < after_form[0] and before[1] == after_form[1] < get_version(field)


def test_an_unpublished_form_cannot_render_even_from_a_stale_memo(client, article_form):
    assert client.get("/articles/new").status_code == 200
    WebForm.objects.filter(pk=article_form.pk).update(published=False)  # no signal, no new generation
    assert client.get("/articles/new").status_code == 404
