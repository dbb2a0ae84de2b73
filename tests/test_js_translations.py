"""The website's JavaScript catalog: a versioned, year-long-cached JSON per language, named by the page,
and ``__()`` in frappe.js reading it (the browser test runs the real script in Chromium)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from django_frappe_web import js_translations
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def catalog_meta(response) -> str | None:
    found = re.search(r'<meta name="frappe-translations" content="([^"]+)">', response.content.decode())
    return found[1] if found else None


def test_a_german_page_names_its_catalog_and_an_english_one_none(client):
    url = catalog_meta(client.get("/login?_lang=de"))
    assert re.fullmatch(r"/_translations/de\.[0-9a-f]{16}\.json", url)
    assert f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous">' in client.get("/login").content.decode()
    assert catalog_meta(client.get("/login?_lang=en")) is None  # no strings to translate: no request for them


def test_the_catalog_is_json_of_that_language_cached_for_a_year(client):
    url = js_translations.catalog_url("fr")
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="de", HTTP_COOKIE="preferred_language=de")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["catalog"]["Close"] == "Fermer"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Language"] == "fr"  # its own language, not the visitor's
    assert "Accept-Language" not in response.get("Vary", "") and "preferred_language" not in response.cookies


def test_the_key_is_the_hash_of_the_content():
    german, german_key = js_translations.catalog("de")
    french, french_key = js_translations.catalog("fr")
    assert german != french and german_key != french_key
    assert js_translations.catalog_url("de").endswith(f".{german_key}.json")


def test_an_old_key_is_sent_to_the_current_catalog(client):
    current = js_translations.catalog_url("de")
    response = client.get("/_translations/de.0123456789abcdef.json")
    assert (response.status_code, response["Location"], response["Cache-Control"]) == (302, current, "no-cache")


@pytest.mark.parametrize("path", ["/_translations/xx.0123456789abcdef.json", "/_translations/de-at.0123456789abcdef.json",
                                  "/_translations/it.0123456789abcdef.json", "/_translations/../etc.0123456789abcdef.json",
                                  "/_translations/de.json", "/_translations/DE.0123456789abcdef.json"])
def test_unknown_languages_and_malformed_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.browser
def test_double_underscore_speaks_the_pages_language(live_server, page):
    page.goto(f"{live_server.url}/login?_lang=de")
    result = page.evaluate("""() => new Promise((resolve) => frappe.ready(() => resolve({
        close: __("Close"),
        unknown: __("Not in any catalog {0} and {1}", ["one", 2]),
        missing_argument: __("Keep {0} and {1}", ["this"]),
        context: __("Close", null, "Door"),
        button: (frappe.msgprint("hi"), document.querySelector(".msgprint-close").textContent),
    })))""")
    assert result == {"close": "Schließen", "unknown": "Not in any catalog one and 2",
                      "missing_argument": "Keep this and {1}", "context": "Schließen", "button": "Schließen"}
    page.goto(f"{live_server.url}/login?_lang=en")  # no catalog to fetch: frappe.ready runs at once
    assert page.evaluate("() => new Promise((resolve) => frappe.ready(() => resolve(__('Close'))))") == "Close"
