"""Web forms in other languages: a translation's texts and field labels are shown to visitors of
its language at the form's route (a regional variant takes the language's), each empty text
falling back to the form's own; a translation's own route (``/de/kontakt``) serves the form in
its language to everyone, POSTs included; the pages list every language's address (hreflang);
a translation's save is seen at once; and a translated page costs no query more once warm.

The visitor's language comes from their browser's Accept-Language, as the language middleware chooses it.
"""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from django_frappe_web.content_models import WebPageTranslation
from django_frappe_web.models import WebFormTranslation, WebPage
from django_frappe_web.web_forms.routes import conflicting_routes
from tests.admin_posts import json_textarea, unchanged_post
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE

pytestmark = pytest.mark.django_db
LANGUAGES = [("en", "English"), ("de", "German"), ("fr", "French")]
FIELDS = [{"fieldname": "title", "label": "Subject", "description": "What it is about", "reqd": True},
          {"fieldname": "slug", "label": "Short name"}, "status", "views"]
GERMAN = {"title": "Kontakt", "introduction_text": "Schreiben Sie uns.", "button_label": "Senden",
          "success_title": "Danke", "success_message": "Wir melden uns.",
          "fields": {"title": {"label": "Betreff", "description": "Worum es geht"}, "slug": {"label": "Kurzname"}}}


@pytest.fixture(autouse=True)
def languages():
    with override_settings(LANGUAGES=LANGUAGES, LANGUAGE_CODE="en"):
        yield


@pytest.fixture
def contact(make_form, commit):
    with commit():
        web_form = make_form("contact", fields=FIELDS, title="Contact", introduction_text="Write to us.",
                             button_label="Send", success_message="We will answer.")
        WebFormTranslation.objects.create(web_form=web_form, language="de", route="de/kontakt", **GERMAN)
    return web_form


def get(path: str, language: str = "en", **query):
    return Client(HTTP_ACCEPT_LANGUAGE=language).get(path, query)


def text(response) -> str:
    return response.content.decode()


def labels(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<label[^>]*>(.*?)</label>", text(response), re.S)]


def alternates(response) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text(response)))


# --- the form's route, in the visitor's language -----------------------------------------------


def test_a_visitor_of_the_translations_language_sees_every_text_translated(contact):
    page = text(get("/contact/new", "de"))
    assert "<h1>Kontakt</h1>" in page and "<title>Kontakt" in page
    assert "Schreiben Sie uns." in page and "Write to us." not in page
    assert ">Senden</button>" in page and ">Send</button>" not in page
    assert "Betreff" in labels(get("/contact/new", "de")) and "Kurzname" in labels(get("/contact/new", "de"))
    assert "Worum es geht" in page and "What it is about" not in page


def test_a_regional_variant_takes_its_languages_translation(contact):
    assert "<h1>Kontakt</h1>" in text(get("/contact/new", "de-at"))


def test_other_languages_see_the_original(contact):
    for language in ("en", "fr"):
        page = text(get("/contact/new", language))
        assert "<h1>Contact</h1>" in page and "Write to us." in page and ">Send</button>" in page
        assert "Subject" in labels(get("/contact/new", language))


def test_each_text_a_translation_leaves_empty_is_the_forms_own(contact, commit):
    with commit():
        WebFormTranslation.objects.create(web_form=contact, language="fr", title="Nous écrire",
                                          fields={"slug": {"label": "Nom court"}})
    page = text(get("/contact/new", "fr"))
    assert "<h1>Nous écrire</h1>" in page
    assert "Write to us." in page and ">Send</button>" in page  # introduction and button: the form's
    found = labels(get("/contact/new", "fr"))
    assert "Subject" in found and "Nom court" in found  # a field without a label of its own keeps the form's
    assert "What it is about" in page


def test_the_default_button_label_is_shown_in_the_visitors_language(make_form):
    make_form("plain", fields=["title"])  # button_label left as the model's "Submit"
    assert ">Submit</button>" in text(get("/plain/new", "en"))
    assert ">Submit</button>" not in text(get("/plain/new", "de"))


