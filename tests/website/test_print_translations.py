"""Print formats in other languages: the print view prints the variant of the chosen format for
the reader's language (``_lang``, Accept-Language; ``de-at`` takes ``de``'s), else the format's
own; still two queries; a variant's language must be one of the site's other languages, and its
template must compile (the admin's inline)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from django_frappe_web.models import PrintFormat, PrintFormatTranslation
from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import make_article, no_page_cache, text

pytestmark = pytest.mark.django_db
LANGUAGES = [("en", "English"), ("de", "German"), ("fr", "French")]


@pytest.fixture(autouse=True)
def languages():
    with override_settings(LANGUAGES=LANGUAGES, LANGUAGE_CODE="en"):
        yield


@pytest.fixture
def invoice(db):
    make_article("hello", title="Hello")
    invoice = PrintFormat.objects.create(name="Invoice", doctype="Article", is_default=True, css=".own { color: red; }",
                                         html="<p class='printed'>Invoice for {{ doc.title }}</p>")
    PrintFormatTranslation.objects.create(print_format=invoice, language="de", css=".de { color: blue; }",
                                          html="<p class='printed'>Rechnung für {{ doc.title }}</p>")
    PrintFormatTranslation.objects.create(print_format=invoice, language="fr",
                                          html="<p class='printed'>Facture pour {{ doc.title }}</p>")
    return invoice


def printed(path: str, language: str = "en") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(path)
    assert response.status_code == 200, text(response)[:2000]
    return text(response)


@pytest.mark.parametrize("path", ["/Article/hello", "/printview?doctype=Article&name=hello", "/Article/hello?format=Invoice"])
def test_the_print_view_prints_the_variant_of_the_readers_language(invoice, path):
    assert "Rechnung für Hello" in printed(path, "de")
    assert "Rechnung für Hello" in printed(path, "de-at")  # a regional variant takes its language's
    assert "Invoice for Hello" in printed(path, "en")


def test_lang_chooses_the_variant_whatever_the_browser_says(invoice):
    page = printed("/Article/hello?_lang=fr", "de")
    assert "Facture pour Hello" in page and "Rechnung" not in page


def test_a_language_without_a_variant_and_an_unknown_one_print_the_format_itself(invoice):
    invoice.translations.filter(language="fr").delete()
    assert "Invoice for Hello" in printed("/Article/hello", "fr")
    assert "Invoice for Hello" in printed("/Article/hello?_lang=xx", "en")


def test_a_variant_prints_with_its_own_css_or_else_the_formats(invoice):
    assert ".de { color: blue; }" in printed("/Article/hello", "de")
    assert ".own { color: red; }" in printed("/Article/hello", "fr")  # no CSS of its own


def test_a_variant_into_a_language_the_site_dropped_is_ignored(invoice):
    PrintFormatTranslation.objects.create(print_format=invoice, language="es", html="<p>Factura</p>")
    assert "Invoice for Hello" in printed("/Article/hello", "es")


def test_the_variant_costs_no_query(invoice):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    counts = []
    with no_page_cache():
        for path in ("/Article/hello", "/Article/hello?_lang=en"):
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts.append(len(queries))
    assert counts == [2, 2]  # the document, and its format with the variant


def test_a_variant_must_be_into_one_of_the_sites_other_languages(invoice):
    for language in ("es", "en", ""):
        with pytest.raises(ValidationError) as raised:
            PrintFormatTranslation(print_format=invoice, language=language, html="<p>x</p>").full_clean()
        assert "language" in raised.value.message_dict


def test_the_admin_edits_variants_next_to_the_format_and_refuses_a_broken_template(client, superuser, invoice):
    client.force_login(superuser)
    url = f"/admin/django_frappe_web/printformat/{invoice.pk}/change/"
    assert "Rechnung für" in text(client.get(url))
    data = {"name": "Invoice", "doctype": "Article", "html": invoice.html, "css": invoice.css, "is_default": "on",
            "translations-TOTAL_FORMS": "3", "translations-INITIAL_FORMS": "2"}
    for index, variant in enumerate(invoice.translations.order_by("language")):
        data.update({f"translations-{index}-id": str(variant.pk), f"translations-{index}-print_format": str(invoice.pk),
                     f"translations-{index}-language": variant.language, f"translations-{index}-html": variant.html,
                     f"translations-{index}-css": variant.css})
    data.update({"translations-2-language": "de", "translations-2-html": "{% if %}"})
    response = client.post(url, data)
    assert response.status_code == 200 and "The template does not compile" in text(response)
    data.update({"translations-2-language": "de", "translations-2-html": "<p>Zweite</p>"})
    assert client.post(url, data).status_code == 200  # one variant per language
    data["translations-TOTAL_FORMS"] = "2"
    data["translations-1-html"] = "<p class='printed'>Facture n° {{ doc.title }}</p>"
    assert client.post(url, data).status_code == 302
    assert "Facture n° Hello" in printed("/Article/hello", "fr")
