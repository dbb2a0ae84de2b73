"""Which language a request gets (languages.py through FrappeMiddleware), on a real page of the site.

Order: ``_lang``, the ``preferred_language`` cookie, the logged-in user's language,
``Accept-Language``, ``LANGUAGE_CODE``; always one of ``settings.LANGUAGES``. The page ``/me`` and
``/login`` are rendered by the package and say their language in ``<html lang>``.
"""

from __future__ import annotations

import re

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test import AsyncClient, RequestFactory
from django.test.utils import CaptureQueriesContext

from django_frappe_web import frappe, languages
from django_frappe_web.user_languages import UserLanguage, set_stored_language, stored_language
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)"', response.content.decode())[1]


def answered_in(response) -> str:
    """The language the response says it is in, and its page agrees."""
    assert response["Content-Language"] == html_lang(response), response["Content-Language"]
    return response["Content-Language"]


def vary(response) -> set[str]:
    return {part.strip() for part in response.get("Vary", "").split(",") if part.strip()}


# --- the order ---------------------------------------------------------------------------------


def test_without_anything_the_default_language(client):
    response = client.get("/login")
    assert answered_in(response) == "en"
    assert {"Cookie", "Accept-Language"} <= vary(response)
    assert languages.COOKIE_NAME not in response.cookies


def test_accept_language_with_django_fallback_from_a_region(client):
    assert answered_in(client.get("/login", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9,en;q=0.5")) == "de"
    assert answered_in(client.get("/login", HTTP_ACCEPT_LANGUAGE="it, fr-CA;q=0.8")) == "fr"


def test_the_cookie_comes_before_accept_language(client):
    client.cookies[languages.COOKIE_NAME] = "fr"
    response = client.get("/login", HTTP_ACCEPT_LANGUAGE="de")
    assert answered_in(response) == "fr"
    assert "Cookie" in vary(response) and "Accept-Language" not in vary(response)


def test_lang_comes_first_and_sets_the_cookie(client):
    client.cookies[languages.COOKIE_NAME] = "fr"
    response = client.get("/login?_lang=de", HTTP_ACCEPT_LANGUAGE="fr")
    assert answered_in(response) == "de"
    cookie = response.cookies[languages.COOKIE_NAME]
    assert cookie.value == "de" and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 30 * 24 * 3600
    assert "Accept-Language" not in vary(response)  # the address says the language
    assert answered_in(client.get("/login")) == "de"  # the cookie now holds it


def test_lang_already_in_the_cookie_sets_no_cookie_again(client):
    client.cookies[languages.COOKIE_NAME] = "de"
    assert languages.COOKIE_NAME not in client.get("/login?_lang=de").cookies


def test_lang_is_normalised_as_django_writes_codes(client):
    response = client.get("/login?_lang=DE_at")
    assert answered_in(response) == "de" and response.cookies[languages.COOKIE_NAME].value == "de"


def test_the_users_language_comes_after_the_cookie_and_before_accept_language(client_alice, user):
    set_stored_language(user, "fr")
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="de")) == "fr"
    client_alice.cookies[languages.COOKIE_NAME] = "de"
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="fr")) == "de"


def test_a_user_without_a_language_gets_accept_language(client_alice):
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="de")) == "de"


def test_a_stored_language_no_longer_configured_is_passed_over(client_alice, user):
    UserLanguage.objects.create(user=user, language="it")
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"


def test_the_user_setting_can_name_another_source(client_alice, settings):
    settings.FRAPPE_WEB = {"USER_LANGUAGE": "tests.test_languages.everyone_french"}
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="de")) == "fr"
    settings.FRAPPE_WEB = {"USER_LANGUAGE": None}
    assert answered_in(client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="de")) == "de"


def everyone_french(user) -> str:
    return "fr"