def test_the_success_page_is_in_the_visitors_language(contact):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = client.post("/contact/new", {**VALID_ARTICLE})
    assert response.status_code == 200 and Article.objects.count() == 1
    assert "Danke" in text(response) and "Wir melden uns." in text(response) and "We will answer." not in text(response)
    english = Client(HTTP_ACCEPT_LANGUAGE="en").post("/contact/new", {**VALID_ARTICLE, "slug": "other"})
    assert "Contact" in text(english) and "We will answer." in text(english)


def test_a_posts_validation_errors_are_shown_with_the_translated_labels(contact):
    response = Client(HTTP_ACCEPT_LANGUAGE="de").post("/contact/new", {**VALID_ARTICLE, "title": ""})
    assert response.status_code == 417
    assert "Betreff" in labels(response) and "Subject" not in labels(response)
    assert 'id="id_title_error"' in text(response)


def test_the_list_page_has_the_translated_title(make_form, commit, user):
    with commit():
        survey = make_form("survey", login_required=True, show_list=True, title="Survey")
        WebFormTranslation.objects.create(web_form=survey, language="de", title="Umfrage")
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    assert "<h1>Umfrage</h1>" in text(client.get("/survey/list"))


# --- a translation's own route -----------------------------------------------------------------


def test_a_translations_own_route_serves_the_form_in_its_language_to_everyone(contact):
    for visitor in ("en", "de", "fr"):
        response = get("/de/kontakt/new", visitor)
        assert response.status_code == 200
        assert "<h1>Kontakt</h1>" in text(response) and "Betreff" in labels(response)
        assert response["Content-Language"] == "de"
    assert get("/de/kontakt", "en")["Location"] == "/de/kontakt/new"  # its pages stay on its route


def test_a_post_to_a_translations_route_is_csrf_checked_and_answers_in_its_language(contact):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/de/kontakt/new", VALID_ARTICLE).status_code == 403  # no token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(client.get("/de/kontakt/new"))).group(1)
    response = client.post("/de/kontakt/new", {**VALID_ARTICLE, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and Article.objects.get().title == VALID_ARTICLE["title"]
    assert "Danke" in text(response) and "Wir melden uns." in text(response)
    assert 'href="/de/kontakt/new"' in text(response)  # "another response" stays on the route
    assert response["Content-Language"] == "de"


def test_the_canonical_address_of_a_translated_page_is_its_own_route(contact):
    canonical = '<link rel="canonical" href="http://testserver/de/kontakt/new">'
    assert canonical in text(get("/contact/new", "de")) and canonical in text(get("/de/kontakt/new", "en"))


def test_the_pages_list_every_languages_address(contact, commit):
    with commit():
        WebFormTranslation.objects.create(web_form=contact, language="fr", title="Nous écrire")
    expected = {"de": "http://testserver/de/kontakt/new", "en": "http://testserver/contact/new?_lang=en",
                "fr": "http://testserver/contact/new?_lang=fr", "x-default": "http://testserver/contact/new"}
    assert alternates(get("/contact/new", "en")) == expected
    assert alternates(get("/de/kontakt/new", "fr")) == expected


def test_an_untranslated_form_lists_no_alternates(make_form):
    make_form("plain", fields=["title"])
    assert alternates(get("/plain/new")) == {}


# --- unknown languages -------------------------------------------------------------------------


def test_an_unknown_language_is_ignored(contact):
    for response in (get("/contact/new", "xx"), get("/contact/new", "en", _lang="xx"), get("/contact/new", "en", _lang="../de")):
        assert response.status_code == 200 and "<h1>Contact</h1>" in text(response)


def test_a_translation_into_a_language_the_site_dropped_is_ignored(contact, commit):
    with commit():  # saved around clean(), or LANGUAGES changed since
        WebFormTranslation.objects.create(web_form=contact, language="es", title="Contacto", route="es/contacto")
    assert "<h1>Contact</h1>" in text(get("/contact/new", "es"))
    assert get("/es/contacto/new").status_code == 404
    assert "es" not in alternates(get("/contact/new"))


# --- cache correctness and cost ----------------------------------------------------------------


def test_a_translations_save_and_delete_are_seen_at_once(contact, commit):
    assert "<h1>Kontakt</h1>" in text(get("/contact/new", "de"))
    translation = WebFormTranslation.objects.get(web_form=contact)
    with commit():
        translation.title, translation.route = "Schreiben Sie uns", "de/schreiben"
        translation.save()
    assert "<h1>Schreiben Sie uns</h1>" in text(get("/contact/new", "de"))
    assert get("/de/kontakt/new").status_code == 404 and get("/de/schreiben/new").status_code == 200
    with commit():
        translation.delete()
    assert "<h1>Contact</h1>" in text(get("/contact/new", "de")) and get("/de/schreiben/new").status_code == 404


def test_a_translations_route_takes_over_a_cached_page_at_that_path(contact, commit, tmp_path):
    (tmp_path / "hallo.html").write_text("<h1>A www page</h1>")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)], "PAGE_CACHE_TIMEOUT": 600}):
        get("/hallo")
        assert get("/hallo").headers.get("X-From-Cache") == "True"
        with commit():
            WebFormTranslation.objects.filter(web_form=contact).get().delete()
            WebFormTranslation.objects.create(web_form=contact, language="de", route="hallo", title="Hallo")
        response = get("/hallo")
        assert response.status_code == 302 and response["Location"] == "/hallo/new"


