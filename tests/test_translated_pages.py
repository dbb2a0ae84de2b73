"""The package's pages and e-mails speak the visitor's language: the 404 page, the login page and the
sign-up answer and e-mail come out in German or French (their English is asserted by the pages' own tests)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.accounts.conftest import signup_on  # noqa: F401 - fixture
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def test_the_404_page_in_german():
    response = Client().get("/nowhere-at-all", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in page and "Die gesuchte Seite ist nicht hier." in page


def test_the_login_page_in_french():
    page = Client().get("/login?_lang=fr").content.decode()
    # "Log in" itself is the admin's "Connexion": the first app of INSTALLED_APPS translating a string wins.
    assert ">Mot de passe oublié ?</a>" in page and ">Mot de passe</label>" in page and "Log in" not in page


def test_the_sign_up_answer_and_its_email_in_german(signup_on, mailoutbox):  # noqa: F811 - fixture
    response = Client().post("/api/method/frappe.core.doctype.user.user.sign_up",
                             json.dumps({"email": "dan@example.com", "full_name": "Dan"}),
                             content_type="application/json", HTTP_ACCEPT_LANGUAGE="de")
    assert response.json() == {"message": [1, "Bitte prüfen Sie Ihre E-Mails zur Bestätigung"]}
    mail = mailoutbox[0]
    assert mail.subject.startswith("Bestätigen Sie Ihre E-Mail-Adresse für ")
    assert mail.body.startswith("Hallo Dan,\n\nVielen Dank für Ihre Registrierung bei ")
