"""Web Page translations in the admin: an inline next to the original; bad languages and routes
are form errors (never a 500, nothing half-saved); a draft leaves them unchanged and says so."""

from __future__ import annotations

import html
import json

import pytest
from django.test import Client
from django.utils import translation

from django_frappe_web.content_models import WebPageTranslation
from django_frappe_web.models import WebPage, WebPageBlock, WebPageRevision
from tests.admin_posts import json_textarea, unchanged_post
from tests.website.doc_pages import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


@pytest.fixture
def staff(admin_client):
    """pytest-django's client logged in as a superuser."""
    return admin_client


@pytest.fixture
def page(commit):
    with commit():
        return WebPage.objects.create(title="About us", route="about", main_section="We make things.")


def form(page: WebPage, *translations: dict, initial: int = 0, **values) -> dict:
    data = {"title": page.title, "route": page.route, "content_type": "markdown", "main_section": page.main_section,
            "published": "on", "description": "", "meta_image": "", "start_date_0": "", "start_date_1": "",
            "end_date_0": "", "end_date_1": "", "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
            "translations-TOTAL_FORMS": str(len(translations)), "translations-INITIAL_FORMS": str(initial), **values}
    for number, fields in enumerate(translations):
        data.update({f"translations-{number}-{name}": value for name, value in
                     {"title": "", "route": "", "description": "", "main_section": "", **fields}.items()})
    return data


def change(page: WebPage) -> str:
    return f"/admin/django_frappe_web/webpage/{page.pk}/change/"


GERMAN = {"language": "de", "title": "Über uns", "route": "de/ueber-uns", "main_section": "Wir machen Dinge."}


def test_a_translation_is_added_next_to_the_original_and_served(staff, page, commit):
    editor = staff.get(change(page))
    assert editor.status_code == 200 and "translations-TOTAL_FORMS" in text(editor)
    assert '<option value="de">German</option>' in text(editor) and '<option value="en">' not in text(editor)
    with commit():
        response = staff.post(change(page), form(page, GERMAN))
    assert response.status_code == 302
    row = WebPageTranslation.objects.get()
    assert (row.page, row.language, row.route) == (page, "de", "de/ueber-uns")
    with translation.override("en"):
        assert "Wir machen Dinge." in text(Client().get("/de/ueber-uns"))


def test_a_page_and_its_translation_are_added_together(staff, commit):
    with commit():
        response = staff.post("/admin/django_frappe_web/webpage/add/", form(WebPage(title="New", route="new", main_section="x"),
                                                                            {**GERMAN, "route": "de/neu"}))
    assert response.status_code == 302
    assert WebPageTranslation.objects.get().page == WebPage.objects.get(route="new")


@pytest.mark.parametrize(("translations", "error"), [
    ([{**GERMAN, "language": "xx"}], "Select a valid choice"),
    ([{**GERMAN, "language": "en"}], "Select a valid choice"),  # the default language is the page's own
    ([{**GERMAN, "route": "other"}], "This route is taken: a web page"),
    ([{**GERMAN, "route": "about"}], "A web page is at this route already"),
    ([{**GERMAN, "route": "taken/by-a-translation"}], "This route is taken: a web page"),
    ([{**GERMAN, "route": "de/../../etc/passwd"}], "no &#x27;..&#x27;"),
    ([GERMAN, {**GERMAN, "route": "de/zweite"}], "Please correct the duplicate data for language"),
    ([GERMAN, {**GERMAN, "language": "fr"}], "Please correct the duplicate data for route"),
    ([{**GERMAN, "title": ""}], "This field is required"),
])
def test_bad_translations_are_form_errors_and_nothing_is_saved(staff, page, commit, translations, error):
    with commit():
        other = WebPage.objects.create(title="Other", route="other", main_section="x")
        WebPageTranslation.objects.create(page=other, language="de", title="Andere", route="taken/by-a-translation")
    response = staff.post(change(page), form(page, *translations, title="Changed title"))
    assert response.status_code == 200 and error in text(response), error
    page.refresh_from_db()
    assert page.title == "About us" and not page.translations.exists()


def test_a_page_moved_to_a_translations_route_is_a_form_error(staff, page, commit):
    with commit():
        WebPageTranslation.objects.create(page=page, language="de", title="Über uns", route="de/ueber-uns")
    row = page.translations.get()
    response = staff.post(change(page), form(page, {**GERMAN, "id": str(row.pk), "page": str(page.pk)}, initial=1,
                                              route="de/ueber-uns"))
    assert response.status_code == 200 and "A translation of a web page is at this route already" in text(response)
    page.refresh_from_db()
    assert page.route == "about"


def test_a_draft_leaves_the_translations_unchanged_and_says_so(staff, page, commit):
    with commit():
        response = staff.post(change(page), form(page, GERMAN, _save_draft="1"), follow=True)
    assert response.status_code == 200 and "Translations are not part of drafts" in text(response)
    assert not WebPageTranslation.objects.exists() and WebPageRevision.objects.filter(published=False).exists()