def test_another_processs_save_of_a_translation_is_seen_through_the_shared_versions(contact):
    """All this process can see of another one is the rows and the versions in the shared cache."""
    assert "<h1>Kontakt</h1>" in text(get("/contact/new", "de"))
    # The other process: the row changed without this process's signal handlers ...
    WebFormTranslation.objects.filter(web_form=contact).update(title="Schreiben", route="de/schreiben")
    assert "<h1>Kontakt</h1>" in text(get("/contact/new", "de"))  # nothing told this process yet
    # ... then its bump of the versions it changed, and its on-commit drop of the shared copies.
    from django_frappe_web.signals import write_topics
    from django_frappe_web.website.generation import bump_in_transaction, publish

    bump_in_transaction(write_topics(WebFormTranslation, WebFormTranslation.objects.get(web_form=contact)))
    publish(())
    assert "<h1>Schreiben</h1>" in text(get("/contact/new", "de"))
    assert get("/de/schreiben/new").status_code == 200 and get("/de/kontakt/new").status_code == 404


def test_a_translations_save_leaves_other_cached_pages_cached(contact, commit, tmp_path):
    (tmp_path / "plain.html").write_text("<h1>Plain</h1>")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)], "PAGE_CACHE_TIMEOUT": 600}):
        get("/plain")
        assert get("/plain").headers.get("X-From-Cache") == "True"
        with commit():
            WebFormTranslation.objects.create(web_form=contact, language="fr", route="fr/contact", title="Contact")
        assert get("/plain").headers.get("X-From-Cache") == "True"


def queries(path: str, language: str) -> list[str]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_warm_translated_form_page_runs_the_queries_of_an_untranslated_one(contact, make_form):
    make_form("plain", fields=FIELDS)
    untranslated = queries("/plain/new", "de")
    assert len(queries("/contact/new", "de")) == len(untranslated)
    assert len(queries("/de/kontakt/new", "en")) == len(untranslated)
    assert len(queries("/contact/new", "en")) == len(untranslated)
    assert not any("webformtranslation" in sql for sql in queries("/contact/new", "de"))


# --- bad input ---------------------------------------------------------------------------------


def clean_errors(**values) -> dict[str, list[str]]:
    try:
        WebFormTranslation(**values).full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def test_a_translation_must_be_into_one_of_the_sites_other_languages(contact):
    for language in ("es", "en", "", "xx"):
        assert "language" in clean_errors(web_form=contact, language=language, title="T")
    assert clean_errors(web_form=contact, language="fr", title="T") == {}


