"""Documents' routes in other languages: a ``RouteTranslation`` gives a web-view document a route
per language (``/de/artikel/hallo`` for ``/articles/hello``), served in that language to everyone,
listed among the document's hreflang alternates and in the sitemap, with breadcrumbs in that
language; saving or deleting one renews the document's cached pages and the route it is at.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from django_frappe_web.content_models import RouteTranslation, WebPageTranslation
from django_frappe_web.models import WebPage
from tests.testapp.models import Article
from tests.website.doc_pages import make_article, text
from tests.website.test_page_translations import alternates, sitemap_alternates

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def translate_route(document, language: str, route: str) -> RouteTranslation:
    row = RouteTranslation(content_type=ContentType.objects.get_for_model(document), object_id=str(document.pk),
                           language=language, route=route)
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def hello(commit):
    with commit():
        article = make_article("hello", title="Hello", body="The body")
        translate_route(article, "de", "de/artikel/hallo")
    return article


def get(path: str, language: str = "en"):
    return Client(HTTP_ACCEPT_LANGUAGE=language).get(path)  # a browser in that language


def test_a_route_translation_serves_the_document_in_its_language_to_everyone(hello):
    for visitor in ("en", "de", "fr"):
        response = get("/de/artikel/hallo", visitor)
        assert response.status_code == 200
        assert "The body" in text(response) and '<html lang="de">' in text(response)
        assert response["Content-Language"] == "de"
    assert get("/articles/hello", "en")["Content-Language"] == "en"


def test_the_document_lists_every_languages_address_at_each_of_its_routes(hello):
    expected = {"de": "http://testserver/de/artikel/hallo", "en": "http://testserver/articles/hello?_lang=en",
                "x-default": "http://testserver/articles/hello"}
    for path, visitor in (("/articles/hello", "en"), ("/articles/hello", "de"), ("/de/artikel/hallo", "fr")):
        assert alternates(get(path, visitor)) == expected, path


def test_the_canonical_address_in_a_language_with_its_own_route_is_that_route(hello):
    canonical = '<link rel="canonical" href="http://testserver/de/artikel/hallo">'
    assert canonical in text(get("/de/artikel/hallo", "en")) and canonical in text(get("/articles/hello", "de"))
    assert '<link rel="canonical" href="http://testserver/articles/hello">' in text(get("/articles/hello", "en"))


def test_an_unpublished_document_is_a_404_at_its_translated_routes_too(hello, commit):
    with commit():
        hello.published = False
        hello.save()
    assert get("/de/artikel/hallo").status_code == 404


def test_a_route_translation_into_a_language_the_site_dropped_is_no_route(hello):
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        assert get("/de/artikel/hallo").status_code == 404
        assert alternates(get("/articles/hello")) == {}


def test_saving_and_deleting_a_route_translation_renews_the_cached_pages(commit):
    with commit():
        article = make_article("cached", title="Cached")
    for _attempt in range(2):
        response = get("/articles/cached")
    assert response["X-From-Cache"] == "True" and alternates(response) == {}
    assert get("/de/gespeichert").status_code == 404
    with commit():
        row = translate_route(article, "de", "de/gespeichert")
    assert alternates(get("/articles/cached"))["de"] == "http://testserver/de/gespeichert"
    assert get("/de/gespeichert").status_code == 200
    with commit():
        row.route = "de/neu"
        row.save()
    assert get("/de/gespeichert").status_code == 404 and get("/de/neu").status_code == 200
    with commit():
        row.delete()
    assert get("/de/neu").status_code == 404 and alternates(get("/articles/cached")) == {}


def test_a_deleted_document_takes_its_route_translations_along(hello, commit):
    with commit():
        hello.delete()
    assert get("/de/artikel/hallo").status_code == 404 and not RouteTranslation.objects.exists()
    with commit():
        translate_route(make_article("again", title="Again"), "de", "de/artikel/hallo")  # the route is free again
    assert get("/de/artikel/hallo").status_code == 200


def test_the_sitemap_lists_a_documents_addresses_in_every_language(hello, commit):
    with commit():
        make_article("alone", title="Alone")
    entries = sitemap_alternates()
    cluster = {"de": "http://testserver/de/artikel/hallo", "en": "http://testserver/articles/hello?_lang=en",
               "x-default": "http://testserver/articles/hello"}
    for loc in cluster.values():
        assert entries[loc] == cluster, loc
    assert entries["http://testserver/articles/alone"] == {}


def test_breadcrumbs_at_a_translated_route_are_the_parents_in_that_language(hello, commit):
    with commit():
        parent = WebPage.objects.create(title="Articles", route="articles", main_section="All of them")
        WebPageTranslation.objects.create(page=parent, language="de", title="Artikel", route="de/artikel", main_section="Alle")
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', text(get("/de/artikel/hallo", "en")), re.S).group(0)
    assert '<a href="/de/artikel">Artikel</a>' in crumbs and "Articles" not in crumbs
    english = re.search(r'<nav class="breadcrumbs".*?</nav>', text(get("/articles/hello", "en")), re.S).group(0)
    assert '<a href="/articles">Articles</a>' in english


def test_a_route_translation_needs_a_free_route_and_another_language_of_the_site(hello, commit):
    with commit():
        other = make_article("other", title="Other")
        page = WebPage.objects.create(title="About", route="about", main_section="x")
    for route in ("de/artikel/hallo", "articles/other", "about", "../etc"):
        with pytest.raises(ValidationError) as error:
            translate_route(other, "de", route)
        assert "route" in error.value.message_dict, route
    for language in ("en", "xx", ""):
        with pytest.raises(ValidationError) as error:
            translate_route(other, language, "de/anders")
        assert "language" in error.value.message_dict, language
    with pytest.raises(ValidationError) as error:
        translate_route(page, "de", "de/ueber")  # a web page's translations have their own route field
    assert "route" in error.value.message_dict
    assert translate_route(other, "fr", "/fr/autre/").route == "fr/autre"
    assert RouteTranslation.objects.filter(object_id=str(other.pk)).count() == 1


def test_the_generic_inline_edits_a_documents_route_translations_in_its_admin(hello, admin_user, rf):
    from django.contrib import admin

    from django_frappe_web.content_admin import RouteTranslationInline

    class ArticleAdmin(admin.ModelAdmin):
        inlines = [RouteTranslationInline]

    site = admin.AdminSite(name="route_translations_test")
    site.register(Article, ArticleAdmin)
    model_admin = site._registry[Article]
    request = rf.get("/admin/")
    request.user = admin_user
    formsets = list(model_admin.get_formsets_with_inlines(request, hello))
    formset = formsets[0][0](instance=hello)
    assert [form.instance.route for form in formset.forms] == ["de/artikel/hallo"]
    assert ("de", "German") in formset.forms[0].fields["language"].choices
    assert ("en", "English") not in formset.forms[0].fields["language"].choices
