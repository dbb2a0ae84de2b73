"""W120 / I120: which middleware chooses the language when Django's LocaleMiddleware is on too."""

from __future__ import annotations

import pytest
from django.test import Client

from django_frappe_web.language_checks import check_language_middleware
from django_frappe_web.middleware import LOCALE_MIDDLEWARE, MIDDLEWARE_PATH
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def with_locale(settings, before_frappe: bool) -> None:
    middleware = [m for m in settings.MIDDLEWARE]
    at = middleware.index(MIDDLEWARE_PATH) + (0 if before_frappe else 1)
    middleware.insert(at, LOCALE_MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def ids(settings) -> list[str]:
    return [message.id for message in check_language_middleware()]


def test_nothing_to_say_without_locale_middleware(settings):
    assert ids(settings) == []


def test_locale_middleware_before_frappes_frappe_decides(settings):
    with_locale(settings, before_frappe=True)
    assert ids(settings) == ["django_frappe_web.I120"]
    client = Client()
    client.cookies["preferred_language"] = "fr"
    response = client.get("/login?_lang=de", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "de" and '<html lang="de">' in response.content.decode()


def test_locale_middleware_after_frappes_django_decides_and_the_check_warns(settings):
    with_locale(settings, before_frappe=False)
    messages = check_language_middleware()
    assert [m.id for m in messages] == ["django_frappe_web.W120"] and messages[0].hint
    response = Client().get("/login?_lang=de", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr" and '<html lang="fr">' in response.content.decode()
    assert "preferred_language" not in response.cookies


def test_without_i18n_the_package_leaves_the_language_alone(settings):
    settings.USE_I18N = False
    response = Client().get("/login?_lang=de", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Content-Language" not in response and "preferred_language" not in response.cookies