@pytest.mark.parametrize("route", ["contact", "contact/fr", "de/kontakt", "de/kontakt/x", "de", "survey", "about",
                                   "de/ueber-uns", "../x", "a/.hidden"])
def test_a_route_clashing_with_a_form_a_translation_or_a_page_is_refused(contact, make_form, route):
    make_form("survey")
    page = WebPage.objects.create(title="About", route="about", published=True)
    WebPageTranslation.objects.create(page=page, language="de", title="Über uns", route="de/ueber-uns")
    assert "route" in clean_errors(web_form=contact, language="fr", title="T", route=route)


def test_a_forms_route_may_not_take_a_translations_route(contact, make_form):
    assert conflicting_routes("de/kontakt") == ["de/kontakt"]
    assert conflicting_routes("de") == ["de/kontakt"]  # /de/kontakt would be a response page of /de


def test_list_routes_names_a_translations_route(contact):
    out = StringIO()
    call_command("list_routes", stdout=out)
    assert "/de/kontakt" in out.getvalue() and "web form: Contact in de" in out.getvalue()


def test_a_free_route_is_normalised_and_an_empty_one_is_none(contact):
    translation = WebFormTranslation(web_form=contact, language="fr", title="T", route="/fr/contact/")
    translation.full_clean()
    assert translation.route == "fr/contact"
    translation = WebFormTranslation(web_form=contact, language="fr", title="T", route=" / ")
    translation.full_clean()
    assert translation.route is None


@pytest.mark.parametrize("fields", [
    {"nope": {"label": "X"}},  # not a field of the form
    {"title": {"help": "X"}},  # not label or description
    {"title": "Betreff"},
    {"title": {"label": 3}},
    ["title"],
])
def test_field_labels_must_name_the_forms_fields(contact, fields):
    assert "fields" in clean_errors(web_form=contact, language="fr", title="T", fields=fields)


def test_empty_field_labels_are_dropped(contact):
    translation = WebFormTranslation(web_form=contact, language="fr", fields={
        "title": {"label": " ", "description": ""}, "slug": {"label": "Nom court ", "description": ""}})
    translation.full_clean()
    assert translation.fields == {"slug": {"label": "Nom court"}}


# --- steps and sections ------------------------------------------------------------------------

BREAK = {"fieldname": "", "fieldtype": "Page Break"}
STEPS = [{**BREAK, "label": "About it"}, {**BREAK, "fieldtype": "Section Break", "label": "Names",
                                          "description": "As printed"}, "title", "slug",
         {**BREAK, "label": "Numbers"}, {**BREAK, "fieldtype": "Section Break", "label": "Names"}, "status", "views"]


@pytest.fixture
def steps_form(make_form, commit):
    """A form of two steps, a section in each (the same title twice), translated into German in part."""
    with commit():
        web_form = make_form("steps", fields=STEPS, title="Steps")
        WebFormTranslation.objects.create(web_form=web_form, language="de", title="Schritte", layout_texts={
            "About it": "Worum es geht", "Names": "Namen", "Numbers": ""})
    return web_form


def test_a_forms_steps_and_sections_show_their_texts_in_the_visitors_language(steps_form):
    german, english = text(get("/steps/new", "de")), text(get("/steps/new", "en"))
    assert re.findall(r'class="web-form-page-title">([^<]*)<', german) == ["Worum es geht", "Numbers"]
    assert re.findall(r'class="web-form-section-title">([^<]*)<', german) == ["Namen", "Namen"]
    assert '<li class="current" aria-current="step">Worum es geht</li>' in german  # the steps' list too
    assert "As printed" in german  # untranslated: as written
    assert re.findall(r'class="web-form-page-title">([^<]*)<', english) == ["About it", "Numbers"]
    assert "Namen" not in english


