"""The site search in the visitor's language: a Web Page with a translation into it is found by the
translation's words and shown as the translation (its title, snippet and own route); a page without
one is searched as written. The same on both searches: the LIKE fallback (SQLite) and PostgreSQL's
full-text index, which keeps an entry per translation and follows their saves and deletes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from django_frappe_web.content_models import WebPageTranslation
from django_frappe_web.models import SearchEntry, WebPage
from django_frappe_web.website.search import search
from tests.website.doc_pages import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


@pytest.fixture
def garden():
    page = WebPage.objects.create(title="Gardening tips", route="tips", main_section="Water the tomatoes daily",
                                  description="Tips for a garden")
    WebPageTranslation.objects.create(page=page, language="de", title="Gartentipps", route="de/garten",
                                      main_section="Gießen Sie die Tomaten täglich")
    WebPageTranslation.objects.create(page=page, language="fr", title="Conseils de jardinage",
                                      main_section="Arrosez les tomates chaque jour")  # no route of its own
    WebPage.objects.create(title="Soup", route="soup", main_section="A tomatoes recipe")  # in English only
    return page


def found(query: str, language: str) -> list[tuple[str, str]]:
    """``(title, url)`` of the results for a visitor in ``language``."""
    with translation.override(language):
        return [(result.title, result.url) for result in search(query, AnonymousUser())]


def test_each_language_searches_and_shows_its_own_text(garden):
    assert set(found("tomatoes", "en")) == {("Gardening tips", "/tips"), ("Soup", "/soup")}
    assert found("Tomaten", "de") == [("Gartentipps", "/de/garten")]
    assert found("tomates", "fr") == [("Conseils de jardinage", "/tips")]  # at the page's route, in French
    assert found("Tomaten", "en") == [] and found("Arrosez", "de") == []  # each reads its own language only


def test_a_translated_page_is_not_found_by_the_originals_words_in_its_language(garden):
    # In German the garden page says "Tomaten", not "tomatoes"; the soup, untranslated, says "tomatoes".
    assert found("tomatoes", "de") == [("Soup", "/soup")]
    assert found("Gardening", "de") == [] and found("Gartentipps", "de") == [("Gartentipps", "/de/garten")]


def test_the_results_page_highlights_the_translations_words(garden):
    body = text(Client(HTTP_ACCEPT_LANGUAGE="de").get("/search", {"q": "Tomaten"}))
    assert '<a href="/de/garten">Gartentipps</a>' in body
    assert "Gießen Sie die <mark>Tomaten</mark> täglich" in body and "Gardening" not in body


def test_a_translations_save_and_delete_are_followed(garden):
    german = garden.translations.get(language="de")
    german.main_section = "Gießen Sie die Gurken täglich"
    german.save()
    assert found("Gurken", "de") == [("Gartentipps", "/de/garten")] and found("Tomaten", "de") == []
    german.language = "fr"  # moved to another language: found there, no longer in German
    garden.translations.get(language="fr").delete()
    german.save()
    assert found("Gurken", "fr") == [("Gartentipps", "/de/garten")] and found("Gurken", "de") == []
    assert ("Gardening tips", "/tips") in found("tomatoes", "de")  # untranslated now: as written
    german.delete()
    assert found("Gurken", "fr") == [] and ("Gardening tips", "/tips") in found("tomatoes", "fr")


def test_an_unpublished_page_is_found_in_no_language(garden):
    garden.published = False
    garden.save()
    assert found("Tomaten", "de") == [] and found("tomates", "fr") == [] and found("tomatoes", "en") == [("Soup", "/soup")]
    garden.published = True
    garden.save()
    assert found("Tomaten", "de") == [("Gartentipps", "/de/garten")]


def test_searching_in_a_language_reads_its_translations_in_one_query(garden, django_assert_max_num_queries):
    for number in range(12):
        page = WebPage.objects.create(title=f"Kale {number}", route=f"kale-{number}", main_section="x")
        WebPageTranslation.objects.create(page=page, language="de", title=f"Grünkohl {number}")
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.get("/search?q=Gr%C3%BCnkohl")
    with django_assert_max_num_queries(4):  # Article, Web Page, the Web Pages' translations (and a spare)
        body = text(client.get("/search?q=Gr%C3%BCnkohl"))
    assert body.count('class="search-result ') == 12


@pytest.mark.postgres
def test_the_index_keeps_an_entry_per_translation_and_rebuilds_them(garden):
    languages = lambda: sorted(SearchEntry.objects.filter(object_id=str(garden.pk)).values_list("language", flat=True))  # noqa: E731
    assert languages() == ["", "de", "fr"]
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert languages() == ["", "de", "fr"] and found("Tomaten", "de") == [("Gartentipps", "/de/garten")]
    garden.delete()
    assert not SearchEntry.objects.filter(object_id=str(garden.pk)).exists()