def test_frappe_local_lang_and_the_active_translation_in_a_view(client):
    seen = {}
    from django.utils import translation

    from django_frappe_web.local import Local

    factory = RequestFactory()
    request = factory.get("/login", HTTP_ACCEPT_LANGUAGE="fr")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    def view(req):
        seen.update(lang=frappe.lang, active=translation.get_language(), code=req.LANGUAGE_CODE,
                    text=frappe._("Not permitted"))
        from django.http import HttpResponse

        return HttpResponse("ok")

    from django_frappe_web.middleware import FrappeMiddleware

    before = translation.get_language()
    response = FrappeMiddleware(view)(request)
    assert seen == {"lang": "fr", "active": "fr", "code": "fr", "text": "Non autorisé"}
    assert response["Content-Language"] == "fr"
    assert translation.get_language() == before  # the request's language ends with it
    assert Local().lang == "en"  # outside a request: the default


def test_async_requests_choose_the_same_way(user):
    set_stored_language(user, "de")
    client = AsyncClient()
    async_to_sync(client.aforce_login)(user)
    response = async_to_sync(client.get)("/me", headers={"accept-language": "fr"})
    assert answered_in(response) == "de"
    response = async_to_sync(client.get)("/me?_lang=fr")
    assert answered_in(response) == "fr" and response.cookies[languages.COOKIE_NAME].value == "fr"


def test_an_i18n_patterns_prefix_names_the_language(rf, settings):
    settings.ROOT_URLCONF = "tests.urlconfs.i18n_prefixed"
    request = rf.get("/fr/hello", HTTP_ACCEPT_LANGUAGE="de")
    request.COOKIES[languages.COOKIE_NAME] = "de"
    assert languages.choose(request, user=_anonymous()) == languages.Choice("fr", "path")


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- the stored language ---------------------------------------------------------------------


def test_stored_language_round_trip(user):
    assert stored_language(user) is None
    set_stored_language(user, "de")
    set_stored_language(user, "fr")
    assert stored_language(user) == "fr" and UserLanguage.objects.count() == 1
    set_stored_language(user, "")
    assert stored_language(user) is None and not UserLanguage.objects.exists()
    assert stored_language(_anonymous()) is None


def test_only_a_logged_in_request_without_lang_or_cookie_queries(client, client_alice, user):
    set_stored_language(user, "fr")
    client_alice.cookies[languages.COOKIE_NAME] = "de"
    with CaptureQueriesContext(connection) as with_cookie:
        client_alice.get("/login")  # a page that does not show the user's language itself (/me does)
    del client_alice.cookies[languages.COOKIE_NAME]
    with CaptureQueriesContext(connection) as without:
        client_alice.get("/login")
    with CaptureQueriesContext(connection) as guest:
        client.get("/login")
    assert len(language_queries(without)) == 1
    assert language_queries(with_cookie) == [] and language_queries(guest) == []


def language_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "userlanguage" in query["sql"]]


def test_an_async_guest_gets_accept_language_without_a_thread_hop(monkeypatch):
    from django_frappe_web import middleware

    monkeypatch.setattr(middleware, "sync_to_async", None)  # any use of it would raise
    response = async_to_sync(AsyncClient().get)("/login", headers={"accept-language": "fr"})
    assert answered_in(response) == "fr"


def test_a_database_outage_while_reading_the_users_language_is_passed_over(rf, user, settings):
    settings.FRAPPE_WEB = {"USER_LANGUAGE": "tests.test_languages.database_down"}
    request = rf.get("/me", HTTP_ACCEPT_LANGUAGE="de")
    assert languages.choose(request, user=user) == languages.Choice("de", "header", languages.VARY_COOKIE_AND_HEADER)


def database_down(user):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


def test_a_language_left_active_by_other_code_does_not_leak_into_a_default_request(client):
    from django.utils import translation

    with translation.override("fr"):
        response = client.get("/login")
        assert answered_in(response) == "en" and translation.get_language() == "fr"


def test_what_is_kept_per_language_is_found_by_the_code_then_its_base_language():
    kept = {"de": "German", "pt-br": "Brazilian"}
    assert languages.for_language(kept, "de-AT") == "German"
    assert languages.for_language(kept, "pt-BR") == "Brazilian"
    assert languages.for_language(kept, "pt") is None  # a base never falls to a regional variant
    assert languages.for_language(kept, "") is None and languages.for_language(kept, None) is None