def test_a_translations_layout_texts_are_an_object_of_texts(steps_form):
    row = steps_form.translations.get()
    for bad in (["Names"], {"Names": 2}, "Names"):
        row.layout_texts = bad
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert "layout_texts" in error.value.message_dict, bad
    row.layout_texts = {"Names": " Namen ", "Numbers": " "}
    row.full_clean()
    assert row.layout_texts == {"Names": "Namen"}


def test_texts_written_by_code_as_no_object_translate_nothing_and_break_nothing(steps_form, commit):
    with commit():
        steps_form.translations.update(layout_texts=["Names"], fields={"title": "Betreff"})
    german = get("/steps/new", "de")
    assert german.status_code == 200 and "Schritte" in text(german) and "About it" in text(german)


def test_the_admin_lists_the_steps_and_sections_texts_to_translate(admin_client, steps_form):
    page = text(admin_client.get(f"/admin/django_frappe_web/webform/{steps_form.pk}/change/"))
    assert json_textarea(page, "translations-0-layout_texts") == {
        "About it": "Worum es geht", "Names": "Namen", "As printed": "", "Numbers": ""}
    assert json_textarea(page, "translations-__prefix__-layout_texts") == dict.fromkeys(
        ["About it", "Names", "As printed", "Numbers"], "")


# --- the admin ---------------------------------------------------------------------------------


def test_the_admin_edits_translations_next_to_the_form(admin_client, contact):
    url = f"/admin/django_frappe_web/webform/{contact.pk}/change/"
    page = text(admin_client.get(url))
    assert 'name="translations-0-title" value="Kontakt"' in page
    # Every field of the form listed, the translated ones with their texts, the rest to fill in.
    assert json_textarea(page, "translations-0-fields") == {
        "title": {"label": "Betreff", "description": "Worum es geht"}, "slug": {"label": "Kurzname"},
        "status": {"label": "", "description": ""}, "views": {"label": "", "description": ""}}
    assert list(json_textarea(page, "translations-__prefix__-fields")) == ["title", "slug", "status", "views"]


# --- the accept API ----------------------------------------------------------------------------


def test_the_accept_apis_errors_name_the_labels_of_the_callers_language(contact):
    url = "/api/method/frappe.website.doctype.web_form.web_form.accept"
    payload = {"web_form": "contact", "data": json.dumps({**VALID_ARTICLE, "title": "t" * 201})}
    german = Client(HTTP_ACCEPT_LANGUAGE="de").post(url, payload).json()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").post(url, payload).json()
    assert "Betreff:" in json.dumps(german, ensure_ascii=False) and "Subject:" in json.dumps(english)
    assert german["exc_type"] == english["exc_type"] == "ValidationError"


def add_translation(data: dict, **values) -> dict:
    index = int(data["translations-TOTAL_FORMS"])
    data["translations-TOTAL_FORMS"] = str(index + 1)
    return {**data, **{f"translations-{index}-{name}": value for name, value in values.items()}}


def test_the_admin_adds_a_translation_and_shows_its_errors(admin_client, contact):
    url = f"/admin/django_frappe_web/webform/{contact.pk}/change/"
    data = unchanged_post(admin_client, url)
    refused = admin_client.post(url, add_translation(dict(data), language="es", title="Contacto", fields="{}"))
    assert refused.status_code == 200 and "Select a valid choice" in text(refused)
    clash = admin_client.post(url, add_translation(dict(data), language="fr", route="contact/fr", fields="{}"))
    assert clash.status_code == 200 and "clashes with another web form" in text(clash)
    unknown = admin_client.post(url, add_translation(dict(data), language="fr", fields='{"nope": {"label": "X"}}'))
    assert unknown.status_code == 200 and "no field named nope" in text(unknown)
    saved = admin_client.post(url, add_translation(dict(data), language="fr", title="Nous écrire", route="fr/ecrire",
                                                   fields='{"title": {"label": "Objet"}}'))
    assert saved.status_code == 302
    assert "Objet" in labels(get("/fr/ecrire/new")) and "<h1>Nous écrire</h1>" in text(get("/contact/new", "fr"))
