"""A user's language: chosen on /me (kept in UserLanguage and the cookie) and edited in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from django_frappe_web.languages import COOKIE_NAME
from django_frappe_web.user_languages import UserLanguage, stored_language
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def test_me_offers_the_sites_languages_with_the_users_selected(client_alice, user):
    UserLanguage.objects.create(user=user, language="fr")
    page = client_alice.get("/me").content.decode()
    assert '<select id="account-language" name="language">' in page
    assert '<option value="fr" selected>' in page and '<option value="de">' in page and '<option value="it"' not in page
    assert "<h1>Mon compte</h1>" in page  # the page itself is in the user's language


def test_choosing_a_language_on_me_stores_it_and_sets_the_cookie(client_alice, user):
    response = client_alice.post("/me", {"language": "de"})
    assert (response.status_code, response["Location"]) == (302, "/me")
    assert stored_language(user) == "de" and response.cookies[COOKIE_NAME].value == "de"
    assert "<h1>Mein Konto</h1>" in client_alice.get("/me").content.decode()
    # on another device (no cookie), the stored language applies
    other = Client()
    other.force_login(user)
    assert other.get("/me", HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "de"


def test_the_browsers_language_forgets_the_choice_and_the_cookie(client_alice, user):
    client_alice.post("/me", {"language": "de"})
    response = client_alice.post("/me", {"language": ""})
    assert stored_language(user) is None and response.cookies[COOKIE_NAME]["max-age"] == 0
    assert client_alice.get("/me", HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "fr"


@pytest.mark.parametrize("junk", ["xx", "it", "de-at", "../../etc", "x" * 10_000])
def test_an_unknown_language_is_refused_and_nothing_is_stored(client_alice, user, junk):
    response = client_alice.post("/me", {"language": junk})
    assert response.status_code == 417 and COOKIE_NAME not in response.cookies
    assert not UserLanguage.objects.exists()


def test_a_guest_cannot_post_a_language(client):
    response = client.post("/me", {"language": "de"})
    assert response.status_code == 302 and response["Location"].startswith("/login")
    assert not UserLanguage.objects.exists()


def test_the_admin_edits_a_users_language(client, superuser, user):
    client.force_login(superuser)
    response = client.post("/admin/django_frappe_web/userlanguage/add/", {"user": user.pk, "language": "fr"})
    assert response.status_code == 302 and stored_language(user) == "fr"
    listing = client.get("/admin/django_frappe_web/userlanguage/").content.decode()
    assert "alice" in listing
    refused = client.post("/admin/django_frappe_web/userlanguage/add/", {"user": superuser.pk, "language": "it"})
    assert refused.status_code == 200 and not UserLanguage.objects.filter(user=superuser).exists()
