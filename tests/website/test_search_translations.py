"""The site search in the visitor's language: a Web Page with a translation into it is found by the
translation's words and shown as the translation (its title, snippet and own route); a page without
one is searched as written. The same on both searches: the LIKE fallback (SQLite) and PostgreSQL's
full-text index, which keeps an entry per translation and follows their saves and deletes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, override_settings
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


def test_a_translation_moved_to_another_page_is_found_there_only(garden):
    other = WebPage.objects.create(title="Kitchen", route="kitchen", main_section="Cook")
    german = garden.translations.get(language="de")
    german.page = other  # only code moves one: the admin edits them under their page
    german.save()
    assert found("Tomaten", "de") == [("Gartentipps", "/de/garten")]  # the kitchen page's now
    assert ("Gardening tips", "/tips") in found("tomatoes", "de")  # the garden page: as written again


@pytest.fixture
def austrian(garden):
    """A site with German and Austrian German: the garden page in both, another page in German only."""
    with override_settings(LANGUAGES=[("en", "English"), ("de", "German"), ("de-at", "Austrian German"), ("fr", "French")]):
        WebPageTranslation.objects.create(page=garden, language="de-at", title="Gartentipps AT", route="de-at/garten",
                                          main_section="Gießen Sie die Paradeiser täglich")
        lettuce = WebPage.objects.create(title="Lettuce", route="lettuce", main_section="Lettuce")
        WebPageTranslation.objects.create(page=lettuce, language="de", title="Salat", main_section="Tomaten und Salat")
        yield


def test_a_page_is_searched_in_the_first_of_the_visitors_languages_it_has(austrian):
    # de-at: the garden page by its de-at text (not by its de one); the lettuce page by its de text.
    assert found("Paradeiser", "de-at") == [("Gartentipps AT", "/de-at/garten")]
    assert found("Tomaten", "de-at") == [("Salat", "/lettuce")]
    assert set(found("Tomaten", "de")) == {("Gartentipps", "/de/garten"), ("Salat", "/lettuce")}
    assert found("Paradeiser", "de") == []


@pytest.mark.postgres
def test_deleting_pages_writes_no_entry_for_their_translations(garden):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        WebPage.objects.filter(pk=garden.pk).delete()
    assert not [query["sql"] for query in queries.captured_queries if query["sql"].startswith("INSERT")]
    assert not SearchEntry.objects.filter(object_id=str(garden.pk)).exists()


def test_a_www_page_is_searched_and_shown_as_its_source_in_the_visitors_language(tmp_path, fresh_www_index):
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\nWe make things.")
    (tmp_path / "about.de.md").write_text("---\ntitle: Über uns\n---\nWir machen Dinge.")
    (tmp_path / "plain.md").write_text("---\ntitle: Plain\n---\nOnly things in English.")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        assert found("Dinge", "de") == [("Über uns", "/about")] and found("Dinge", "en") == []
        assert found("things", "de") == [("Plain", "/plain")]  # about: not in German; plain: as written
        assert set(found("things", "en")) == {("About", "/about"), ("Plain", "/plain")}
        body = text(Client(HTTP_ACCEPT_LANGUAGE="de").get("/search", {"q": "Dinge"}))
        assert "Wir machen <mark>Dinge</mark>." in body