# --- the blocks' texts -----------------------------------------------------------------------


@pytest.fixture
def page_of_blocks(page, commit):
    with commit():
        WebPageBlock.objects.create(page=page, web_template="hero", ordering=0,
                                    values={"title": "Welcome", "primary_action": "/tour", "primary_action_label": "Go"})
        WebPageBlock.objects.create(page=page, web_template="cards", ordering=1, values={
            "cards": [{"title": "Search", "content": "Welcome"}]})  # said twice: listed once
    return page


def blocks_form(page: WebPage, *translations: dict, **values) -> dict:
    """The editor's form with the page's two blocks posted back as they are."""
    blocks = {"blocks-TOTAL_FORMS": "2", "blocks-INITIAL_FORMS": "2"}
    for number, block in enumerate(page.blocks.order_by("ordering")):
        blocks.update({f"blocks-{number}-id": str(block.pk), f"blocks-{number}-page": str(page.pk),
                       f"blocks-{number}-web_template": block.web_template,
                       f"blocks-{number}-values": json.dumps(block.values), f"blocks-{number}-ordering": str(block.ordering)})
    return form(page, *translations, **{**blocks, **values})


def test_a_new_translation_lists_the_blocks_texts_to_fill_in(staff, page_of_blocks):
    editor = staff.get(change(page_of_blocks))
    assert json_textarea(text(editor), "translations-__prefix__-block_texts") == {"Welcome": "", "Go": "", "Search": ""}
    assert '  "Welcome": ""' in html.unescape(text(editor))  # one entry a line


def test_block_texts_are_saved_without_the_empty_ones_and_served(staff, page_of_blocks, commit):
    texts = json.dumps({"Welcome": "Willkommen", "Go": " Los ", "Search": ""})
    with commit():
        response = staff.post(change(page_of_blocks), blocks_form(page_of_blocks, {**GERMAN, "block_texts": texts}))
    assert response.status_code == 302
    assert WebPageTranslation.objects.get().block_texts == {"Welcome": "Willkommen", "Go": "Los"}
    german = text(Client(HTTP_ACCEPT_LANGUAGE="de").get("/about"))
    assert "Willkommen</h1>" in german and "Los</a>" in german and "<p>Willkommen</p>" in german and "Search" in german
    # Editing it again: what is translated, and below it the texts still to do.
    assert json_textarea(text(staff.get(change(page_of_blocks))), "translations-0-block_texts") == {
        "Welcome": "Willkommen", "Go": "Los", "Search": ""}


@pytest.mark.parametrize(("texts", "error"), [
    ("{not json", "Enter a valid JSON"),
    ('["Welcome"]', "A JSON object of translations"),
    ('{"Welcome": 3}', "A JSON object of translations"),
])
def test_bad_block_texts_are_form_errors_and_nothing_is_saved(staff, page_of_blocks, texts, error):
    response = staff.post(change(page_of_blocks), blocks_form(page_of_blocks, {**GERMAN, "block_texts": texts},
                                                              title="Changed title"))
    assert response.status_code == 200 and error in html.unescape(text(response)), error
    page_of_blocks.refresh_from_db()
    assert page_of_blocks.title == "About us" and not WebPageTranslation.objects.exists()


def test_a_page_posted_back_unchanged_leaves_its_translations_alone_and_skips_a_blank_added_row(staff, page_of_blocks, commit):
    with commit():
        WebPageTranslation.objects.create(page=page_of_blocks, language="de", title="Über uns",
                                          block_texts={"Welcome": "Willkommen"})
    before = WebPageTranslation.objects.get().modified
    url = change(page_of_blocks)
    data = unchanged_post(staff, url)
    blank = json_textarea(text(staff.get(url)), "translations-__prefix__-block_texts")  # "Add another", left empty
    data.update({"translations-TOTAL_FORMS": "2", "translations-1-page": str(page_of_blocks.pk), "translations-1-language": "",
                 "translations-1-title": "", "translations-1-route": "", "translations-1-description": "",
                 "translations-1-main_section": "", "translations-1-block_texts": json.dumps(blank)})
    with commit():
        response = staff.post(url, data)
    assert response.status_code == 302
    row = WebPageTranslation.objects.get()  # the blank row is no translation
    assert row.modified == before and row.block_texts == {"Welcome": "Willkommen"}  # not saved again


def test_block_texts_written_by_code_as_no_object_translate_nothing_and_break_nothing(staff, page_of_blocks, commit):
    with commit():
        WebPageTranslation.objects.create(page=page_of_blocks, language="de", title="Über uns", block_texts=["Welcome"])
    german = Client(HTTP_ACCEPT_LANGUAGE="de").get("/about")
    assert german.status_code == 200 and "Welcome</h1>" in text(german) and "<title>Über uns" in text(german)
    assert staff.get(change(page_of_blocks)).status_code == 200
