"""The language picker in the top bar: Website Settings' languages to offer, each a link to the same
page in that language (a translation's own route, else the path with ``?_lang``, keeping the other
query parameters), the current language marked; no picker when none are offered."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from django_frappe_web.admin import WebsiteSettingsForm
from django_frappe_web.content_models import RouteTranslation, WebPageTranslation
from django_frappe_web.models import WebPage, WebsiteSettings
from tests.conftest import THREE_LANGUAGES as LANGUAGES
from tests.website.doc_pages import make_article, no_page_cache, text

pytestmark = pytest.mark.django_db
PICKER = re.compile(r'<details class="dropdown language-picker">.*?</details>', re.S)
LINK = re.compile(r'<a href="([^"]*)" hreflang="([^"]+)" lang="([^"]+)"( aria-current="true")?>([^<]*)</a>')


@pytest.fixture(autouse=True)
def site(commit, tmp_path, fresh_www_index):
    (tmp_path / "guide.md").write_text("---\ntitle: Guide\n---\nRead this.")
    (tmp_path / "guide.de.md").write_text("---\ntitle: Anleitung\n---\nLies das.")
    with override_settings(LANGUAGES=LANGUAGES, LANGUAGE_CODE="en", FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        with commit():
            settings_row = WebsiteSettings.load()
            settings_row.offered_languages = ["en", "de", "fr"]
            settings_row.save()
            about = WebPage.objects.create(title="About us", route="about", main_section="We make things.")
            WebPageTranslation.objects.create(page=about, language="de", title="Über uns", route="de/ueber-uns",
                                              main_section="Wir machen Dinge.")
            WebPage.objects.create(title="Alone", route="alone", main_section="Only English")
            article = make_article("hello", title="Hello")
            RouteTranslation.objects.create(content_type=ContentType.objects.get_for_model(article),
                                            object_id=str(article.pk), language="de", route="de/artikel/hallo")
        yield settings_row


def picker(path: str, language: str = "en") -> dict[str, tuple[str, bool, str]]:
    """``{code: (href, current, name)}`` of the picker's links on the page at ``path``."""
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(path)
    assert response.status_code == 200, path
    found = PICKER.search(text(response))
    if found is None:
        return {}
    links = {}
    for href, hreflang, lang, current, name in LINK.findall(found.group(0)):
        assert hreflang == lang
        links[hreflang] = (unescape(href), bool(current), name)
    return links


def hrefs(path: str, language: str = "en") -> dict[str, str]:
    return {code: href for code, (href, _current, _name) in picker(path, language).items()}


def test_a_www_page_links_to_itself_in_each_offered_language():
    links = picker("/guide", "de")
    assert {code: href for code, (href, _c, _n) in links.items()} == {
        "en": "/guide?_lang=en", "de": "/guide?_lang=de", "fr": "/guide?_lang=fr"}
    assert [code for code, (_h, current, _n) in links.items() if current] == ["de"]
    assert links["de"][2] == "Deutsch" and links["fr"][2] == "français"  # each language in its own name


def test_a_web_page_links_to_its_translations_own_route():
    expected = {"en": "/about?_lang=en", "de": "/de/ueber-uns?_lang=de", "fr": "/about?_lang=fr"}
    assert hrefs("/about", "en") == hrefs("/about", "fr") == hrefs("/de/ueber-uns", "en") == expected
    assert [code for code, (_h, current, _n) in picker("/de/ueber-uns", "en").items() if current] == ["de"]


def test_a_document_links_to_its_translated_route():
    expected = {"en": "/articles/hello?_lang=en", "de": "/de/artikel/hallo?_lang=de", "fr": "/articles/hello?_lang=fr"}
    assert hrefs("/articles/hello") == hrefs("/de/artikel/hallo") == expected


def test_a_page_without_translations_links_to_its_own_path():
    assert hrefs("/alone") == {"en": "/alone?_lang=en", "de": "/alone?_lang=de", "fr": "/alone?_lang=fr"}


def test_the_links_keep_the_other_query_parameters_and_drop_an_old_lang():
    assert hrefs("/alone?page=2&_lang=fr&tag=a&tag=b") == {
        code: f"/alone?page=2&tag=a&tag=b&_lang={code}" for code in ("en", "de", "fr")}
    assert hrefs("/about?q=x%26y")["de"] == "/de/ueber-uns?q=x%26y&_lang=de"


def test_following_a_link_sets_the_preferred_language_so_the_next_pages_stay_in_it():
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    german = browser.get(hrefs("/about")["de"])
    assert german.status_code == 200 and "Wir machen Dinge." in text(german)
    assert german.cookies["preferred_language"].value == "de"
    assert "Lies das." in text(browser.get("/guide"))


def test_no_picker_when_no_languages_are_offered(site, commit):
    with commit():
        site.offered_languages = []
        site.save()
    response = Client().get("/about")
    assert "language-picker" not in text(response) and picker("/guide") == {}


def test_languages_the_site_dropped_are_not_offered(site):
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        assert set(hrefs("/alone")) == {"en", "fr"}
    with override_settings(LANGUAGES=[("en", "English")]):
        assert picker("/guide") == {}  # one language is no choice (another path: a deploy renews cached pages)


def test_a_cached_page_holds_the_same_picker_for_every_visitor_of_its_language(site, commit):
    first = Client(HTTP_ACCEPT_LANGUAGE="de").get("/alone")
    second = Client(HTTP_ACCEPT_LANGUAGE="de", HTTP_COOKIE="sessionid=x").get("/alone")
    assert second["X-From-Cache"] == "True" and PICKER.search(text(first)).group(0) == PICKER.search(text(second)).group(0)
    with commit():
        site.offered_languages = ["en", "de"]
        site.save()
    assert set(hrefs("/alone", "de")) == {"en", "de"}  # a settings save renews the cached page


def test_the_picker_costs_no_query(site, commit):
    def queries(path: str) -> int:
        Client().get(path)  # warm: memos and template loaders
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(path).status_code == 200
        return len(captured)

    with no_page_cache(WWW_DIRS=settings.FRAPPE_WEB["WWW_DIRS"]):
        offered = {path: queries(path) for path in ("/about", "/articles/hello", "/guide", "/alone")}
        with commit():
            site.offered_languages = []
            site.save()
        assert {path: queries(path) for path in offered} == offered


def test_website_settings_reject_a_language_the_site_does_not_have(site):
    site.offered_languages = ["en", "xx"]
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "xx" in str(error.value.message_dict["offered_languages"])
    site.offered_languages = "en"
    with pytest.raises(ValidationError):
        site.full_clean()
    site.offered_languages = ["en", "de"]
    site.full_clean()


def test_the_admin_offers_the_sites_languages_as_checkboxes(site):
    form = WebsiteSettingsForm(instance=site)
    assert form.fields["offered_languages"].choices == LANGUAGES
    assert 'type="checkbox"' in str(form["offered_languages"])
