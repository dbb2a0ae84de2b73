"""Per-page head: Website Route Meta for any route (www pages, documents, web pages), and a web
page's own CSS and JavaScript served as versioned files."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from django_frappe_web.models import WebPage, WebsiteRouteMeta
from tests.website.doc_pages import no_page_cache, text

pytestmark = pytest.mark.django_db


def test_route_meta_overrides_a_pages_own_title_description_image_and_canonical(client):
    WebPage.objects.create(title="Team", route="team", main_section="x", description="Own words")
    WebsiteRouteMeta.objects.create(route="team", meta_title="Our <team>", description="Set by staff",
                                    image="/files/team.png", canonical="/people", noindex=True,
                                    meta_tags=[{"key": "og:type", "value": "article"}, {"key": "author", "value": "Ada \"A\""}])
    body = text(client.get("/team"))
    assert "<title>Our &lt;team&gt;</title>" in body
    assert '<meta name="description" content="Set by staff">' in body and "Own words" not in body
    assert '<meta property="og:image" content="/files/team.png">' in body
    assert '<link rel="canonical" href="http://testserver/people">' in body
    assert '<meta name="robots" content="noindex">' in body
    assert '<meta property="og:type" content="article">' in body
    assert '<meta name="author" content="Ada &quot;A&quot;">' in body


def test_a_route_without_meta_keeps_its_own_and_is_indexed(client):
    WebPage.objects.create(title="Team", route="team", main_section="x", description="Own words")
    body = text(client.get("/team"))
    assert '<meta name="description" content="Own words">' in body and "robots" not in body


def test_route_meta_applies_to_www_pages_and_the_home_page(client, router_site):
    WebsiteRouteMeta.objects.create(route="", meta_title="The home")
    WebsiteRouteMeta.objects.create(route="about", description="About us, by staff")
    assert "<title>The home</title>" in text(client.get("/"))
    about = client.get("/about")
    assert about.status_code == 200 and '<meta name="description" content="About us, by staff">' in text(about)


def test_saving_route_meta_renews_cached_pages(client, commit):
    with commit():
        WebPage.objects.create(title="Team", route="team", main_section="x")
    client.get("/team")
    assert client.get("/team")["X-From-Cache"] == "True"
    with commit():
        WebsiteRouteMeta.objects.create(route="/team/", meta_title="Renamed")
    assert "<title>Renamed</title>" in text(client.get("/team"))


def test_route_meta_costs_no_query_once_warm(client, django_assert_num_queries):
    WebPage.objects.create(title="Team", route="team", main_section="x", css="body { color: red }")
    WebsiteRouteMeta.objects.create(route="team", meta_title="Renamed")
    with no_page_cache():
        client.get("/team")
        with django_assert_num_queries(0):
            assert "<title>Renamed</title>" in text(client.get("/team"))


@pytest.mark.parametrize(("values", "field"), [
    ({"route": "../etc"}, "route"),
    ({"route": "x", "meta_tags": {"key": "a"}}, "meta_tags"),
    ({"route": "x", "meta_tags": [{"key": "a", "value": 1}]}, "meta_tags"),
    ({"route": "x", "meta_tags": [{"key": " ", "value": "v"}]}, "meta_tags"),
    ({"route": "x", "canonical": "javascript:alert(1)"}, "canonical"),
])
def test_bad_route_meta_is_refused(values, field):
    with pytest.raises(ValidationError) as error:
        WebsiteRouteMeta(**values).full_clean()
    assert field in error.value.message_dict


# --- per-page CSS and JavaScript -----------------------------------------------------------


def asset_links(body: str) -> tuple[str, str]:
    import re

    css = re.search(r'<link rel="stylesheet" href="(/_page_assets/[^"]+\.css)">', body).group(1)
    js = re.search(r'<script src="(/_page_assets/[^"]+\.js)" defer></script>', body).group(1)
    return css, js


def test_page_css_and_javascript_are_served_as_versioned_files(client, commit):
    with commit():
        page = WebPage.objects.create(title="Styled", route="styled", main_section="x",
                                      css=".hero { color: teal }", javascript="console.log('hi')")
    body = text(client.get("/styled"))
    assert ".hero" not in body and "console.log" not in body  # nothing inline: a strict CSP allows 'self'
    css, js = asset_links(body)
    response = client.get(css)
    assert response.status_code == 200 and text(response) == ".hero { color: teal }"
    assert response["Content-Type"] == "text/css; charset=utf-8" and "immutable" in response["Cache-Control"]
    assert client.get(js)["Content-Type"] == "text/javascript; charset=utf-8"
    with commit():
        page.css = ".hero { color: navy }"
        page.save()
    assert client.get(css).status_code == 404  # the old version is gone, a new URL serves the new one
    assert text(client.get(asset_links(text(client.get("/styled")))[0])) == ".hero { color: navy }"


def test_assets_of_unpublished_or_unknown_pages_are_404s(client):
    page = WebPage.objects.create(title="Styled", route="styled", main_section="x", css="a{}", published=False)
    from django_frappe_web.website.page_assets import asset_key

    assert client.get(f"/_page_assets/{page.pk}.{asset_key('a{}')}.css").status_code == 404
    assert client.get(f"/_page_assets/999.{asset_key('a{}')}.css").status_code == 404
    assert client.get("/_page_assets/1.zzzz.css").status_code == 404
    assert client.get(f"/_page_assets/{'9' * 30}.{asset_key('a{}')}.css").status_code == 404


def test_only_superusers_write_a_pages_css_and_javascript(django_user_model):
    from django.contrib.auth.models import Permission
    from django.test import Client

    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_webpage", "view_webpage"]))
    page = WebPage.objects.create(title="Styled", route="styled", main_section="x", javascript="safe()")
    client = Client()
    client.force_login(editor)
    response = client.post(f"/admin/django_frappe_web/webpage/{page.pk}/change/", {
        "title": "Styled", "route": "styled", "content_type": "markdown", "main_section": "y", "published": "on",
        "javascript": "evil()", "css": "x{}", "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.main_section, page.javascript, page.css) == ("y", "safe()", "")
