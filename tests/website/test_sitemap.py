"""``/sitemap.xml`` and ``/robots.txt``."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from django_frappe_web.models import WebPage, WebsiteSettings
from tests.testapp.models import Article
from tests.website.router_site import site

pytestmark = pytest.mark.usefixtures("router_site")

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client) -> dict[str, str | None]:
    """``{loc: lastmod or None}`` of the sitemap, checked to be well-formed XML in the sitemap namespace."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    entries = {}
    for url in root.findall("sm:url", NS):
        lastmod = url.find("sm:lastmod", NS)
        entries[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None
    return entries


# --- /sitemap.xml ----------------------------------------------------------------------------


def test_sitemap_lists_www_pages_that_ask_for_it(client):
    assert sitemap(client) == {
        "http://testserver/about": None,  # front matter "sitemap: true"
        "http://testserver/contact": None,  # controller "sitemap = 1"
    }


def test_sitemap_lists_the_home_page_as_the_site_root(client, tmp_path):
    (tmp_path / "index.md").write_text("---\nsitemap: true\n---\n# Home\n")
    (tmp_path / "start.md").write_text("---\nsitemap: true\n---\n# Start\n")
    with site(tmp_path):
        assert set(sitemap(client)) == {"http://testserver/", "http://testserver/start"}
    with site(tmp_path, HOME_PAGE="start"):
        assert set(sitemap(client)) == {"http://testserver/index", "http://testserver/"}


def test_sitemap_lists_published_web_pages_with_lastmod(client):
    page = WebPage.objects.create(title="Team", route="company/team", main_section="x")
    WebPage.objects.create(title="Draft", route="draft", main_section="x", published=False)
    entries = sitemap(client)
    assert entries["http://testserver/company/team"] == page.modified.date().isoformat()
    assert "http://testserver/draft" not in entries


def test_sitemap_lists_published_documents_with_a_route(client):
    Article.objects.create(title="Live", slug="live", route="articles/live", published=True)
    Article.objects.create(title="Hidden", slug="hidden", route="articles/hidden", published=False)
    Article.objects.create(title="No route", slug="no-route", route="", published=True)
    entries = sitemap(client)
    assert entries["http://testserver/articles/live"] == Article.objects.get(slug="live").modified.date().isoformat()
    assert "http://testserver/articles/hidden" not in entries
    assert "http://testserver/" not in entries  # the empty route is not a document page


def test_sitemap_escapes_and_encodes_routes(client):
    WebPage.objects.create(title="Odd", route="q&a/café", main_section="x")
    assert "http://testserver/q&a/caf%C3%A9" in sitemap(client)  # parsed back from &amp;


def test_sitemap_uses_the_request_host(client):
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert b"<loc>http://localhost/about</loc>" in response.content


def test_a_broken_page_does_not_break_the_sitemap(client, tmp_path):
    (tmp_path / "good.md").write_text("---\nsitemap: true\n---\n# Good\n")
    (tmp_path / "bad.md").write_text("---\nsitemap: [unclosed\n---\n# Bad\n")
    (tmp_path / "crash.md").write_text("# Crash\n")
    (tmp_path / "crash.py").write_text("raise RuntimeError('import-time crash')\nsitemap = 1\n")
    with site(tmp_path):
        assert set(sitemap(client)) == {"http://testserver/good"}


def test_sitemap_allows_get_and_head_only(client):
    assert client.head("/sitemap.xml").status_code == 200
    response = client.post("/sitemap.xml")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# --- /robots.txt -----------------------------------------------------------------------------


def test_default_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nDisallow: /api/\nSitemap: http://testserver/sitemap.xml\n"
    )


def test_robots_txt_from_website_settings(client, commit):
    client.get("/robots.txt")
    with commit():
        WebsiteSettings(robots_txt="User-agent: *\nDisallow: /private/\n\n").save()
    assert client.get("/robots.txt").content.decode() == (
        "User-agent: *\nDisallow: /private/\nSitemap: http://testserver/sitemap.xml\n"
    )
    with commit():
        row = WebsiteSettings.load()
        row.robots_txt = ""
        row.save()
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()  # back to the default


def test_robots_txt_allows_get_and_head_only(client):
    response = client.put("/robots.txt")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
