"""The API answers in the caller's language (``Accept-Language`` or ``_lang``): its messages and
``_server_messages`` are translated, while ``exc_type``, the exception's class path and field names
stay as they are."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from django_frappe_web import frappe
from django_frappe_web.whitelist import whitelist
from tests.api.conftest import assert_frappe_error, server_messages
from tests.i18n_settings import three_languages  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("three_languages")]


def test_a_missing_document_in_german_french_and_english(admin_api):
    path = "/api/resource/Article/999"
    german = assert_frappe_error(admin_api.get(path, HTTP_ACCEPT_LANGUAGE="de"), 404, "DoesNotExistError",
                                 "Article 999 nicht gefunden")
    assert german["exception"].startswith("frappe.exceptions.DoesNotExistError: ")
    french = admin_api.get(f"{path}?_lang=fr")
    assert_frappe_error(french, 404, "DoesNotExistError", "Article 999 introuvable")
    assert french.cookies["preferred_language"].value == "fr"  # as on pages: the next calls stay French
    assert_frappe_error(admin_api.get(path), 404, "DoesNotExistError", "Article 999 introuvable")
    del admin_api.cookies["preferred_language"]
    assert_frappe_error(admin_api.get(path), 404, "DoesNotExistError", "Article 999 not found")


def test_a_refused_read_is_translated_and_its_type_is_not(alice_api):
    body = assert_frappe_error(alice_api.get("/api/resource/Note", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9"), 403,
                               "PermissionError", "Pas d’autorisation pour read sur Note")
    assert "read" in body["exception"]  # Frappe's ptype stays a word of the API


def test_an_unknown_method_in_german(admin_api):
    assert_frappe_error(admin_api.get("/api/method/nowhere.to_be_found", HTTP_ACCEPT_LANGUAGE="de"), 404,
                        "DoesNotExistError", "Methode nowhere.to_be_found nicht gefunden")


def test_v2_errors_are_translated_and_typed(admin_api):
    response = admin_api.get("/api/v2/document/Article/999", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert error["type"] == "DoesNotExistError" and "nicht gefunden" in error["message"]


def test_field_names_stay_and_drf_messages_follow_the_language(admin_api):
    response = admin_api.post("/api/resource/Article", json.dumps({"slug": "x"}), content_type="application/json",
                              HTTP_ACCEPT_LANGUAGE="de")
    body = assert_frappe_error(response, 417, "ValidationError")
    assert "title: " in body["exception"]  # the field's name, untranslated
    assert "This field" not in body["exception"]  # DRF's own German message


@whitelist()
def say_hello_in_the_callers_language() -> str:
    frappe.msgprint(frappe._("Not permitted"), title=frappe._("Error"))
    return frappe._("Invalid login credentials")


def test_server_messages_and_return_values_of_a_method(admin_api):
    path = "/api/method/tests.api.test_api_languages.say_hello_in_the_callers_language"
    body = admin_api.get(path, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["message"] == "Identifiants de connexion invalides"
    assert server_messages(body) == [{"message": "Non autorisé", "title": "Erreur"}]


def test_session_expired_is_translated_and_its_flag_is_not(client_alice):
    Session.objects.all().delete()
    response = client_alice.get("/api/method/frappe.auth.get_logged_user", HTTP_ACCEPT_LANGUAGE="de")
    body = assert_frappe_error(response, 401, "SessionExpired",
                               "Die Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.")
    assert body["session_expired"] == 1


def test_a_guest_is_not_permitted_in_french():
    response = Client().get("/api/method/frappe.auth.get_logged_user", HTTP_ACCEPT_LANGUAGE="fr")
    assert_frappe_error(response, 403, "PermissionError", "Non autorisé")


# The messages of the package's own errors (filters, the client's checks, missing rows, validation) are in
# the caller's language too; the exception's type and the values in them (field names, operators) are not.

def test_a_refused_filter_in_german_and_french(admin_api):
    path = '/api/resource/Article?filters=[["title", "~~", "x"]]'
    german = assert_frappe_error(admin_api.get(path, HTTP_ACCEPT_LANGUAGE="de"), 417, "InvalidQueryError",
                                 'Operator "~~" wird nicht unterstützt; verwenden Sie einen von =, !=')
    assert german["exception"].startswith("frappe.exceptions.InvalidQueryError: ")
    assert_frappe_error(admin_api.get(f"{path}&_lang=fr"), 417, "InvalidQueryError",
                        'L’opérateur "~~" n’est pas pris en charge ; utilisez l’un de =, !=')


def test_no_document_for_the_filters_is_a_german_404(admin_api):
    path = '/api/method/frappe.client.get?doctype=Article&filters={"title": "nowhere"}'
    assert_frappe_error(admin_api.get(path, HTTP_ACCEPT_LANGUAGE="de"), 404, "DoesNotExistError",
                        "Kein Article für die angegebenen Filter gefunden")
    assert_frappe_error(admin_api.get(f"{path}&_lang=fr"), 404, "DoesNotExistError",
                        "Aucun Article trouvé pour les filtres donnés")


def test_a_refused_method_is_a_french_permission_error(admin_api):
    path = "/api/method/frappe.client.get_password?doctype=User&name=admin&fieldname=password&_lang=fr"
    assert_frappe_error(admin_api.get(path), 403, "PermissionError",
                        "get_password n’est pas disponible : les mots de passe et secrets ne sont jamais envoyés")
    assert_frappe_error(admin_api.get(path.replace("_lang=fr", "_lang=de")), 403, "PermissionError",
                        "get_password ist nicht verfügbar")


def test_a_validation_error_of_the_request_in_german(admin_api):
    response = admin_api.post("/api/method/frappe.client.insert_many", json.dumps({"docs": {"doctype": "Article"}}),
                              content_type="application/json", HTTP_ACCEPT_LANGUAGE="de")
    assert_frappe_error(response, 417, "ValidationError", "docs muss eine JSON-Liste von Dokumenten sein")
