"""The website's management commands, run with ``call_command`` as an operator would run them:
``clear_website_cache``, ``clear_cache``, ``list_routes`` and ``explain_route``."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from django_frappe_web import frappe
from django_frappe_web.models import WebForm, WebPage, WebsiteRedirect
from tests.testapp.models import Article
from tests.website.router_site import WWW

REDIRECT = {"source": r"old-blog/(.*)", "target": r"/blog/\1", "redirect_http_status": 308}
RULE = {"from_route": "/kb/<category>/<int:number>", "to_route": "kb_article", "defaults": {"section": "kb"}}


def site(**extra):
    return override_settings(FRAPPE_WEB={"WWW_DIRS": [str(WWW)], "WEBSITE_REDIRECTS": [REDIRECT],
                                         "WEBSITE_ROUTE_RULES": [RULE], **extra})


@pytest.fixture(autouse=True)
def router_site(db):
    with site():
        yield


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def from_cache(response):
    return response.headers.get("X-From-Cache")


# --- clear_website_cache ---------------------------------------------------------------------


def test_clear_website_cache_forgets_every_cached_page(client):
    for path in ("/about", "/contact"):
        client.get(path)
        assert from_cache(client.get(path)) == "True"
    output = run("clear_website_cache")
    assert re.fullmatch(r"Website cache cleared \(route generation \d+\)\.\n", output)
    for path in ("/about", "/contact"):
        assert from_cache(client.get(path)) == "False", path


def test_clear_website_cache_sees_new_settings_redirects(client):
    assert client.get("/about").status_code == 200
    with site(WEBSITE_REDIRECTS=[{"source": "about", "target": "/contact"}]):
        assert client.get("/about").status_code == 200  # the cached page, until cleared
        run("clear_website_cache")
        assert client.get("/about")["Location"] == "/contact"


def test_clear_website_cache_with_path_forgets_only_that_page(client):
    for path in ("/about", "/contact"):
        client.get(path)
    output = run("clear_website_cache", "--path", "/about", "--host", "testserver")
    assert output == "Cleared the cached page of /about for testserver.\n"
    assert from_cache(client.get("/about")) == "False"
    assert from_cache(client.get("/contact")) == "True"


def test_clear_website_cache_path_without_slash_and_default_host(client):
    client.get("/about", HTTP_HOST="localhost")
    client.get("/about")  # testserver
    run("clear_website_cache", "--path", "about")  # default host: localhost
    assert from_cache(client.get("/about", HTTP_HOST="localhost")) == "False"
    assert from_cache(client.get("/about")) == "True"


# --- clear_cache -----------------------------------------------------------------------------


def test_clear_cache_clears_frappe_cache_keys_and_the_website_cache(client):
    frappe.cache.set_value("greeting", {"text": "hi"})
    frappe.cache.hset("meta", "Article", {"fields": 3})
    assert frappe.cache.get_value("greeting") == {"text": "hi"}
    client.get("/about")
    assert from_cache(client.get("/about")) == "True"

    output = run("clear_cache")
    assert output == "Cleared the 'frappe' keys of cache 'default' and the website cache.\n"
    assert frappe.cache.get_value("greeting") is None
    assert frappe.cache.hget("meta", "Article") is None
    assert from_cache(client.get("/about")) == "False"


# --- list_routes -----------------------------------------------------------------------------


def routes_table(output: str) -> dict[str, list[tuple[str, str]]]:
    """``{route: [(renderer, source), ...]}`` from list_routes' aligned columns."""
    table: dict[str, list[tuple[str, str]]] = {}
    lines = output.splitlines()
    for line in lines[:-1]:
        route, renderer, source = re.split(r"\s{2,}", line.strip(), maxsplit=2)
        table.setdefault(route, []).append((renderer, source))
    return table


