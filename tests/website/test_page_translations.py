"""Web Pages in other languages: a translation is served at the page's route to visitors of its
language and at its own route (``/de/ueber-uns``) to everyone, in its language; the page's head
and the sitemap list every language's address (hreflang); the page cache keeps a page per
language and renews it when a translation is saved.

The visitor's language comes from their browser's Accept-Language, as the language middleware chooses it.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from django_frappe_web.content_models import WebPageTranslation
from django_frappe_web.models import WebPage, WebPageBlock
from tests.website.doc_pages import no_page_cache, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def about(commit):
    with commit():
        page = WebPage.objects.create(title="About us", route="about", main_section="We make things.",
                                      description="Who we are")
        WebPageBlock.objects.create(page=page, web_template="hero", values={"title": "Hero of the page"})
        WebPageTranslation.objects.create(page=page, language="de", title="Über uns", route="de/ueber-uns",
                                          main_section="Wir machen Dinge.", description="Wer wir sind")
    return page


def get(path: str, language: str = "en"):
    return Client(HTTP_ACCEPT_LANGUAGE=language).get(path)  # a browser in that language


def alternates(response) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text(response)))


# --- serving ---------------------------------------------------------------------------------


def test_a_visitor_of_the_translations_language_gets_it_at_the_pages_route(about):
    english, german = get("/about", "en"), get("/about", "de")
    assert english.status_code == german.status_code == 200
    assert "We make things." in text(english) and "Wir machen Dinge." not in text(english)
    assert "<title>Über uns" in text(german) and "Wir machen Dinge." in text(german) and "We make things." not in text(german)
    assert '<meta name="description" content="Wer wir sind">' in text(german)
    assert "Wir machen Dinge." in text(get("/about", "de-at"))  # a regional variant takes the language's
    assert "We make things." in text(get("/about", "fr"))  # no French translation: the original


def test_a_translations_own_route_is_the_page_in_that_language_for_everyone(about):
    for visitor in ("en", "de", "fr"):
        response = get("/de/ueber-uns", visitor)
        assert response.status_code == 200
        assert "<title>Über uns" in text(response) and "Wir machen Dinge." in text(response)
        assert response["Content-Language"] == "de"
        assert "Hero of the page" in text(response)  # the translation translates none of the blocks' texts


def test_the_canonical_address_of_a_translation_with_a_route_is_that_route(about):
    canonical = '<link rel="canonical" href="http://testserver/de/ueber-uns">'
    assert canonical in text(get("/about", "de")) and canonical in text(get("/de/ueber-uns", "en"))
    assert '<link rel="canonical" href="http://testserver/about">' in text(get("/about", "en"))


def test_a_path_under_a_language_that_is_no_translations_route_is_a_404(about):
    for path in ("/de/nope", "/de/ueber-uns/more", "/de", "/de/ueber-uns.de", "/de/%2e%2e/about", "/fr/about"):
        assert get(path, "de").status_code == 404, path


@pytest.mark.parametrize("change", [
    {"published": False},
    {"start_date": timezone.now() + datetime.timedelta(days=1)},
    {"end_date": timezone.now() - datetime.timedelta(days=1)},
])
def test_the_pages_published_state_and_schedule_apply_to_its_translations(about, commit, change):
    with commit():
        WebPage.objects.filter(pk=about.pk).update(**change)
        WebPage.objects.get(pk=about.pk).save()  # a save bumps the page's versions, as the admin's
    assert get("/de/ueber-uns", "en").status_code == 404
    assert get("/about", "de").status_code == 404


def test_a_deleted_page_takes_its_translations_routes_along(about, commit):
    assert get("/de/ueber-uns").status_code == 200
    with commit():
        about.delete()
    assert get("/de/ueber-uns").status_code == 404 and not WebPageTranslation.objects.exists()


# --- hreflang alternates ---------------------------------------------------------------------


def test_a_translated_page_lists_every_languages_address_in_its_head(about, commit):
    with commit():
        WebPageTranslation.objects.create(page=about, language="fr", title="À propos", main_section="Nous.")
    expected = {
        "de": "http://testserver/de/ueber-uns",  # its own route
        "en": "http://testserver/about?_lang=en",  # the default language: the bare route answers in the visitor's
        "fr": "http://testserver/about?_lang=fr",  # no route of its own: Frappe's query parameter
        "x-default": "http://testserver/about",
    }
    for path, visitor in (("/about", "en"), ("/about", "de"), ("/de/ueber-uns", "fr")):
        assert alternates(get(path, visitor)) == expected


def test_a_page_without_translations_has_no_alternates(about, commit):
    with commit():
        WebPage.objects.create(title="Alone", route="alone", main_section="x")
    response = get("/alone")
    assert response.status_code == 200 and alternates(response) == {} and "hreflang" not in text(response)


def test_a_translation_into_a_language_the_site_dropped_is_ignored(about):
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        response = get("/about", "en")
        assert alternates(response) == {}
        assert "We make things." in text(get("/about", "de"))
        assert get("/de/ueber-uns", "en").status_code == 404


def test_the_home_pages_alternates_are_at_the_site_root(commit):
    with commit():
        home = WebPage.objects.create(title="Home", route="home", main_section="Welcome")
        WebPageTranslation.objects.create(page=home, language="de", title="Start", main_section="Willkommen")
    with override_settings(FRAPPE_WEB={"HOME_PAGE": "home"}):
        response = get("/", "de")
    assert "Willkommen" in text(response)
    assert alternates(response) == {"de": "http://testserver/?_lang=de", "en": "http://testserver/?_lang=en",
                                    "x-default": "http://testserver/"}


def test_www_pages_with_sources_per_language_list_their_alternates(tmp_path, fresh_www_index):
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\nWe make things.")
    (tmp_path / "about.de.md").write_text("---\ntitle: Über uns\n---\nWir machen Dinge.")
    (tmp_path / "plain.md").write_text("Only English")
    (tmp_path / "news.fr.html").write_text("<p>Nouvelles</p>")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        expected = {"de": "http://testserver/about?_lang=de", "en": "http://testserver/about?_lang=en",
                    "x-default": "http://testserver/about"}
        assert alternates(get("/about", "en")) == alternates(get("/about", "de")) == expected
        assert alternates(get("/plain")) == {}
        french_only = get("/news", "fr")
        assert french_only.status_code == 200 and alternates(french_only) == {}  # in one language: nothing to point to


# --- the sitemap -----------------------------------------------------------------------------


def sitemap_alternates() -> dict[str, dict[str, str]]:
    """``{loc: {hreflang: href}}`` of ``/sitemap.xml``, parsed as XML."""
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
                                            if link.get("rel") == "alternate"}
            for url in root.findall(f"{SITEMAP}url")}


def test_the_sitemap_lists_every_languages_address_with_its_alternates(about, commit):
    with commit():
        WebPageTranslation.objects.create(page=about, language="fr", title="À propos", main_section="Nous.")
        WebPage.objects.create(title="Alone", route="alone", main_section="x")
    entries = sitemap_alternates()
    cluster = {"de": "http://testserver/de/ueber-uns", "en": "http://testserver/about?_lang=en",
               "fr": "http://testserver/about?_lang=fr", "x-default": "http://testserver/about"}
    for loc in cluster.values():
        assert entries[loc] == cluster, loc
    assert entries["http://testserver/alone"] == {}
    assert set(entries) == {*cluster.values(), "http://testserver/alone"}


def test_the_sitemap_declares_the_xhtml_namespace_only_when_it_uses_it(commit):
    with commit():
        WebPage.objects.create(title="Alone", route="alone", main_section="x")
    assert b"xmlns:xhtml" not in Client().get("/sitemap.xml").content


def test_the_sitemap_lists_www_pages_alternates(tmp_path, fresh_www_index):
    (tmp_path / "about.md").write_text("---\ntitle: About\nsitemap: true\n---\nWe make things.")
    (tmp_path / "about.de.md").write_text("---\ntitle: Über uns\n---\nWir machen Dinge.")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        entries = sitemap_alternates()
    cluster = {"de": "http://testserver/about?_lang=de", "en": "http://testserver/about?_lang=en",
               "x-default": "http://testserver/about"}
    assert {loc: links for loc, links in entries.items() if "about" in loc} == dict.fromkeys(cluster.values(), cluster)


def test_the_sitemap_reads_all_translations_in_one_query(commit, django_assert_max_num_queries):
    def pages(count: int, start: int) -> None:
        with commit():
            for number in range(start, start + count):
                page = WebPage.objects.create(title=f"P{number}", route=f"p{number}", main_section="x")
                WebPageTranslation.objects.create(page=page, language="de", title=f"S{number}", route=f"de/s{number}")
                WebPageTranslation.objects.create(page=page, language="fr", title=f"F{number}")

    pages(1, 0)
    with django_assert_max_num_queries(100) as few:
        Client().get("/sitemap.xml")
    pages(6, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert Client().get("/sitemap.xml").content.count(b"<url>") == 7 * 4


# --- the page cache and queries --------------------------------------------------------------


def test_each_language_gets_its_own_page_from_the_page_cache(about):
    for _attempt in range(2):
        english, german = get("/about", "en"), get("/about", "de")
    assert english["X-From-Cache"] == german["X-From-Cache"] == "True"
    assert "We make things." in text(english) and "Wir machen Dinge." in text(german)
    for _attempt in range(2):
        own_route = get("/de/ueber-uns", "en")
    assert own_route["X-From-Cache"] == "True" and "Wir machen Dinge." in text(own_route)
    assert own_route["Content-Language"] == "de"


def test_saving_a_translation_renews_the_cached_pages_that_show_it(about, commit):
    for _attempt in range(2):
        get("/about", "de"), get("/de/ueber-uns", "en")
    translation_row = about.translations.get()
    with commit():
        translation_row.title, translation_row.route = "Wir über uns", "de/wir"
        translation_row.save()
    german = get("/about", "de")
    assert german["X-From-Cache"] == "False" and "<title>Wir über uns" in text(german)
    assert alternates(german)["de"] == "http://testserver/de/wir"
    assert get("/de/ueber-uns", "en").status_code == 404  # moved: the old route's cached page is gone
    assert "<title>Wir über uns" in text(get("/de/wir", "en"))


def test_a_new_translation_route_replaces_a_cached_www_page_at_that_path(tmp_path, fresh_www_index, about, commit):
    (tmp_path / "hallo.md").write_text("A www page")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        for _attempt in range(2):
            www_page = get("/hallo")
        assert www_page["X-From-Cache"] == "True" and "A www page" in text(www_page)
        with commit():
            WebPageTranslation.objects.create(page=about, language="fr", title="Salut", route="hallo", main_section="Bonjour")
        assert "Bonjour" in text(get("/hallo"))


def test_a_translated_page_reads_its_translations_in_one_query(commit, django_assert_num_queries):
    def page(route: str, languages: list[str]) -> None:
        with commit():
            created = WebPage.objects.create(title=route, route=route, main_section="x")
            for code in languages:
                WebPageTranslation.objects.create(page=created, language=code, title=f"{route} {code}", route=f"{code}/{route}")

    page("warm", ["de"])
    page("one", ["de"])
    page("two", ["de", "fr"])
    with no_page_cache():
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        client.get("/warm"), client.get("/de/warm")  # the routing tables and settings are read once
        counts = []
        for route in ("one", "two"):
            with CaptureQueriesContext(connection) as cold:
                assert f"{route} de" in text(client.get(f"/{route}"))
            counts.append(len(cold.captured_queries))
            with django_assert_num_queries(0):  # warm: the translations are memoised per version of the page
                assert f"{route} de" in text(client.get(f"/{route}"))
                assert f"{route} de" in text(client.get(f"/de/{route}"))
        assert counts[0] == counts[1]  # two translations cost what one does


# --- the blocks' texts ------------------------------------------------------------------------


@pytest.fixture
def landing(commit):
    """A page of blocks (a hero, a table of cards, Markdown) with a German translation of some of their texts."""
    with commit():
        page = WebPage.objects.create(title="Landing", route="landing", main_section="")
        WebPageBlock.objects.create(page=page, web_template="hero", ordering=0, values={
            "title": "Welcome", "subtitle": "Read on", "primary_action": "/tour", "primary_action_label": "Take the tour"})
        WebPageBlock.objects.create(page=page, web_template="cards", ordering=1, values={"title": "Explore", "cards": [
            {"title": "Search", "content": "Find pages", "url": "/search"},
            {"title": "Welcome", "content": "Said twice, translated once", "url": "/tour"}]})
        WebPageBlock.objects.create(page=page, web_template="markdown_section", ordering=2,
                                    values={"content": "Some **bold** words"})
        WebPageTranslation.objects.create(page=page, language="de", title="Start", block_texts={
            "Welcome": "Willkommen", "Take the tour": "Zur Tour", "Find pages": "Seiten finden",
            "Some **bold** words": "Einige **fette** Wörter", "/tour": "/evil", "Read on": ""})
    return page


def test_a_pages_blocks_show_their_texts_in_the_visitors_language(landing):
    german, english = text(get("/landing", "de")), text(get("/landing", "en"))
    assert '<h1 class="hero-title">Willkommen</h1>' in german and "Zur Tour</a>" in german
    assert '<a href="/tour">Willkommen</a>' in german and "Seiten finden" in german  # in a table's rows, every match
    assert "Einige <strong>fette</strong> Wörter" in german  # Markdown translated, then rendered
    assert "Read on" in german and "Explore" in german and "Search" in german  # untranslated: as written
    assert 'href="/tour"' in german and "/evil" not in german  # links and images are never translated
    assert '<h1 class="hero-title">Welcome</h1>' in english and "Willkommen" not in english
    assert "Welcome" in text(get("/landing", "fr"))  # no French translation


def test_a_translations_block_texts_are_escaped_as_the_originals_are(landing, commit):
    row = landing.translations.get()
    with commit():
        row.block_texts = {"Welcome": "<script>alert(1)</script>", "Some **bold** words": "<b>raw</b> html"}
        row.save()
    german = text(get("/landing", "de"))
    assert "<script>alert(1)" not in german and "&lt;script&gt;alert(1)" in german
    assert "<b>raw</b>" not in german  # Markdown fields escape raw HTML, in translations too


def test_saving_a_translations_block_texts_renews_its_cached_page(landing, commit):
    for _attempt in range(2):
        german = get("/landing", "de")
    assert german["X-From-Cache"] == "True"
    row = landing.translations.get()
    with commit():
        row.block_texts = {**row.block_texts, "Explore": "Entdecken"}
        row.save()
    german = get("/landing", "de")
    assert german["X-From-Cache"] == "False" and "Entdecken" in text(german)


def test_a_translated_page_of_blocks_runs_no_query_when_warm(landing, django_assert_num_queries):
    with no_page_cache():
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        assert "Willkommen" in text(client.get("/landing"))
        with django_assert_num_queries(0):
            assert "Willkommen" in text(client.get("/landing"))


def test_block_texts_are_an_object_of_texts_and_empty_ones_are_dropped(about):
    for bad in (["Welcome"], {"Welcome": 1}, {"Welcome": {"de": "x"}}, "Welcome", {"Welcome": "x" * 100_001},
                {"x" * 100_001: "y"}):
        with pytest.raises(ValidationError) as error:
            WebPageTranslation(page=about, language="fr", title="T", block_texts=bad).full_clean()
        assert "block_texts" in error.value.message_dict, bad
    row = WebPageTranslation(page=about, language="fr", title="T",
                             block_texts={"Welcome": " Bienvenue ", "Explore": "  ", " ": "x"})
    row.full_clean()
    assert row.block_texts == {"Welcome": "Bienvenue"}


# --- bad input -------------------------------------------------------------------------------


def test_a_translation_in_an_unknown_or_the_default_language_is_refused(about):
    for code in ("xx", "en", ""):
        with pytest.raises(ValidationError) as error:
            WebPageTranslation(page=about, language=code, title="T").full_clean()
        assert "language" in error.value.message_dict


@pytest.mark.parametrize(("route", "clash"), [
    ("about", "A web page"),  # its own page's
    ("other", "This route is taken: a web page"),  # another page's
    ("de/ueber-uns", "This route is taken: a web page"),  # another translation's
    ("de/../etc", "no '..'"),
    ("de/.hidden", "no '..'"),
])
def test_a_translation_route_that_clashes_or_is_unsafe_is_refused(about, route, clash):
    WebPage.objects.create(title="Other", route="other", main_section="x")
    with pytest.raises(ValidationError) as error:
        WebPageTranslation(page=about, language="fr", title="T", route=route).full_clean()
    assert clash in " ".join(error.value.message_dict["route"])


def test_a_page_cannot_take_a_translations_route(about):
    with pytest.raises(ValidationError) as error:
        WebPage(title="Clash", route="de/ueber-uns").full_clean()
    assert "translation" in " ".join(error.value.message_dict["route"])


def test_an_empty_route_is_none_and_slashes_are_trimmed(about):
    one = WebPageTranslation(page=about, language="fr", title="T", route="  ")
    one.full_clean()
    assert one.route is None
    other = WebPageTranslation(page=about, language="fr", title="T", route="/fr/a-propos/")
    other.full_clean()
    assert other.route == "fr/a-propos"
