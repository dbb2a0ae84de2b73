"""Junk languages: quietly the default, never a 500, never a language outside LANGUAGES, no cookie for
junk, and no page-cache entry per junk value (the keys in the cache backend are counted)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from django_frappe_web import languages
from django_frappe_web.settings import web_settings
from django_frappe_web.website import page_cache
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("router_site", "three_languages")]

JUNK_CODES = ["xx", "../../etc", "../../etc/passwd", "x" * 10_240, "de" + "-abcdefgh" * 1200, "", " ", "de\x00",
              "<script>", "*", "de;q=1", "%00", "ünï"]
JUNK_HEADERS = [
    ", ".join(f"x{i:03d};q=0.{i % 10}" for i in range(300)),  # hundreds of entries
    ", ".join(["xx"] * 200 + ["de"]),  # a configured one only past Django's 500 characters
    "de;q=abc", "de;q=2", "de;q=-1", "de;;q=0.5", ";;;", "de,,fr", "q=0.5", "de-" + "a" * 5000,
    "*", "\x00de", "de;q=0.5" * 100,
]


def website_keys() -> set[str]:
    """Every key of the website's part of the cache, as the backend holds them."""
    cache = caches[web_settings.CACHE_ALIAS]
    pattern = f"{web_settings.CACHE_KEY_PREFIX}:website:"
    if hasattr(cache, "keys"):  # django-redis
        return set(cache.keys(f"{pattern}*"))
    return {key.split(":", 2)[2] for key in cache._cache if pattern in key}  # LocMemCache: "<prefix>:<version>:<key>"


def assert_default(response) -> None:
    assert response.status_code == 200, response.status_code
    assert response["Content-Language"] == "en"
    assert languages.COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("code", JUNK_CODES, ids=range(len(JUNK_CODES)))
def test_junk_lang_is_the_default_and_sets_no_cookie(client, code):
    assert_default(client.get("/about", {"_lang": code}))


@pytest.mark.parametrize("code", JUNK_CODES[:-1], ids=range(len(JUNK_CODES) - 1))
def test_a_junk_cookie_is_the_default(client, code):
    client.cookies[languages.COOKIE_NAME] = code
    assert_default(client.get("/about"))


@pytest.mark.parametrize("header", JUNK_HEADERS, ids=range(len(JUNK_HEADERS)))
def test_junk_accept_language_is_the_default(client, header):
    assert_default(client.get("/about", HTTP_ACCEPT_LANGUAGE=header))


def test_junk_adds_no_page_cache_entry(client):
    assert client.get("/about").headers["X-From-Cache"] == "False"
    known = website_keys()
    assert page_cache.page_key(RequestFactory().get("/about"), "/about") in known
    for code in JUNK_CODES[:-1]:
        client.cookies[languages.COOKIE_NAME] = code
        assert client.get("/about").headers["X-From-Cache"] == "True"  # the default language's page
    del client.cookies[languages.COOKIE_NAME]
    for header in JUNK_HEADERS:
        assert client.get("/about", HTTP_ACCEPT_LANGUAGE=header).headers["X-From-Cache"] == "True"
    assert website_keys() == known


def test_one_page_per_configured_language_and_no_more(client):
    for header in ("de", "de-AT", "de-CH;q=0.9", "fr", "fr-BE", "en-GB", "it, fr;q=0.5"):
        client.get("/about", HTTP_ACCEPT_LANGUAGE=header)
    pages = {page_cache._page_key("testserver", code, "/about") for code, _name in three_languages_list()}
    assert pages <= website_keys()
    responses = [client.get("/about", HTTP_ACCEPT_LANGUAGE=code) for code in ("de", "fr", "en")]
    assert [(r["Content-Language"], r["X-From-Cache"]) for r in responses] == [("de", "True"), ("fr", "True"),
                                                                               ("en", "True")]


def test_a_language_set_on_the_request_by_others_is_bounded_too():
    request = RequestFactory().get("/about")
    request.LANGUAGE_CODE = "../../etc"
    assert page_cache.request_language(request) == "en"
    request.LANGUAGE_CODE = "de-at"
    assert page_cache.request_language(request) == "de"


def test_parsing_a_header_tries_a_bounded_number_of_languages(monkeypatch):
    tried = []
    real = languages.supported
    monkeypatch.setattr(languages, "supported", lambda code: tried.append(code) or real(code))
    header = ", ".join(f"x{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(100))
    assert languages.header_language(header) is None
    assert len(tried) == languages.MAX_ACCEPTED_LANGUAGES


def three_languages_list():
    from tests.i18n_settings import LANGUAGES

    return LANGUAGES