def test_list_routes_lists_every_kind_of_route(db):
    WebPage.objects.create(title="Team", route="company/team", main_section="x")
    WebPage.objects.create(title="Draft", route="draft", main_section="x", published=False)
    Article.objects.create(title="Live", slug="live", route="articles/live", published=True)
    Article.objects.create(title="Hidden", slug="hidden", route="articles/hidden", published=False)
    row = WebsiteRedirect.objects.create(source="promo", target="/about", redirect_http_status=307)
    WebsiteRedirect.objects.create(source="off", target="/x", enabled=False)
    WebForm.objects.create(title="Feedback", route="feedback-form", doctype="Note", published=True)
    WebForm.objects.create(title="Unpublished", route="secret-form", doctype="Note", published=False)

    output = run("list_routes")
    table = routes_table(output)
    assert table["/about"] == [("TemplatePage", f"www: {WWW / 'about.md'}")]
    assert table["/"] == [("TemplatePage", f"www: {WWW / 'index.html'}")]
    assert table["/docs/usage"] == [("TemplatePage", f"www: {WWW / 'docs' / 'usage.md'}")]
    assert table["/assets/report.pdf"] == [("StaticPage", f"www file: {WWW / 'assets' / 'report.pdf'}")]
    assert table["/company/team"] == [("DocumentPage", "doctype: Web Page")]
    assert table["/articles/live"] == [("DocumentPage", "doctype: Article")]
    assert table["/Article"] == [("ListPage", "list of doctype: Article")]
    assert table["/Web Page"] == [("ListPage", "list of doctype: Web Page")]
    assert table["/feedback-form"] == [("WebFormPage", "web form: Feedback (Note)")]
    assert table["old-blog/(.*)"] == [("redirect", r"redirect (settings) → /blog/\1 [308]")]
    assert table["hooked-old/(.*)"] == [("redirect", r"redirect (hooks:tests.testapp) → /hooked-new/\1 [302]")]
    assert table["promo"] == [("redirect", f"redirect (db:{row.pk}) → /about [307]")]
    assert table["/kb/<category>/<int:number>"] == [("route rule", "route rule (settings) → kb_article")]
    assert table["/hooked-kb/<category>"] == [("route rule", "route rule (hooks:tests.testapp) → kb_article")]
    # never listed: unpublished rows, disabled redirects, sources and private files
    for absent in ("/draft", "/articles/hidden", "off", "/secret-form", "/greet.py", "/lonely.py", "/about.md",
                   "/_partial", "/docs/index.txt", "/docs/_sidebar.json"):
        assert absent not in table, absent
    assert output.splitlines()[-1] == f"{sum(len(v) for v in table.values())} routes"


# --- explain_route ---------------------------------------------------------------------------

TEMPLATE_PAGE = "django_frappe_web.website.renderers.template_page.TemplatePage"
NOT_FOUND_PAGE = "django_frappe_web.website.renderers.not_found_page.NotFoundPage"


def verdicts(output: str) -> dict[str, bool]:
    return {name: answer == "yes" for answer, name in re.findall(r"^  (yes|no ) +(\S+)$", output, re.M)}


def test_explain_a_www_page():
    output = run("explain_route", "/about")
    assert output.startswith("path: /about   user: Guest\n")
    assert "route rule: none\n" in output
    assert "route: 'about'\n" in output
    found = verdicts(output)
    assert found[TEMPLATE_PAGE] is True
    assert found["django_frappe_web.website.renderers.static_page.StaticPage"] is False
    assert found["django_frappe_web.website.renderers.document_page.DocumentPage"] is False
    assert found["tests.testapp.hooks.HookedRenderer"] is False  # custom renderers are listed first
    assert list(found)[0] == "tests.testapp.hooks.HookedRenderer"
    assert output.endswith("→ TemplatePage: status 200\n")


def test_explain_a_redirect():
    output = run("explain_route", "/old-blog/2024/post")
    assert "  MATCH  'old-blog/(.*)' (settings)\n" in output
    assert output.endswith("→ redirect 308 to /blog/2024/post\n")
    assert "renderers:" not in output


def test_explain_a_redirect_row(db):
    WebsiteRedirect.objects.create(source="promo", target="/about", redirect_http_status=307)
    output = run("explain_route", "promo")  # a leading slash is optional
    assert re.search(r"  MATCH  'promo' \(db:\d+\)\n", output)
    assert output.endswith("→ redirect 307 to /about\n")


def test_explain_a_route_rule():
    output = run("explain_route", "/kb/faq/7?x=1")
    assert "route rule: /kb/<category>/<int:number> → kb_article form_dict={'section': 'kb', 'category': 'faq', " \
           "'number': 7}\n" in output
    assert "route: 'kb_article'\n" in output
    assert output.endswith("→ TemplatePage: status 200\n")


def test_explain_a_404():
    output = run("explain_route", "/no-such-page")
    found = verdicts(output)
    assert [name for name, accepted in found.items() if accepted] == [NOT_FOUND_PAGE]
    assert output.endswith("→ NotFoundPage: status 404\n")


def test_explain_an_unsafe_path():
    output = run("explain_route", "/../private/secret.txt")
    assert output.endswith("route: refused (unsafe or malformed path) → 404\n")


