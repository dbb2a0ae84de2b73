"""A www page in several languages: ``about.de.md`` beside ``about.md`` is its German source, served
at the same route to visitors whose language is German (``de-at`` too), the page's own source to
everyone else; each language is a page of its own in the page cache."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from django_frappe_web.website.www_index import get_www_index
from tests.conftest import THREE_LANGUAGES
from tests.website.www_folders import write

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(tmp_path, fresh_www_index):
    write(tmp_path / "about.md", "---\ntitle: About us\n---\nWe make things.")
    write(tmp_path / "about.de.md", "---\ntitle: Über uns\n---\nWir machen Dinge.")
    write(tmp_path / "about.py", "def get_context(context):\n    context.team = 'the team'\n")
    write(tmp_path / "news.fr.html", "<p>Nouvelles seulement</p>")
    write(tmp_path / "notes.it.md", "Italian is not one of the site's languages")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}, LANGUAGES=THREE_LANGUAGES, LANGUAGE_CODE="en"):
        yield get_www_index()


def get(path: str, language: str):
    return Client(HTTP_ACCEPT_LANGUAGE=language).get(path)  # a browser in that language


def test_a_translation_is_served_at_the_pages_route_in_its_language(site):
    english, german = get("/about", "en"), get("/about", "de")
    assert english.status_code == german.status_code == 200
    assert "We make things." in english.content.decode() and "Wir machen Dinge." not in english.content.decode()
    assert "Wir machen Dinge." in german.content.decode() and "<title>Über uns" in german.content.decode()
    assert "We make things." in get("/about", "fr").content.decode()  # no French source: the page's own


def test_a_regional_language_takes_the_languages_source(site):
    assert site.find_page("about", "de-at").path.endswith("about.de.md")
    assert site.find_page("about", "pt-br").path.endswith("about.md")


def test_a_translation_is_no_route_of_its_own_and_keeps_the_pages_controller(site):
    assert get("/about.de", "de").status_code == 404
    assert site.find_page("about", "de").controller.endswith("about.py")
    assert site.languages_of("about") == ["de"]
    assert site.find_page("notes.it") is not None  # "it" is not one of the site's languages: a page of its own


def test_a_page_only_in_one_language_is_found_in_that_language_only(site):
    assert get("/news", "fr").status_code == 200
    assert get("/news", "en").status_code == 404


def test_each_language_is_cached_on_its_own(site):
    for _attempt in range(2):
        english, german = get("/about", "en"), get("/about", "de")
    assert english["X-From-Cache"] == german["X-From-Cache"] == "True"
    assert "We make things." in english.content.decode() and "Wir machen Dinge." in german.content.decode()