def test_explain_a_hooked_renderer():
    output = run("explain_route", "/hooked-render")
    found = verdicts(output)
    assert found["tests.testapp.hooks.HookedRenderer"] is True
    assert found[TEMPLATE_PAGE] is True  # the www page it shadows
    assert output.endswith("→ HookedRenderer: status 203\n")


def test_explain_a_crashing_page_reports_the_500():
    output = run("explain_route", "/broken")
    assert output.endswith("→ TemplatePage: status 500 (ErrorPage: RuntimeError: router-site boom: secret-detail-42)\n")


def test_explain_as_a_user(user):
    assert run("explain_route", "/members").endswith("→ TemplatePage: status 403\n")
    output = run("explain_route", "/members", "--user", "alice")
    assert output.startswith("path: /members   user: alice\n")
    assert output.endswith("→ TemplatePage: status 200\n")


def test_explain_a_document_for_guest_and_staff(superuser):
    Article.objects.create(title="Hidden", slug="hidden", route="articles/hidden", published=False)
    assert run("explain_route", "/articles/hidden").endswith("→ NotFoundPage: status 404\n")
    # unpublished documents are never pages, not even for a superuser
    assert run("explain_route", "/articles/hidden", "--user", "admin").endswith("→ NotFoundPage: status 404\n")


def test_explain_with_an_unknown_user_is_a_command_error(db):
    with pytest.raises(CommandError, match="nobody"):
        run("explain_route", "/about", "--user", "nobody")


def test_explain_does_not_change_what_visitors_get(client):
    run("explain_route", "/about")
    run("explain_route", "/members", "--user", "Guest")
    first = client.get("/about")
    assert first.status_code == 200 and from_cache(first) == "False"


# --- rebuild_search_index --------------------------------------------------------------------


def test_rebuild_search_index_counts_what_it_indexes(db):
    from django.db import connection

    from django_frappe_web.models import SearchEntry

    WebPage.objects.bulk_create([WebPage(title=f"Page {n}", route=f"p/{n}", main_section="x") for n in range(5)]
                                + [WebPage(title="Draft", route="draft", published=False)])
    Article.objects.bulk_create([Article(title="A", slug="a", route="a", published=True),
                                 Article(title="B", slug="b", route="", published=True)])
    out = run("rebuild_search_index", "--chunk-size", "2")
    if connection.vendor != "postgresql":
        assert "no index to build" in out and SearchEntry.objects.count() == 0
        return
    assert "Web Page: 5 documents indexed" in out and "Article: 1 documents indexed" in out
    assert "6 documents indexed in 2 doctypes." in out
    assert SearchEntry.objects.count() == 6 and not SearchEntry.objects.filter(vector__isnull=True).exists()
    SearchEntry.objects.create(doctype="Gone", object_id="1")
    assert run("rebuild_search_index", "--doctype", "web page").splitlines() == [
        "Web Page: 5 documents indexed", "5 documents indexed in 1 doctypes."]
    assert "1 entries of doctypes no longer searched removed" in run("rebuild_search_index")
    assert SearchEntry.objects.count() == 6


@pytest.mark.parametrize("args", [("--doctype", "Nope"), ("--doctype", "Category"), ("--chunk-size", "0")])
def test_rebuild_search_index_refuses_what_it_cannot_index(args):
    with pytest.raises(CommandError):
        run("rebuild_search_index", *args)


@pytest.mark.usefixtures("three_languages")
def test_list_routes_lists_the_routes_of_translations(db):
    from django.contrib.contenttypes.models import ContentType

    from django_frappe_web.content_models import RouteTranslation, WebPageTranslation

    team = WebPage.objects.create(title="Team", route="company/team", main_section="x")
    WebPageTranslation.objects.create(page=team, language="de", title="Team", route="de/firma/team")
    draft = WebPage.objects.create(title="Draft", route="draft", main_section="x", published=False)
    WebPageTranslation.objects.create(page=draft, language="de", title="Entwurf", route="de/entwurf")
    live = Article.objects.create(title="Live", slug="live", route="articles/live", published=True)
    RouteTranslation.objects.create(content_type=ContentType.objects.get_for_model(Article), object_id=str(live.pk),
                                    language="fr", route="fr/articles/en-direct")

    table = routes_table(run("list_routes"))
    assert table["/de/firma/team"] == [("TranslatedPage", "web page: Team in de")]
    assert table["/fr/articles/en-direct"] == [("TranslatedPage", f"doctype: Article {live.pk} in fr")]
    assert "/de/entwurf" not in table  # an unpublished page's translation is no route
