"""``Authorization: Bearer``: django-oauth-toolkit access tokens on /api (the [oauth] extra)."""

from __future__ import annotations

import datetime
import json
import secrets

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from tests.conftest import require
from tests.testapp.models import Category

from . import methods  # noqa: F401 - registers toggles (GET, changes_state=True)
from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db

BEARER = "django_frappe_web.api.bearer.BearerTokenAuthentication"
AUTHENTICATION = [
    "django_frappe_web.api.authentication.APIKeyAuthentication",
    BEARER,
    "django_frappe_web.api.authentication.FrappeSessionAuthentication",
]
LOGGED_USER = "/api/method/frappe.auth.get_logged_user"


@pytest.fixture(autouse=True)
def bearer_tokens(settings):
    require(apps.is_installed("oauth2_provider"), "needs django-oauth-toolkit (the [oauth] extra)")
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "API_AUTHENTICATION_CLASSES": AUTHENTICATION}


@pytest.fixture
def application(user):
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    return Application.objects.create(name="Front end", user=user, client_type=Application.CLIENT_PUBLIC,
                                      authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                                      redirect_uris="http://127.0.0.1:5173/callback")


def issue(application, user, scope="read write", expires_in=3600) -> str:
    """An access token as the token endpoint would store it; its value."""
    from oauth2_provider.models import get_access_token_model

    value = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(
        user=user, application=application, token=value, scope=scope,
        expires=timezone.now() + datetime.timedelta(seconds=expires_in))
    return value


def api(token: str) -> Client:
    """A browser-less client with the token (and CSRF checks on: a token needs none)."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")


def assert_invalid_token(response, text: str) -> None:
    body = assert_frappe_error(response, 401, "AuthenticationError", text)
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="api"') and 'error="invalid_token"' in challenge
    assert "session_expired" not in body


def test_a_token_is_its_user(application, user):
    response = api(issue(application, user)).get(LOGGED_USER)
    assert response.status_code == 200 and response.json() == {"message": "alice"}


def test_a_token_writes_without_a_csrf_token_with_the_users_permissions(application, user, db_snapshot):
    client = api(issue(application, user))
    before = db_snapshot()
    assert_frappe_error(client.post("/api/resource/Note", json.dumps({"title": "n"}), content_type="application/json"),
                        403, "PermissionError")
    assert db_snapshot() == before
    grant(user, "add_note", "view_note")
    response = client.post("/api/resource/Note", json.dumps({"title": "From a token"}), content_type="application/json")
    assert response.status_code == 200 and response.json()["data"]["title"] == "From a token"


def test_the_scheme_is_case_insensitive(application, user):
    client = Client(HTTP_AUTHORIZATION=f"bearer {issue(application, user)}")
    assert client.get(LOGGED_USER).json() == {"message": "alice"}


def test_an_expired_token_is_401(application, user):
    token = issue(application, user, expires_in=-1)
    assert_invalid_token(api(token).get(LOGGED_USER), "The access token has expired.")


def test_a_revoked_token_is_401(application, user):
    from oauth2_provider.models import get_access_token_model

    token = issue(application, user)
    get_access_token_model().objects.get(token=token).revoke()
    assert_invalid_token(api(token).get(LOGGED_USER), "The access token is invalid.")


def test_an_unknown_token_is_401_also_on_guest_methods(application):
    assert_invalid_token(api("not-a-token").get("/api/method/ping"), "The access token is invalid.")


def test_v2_answers_its_own_envelope(application, user):
    response = api(issue(application, user, expires_in=-1)).get("/api/v2/method/frappe.auth.get_logged_user")
    assert response.status_code == 401
    assert response.json()["errors"][0]["type"] == "AuthenticationError"


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer a b", "Bearer tök", "Bearer a\x00b", "Bearer ==",
                                    "Bearer " + "a" * 20_000, "Bearer\ttoken"])
def test_a_malformed_authorization_header_is_401_never_500(application, header):
    response = Client(HTTP_AUTHORIZATION=header).get(LOGGED_USER)
    assert response.status_code == 401, response.content[:300]
    assert response.json()["exc_type"] == "AuthenticationError"


def test_a_read_token_reads_but_may_not_write(application, user, note):
    grant(user, "view_note", "change_note", "add_note")
    client = api(issue(application, user, scope="read"))
    assert client.get(f"/api/resource/Note/{note.pk}").status_code == 200
    response = client.put(f"/api/resource/Note/{note.pk}", json.dumps({"title": "changed"}),
                          content_type="application/json")
    assert_frappe_error(response, 403, "PermissionError", "scope does not include 'write'")
    note.refresh_from_db()
    assert note.title == "Private"


def test_a_read_token_may_not_get_a_function_that_changes_state(application, user):
    client = api(issue(application, user, scope="read"))
    response = client.get("/api/method/tests.api.methods.toggles")
    assert_frappe_error(response, 403, "PermissionError", "scope does not include 'write'")
    assert not Category.objects.exists()
    assert api(issue(application, user)).get("/api/method/tests.api.methods.toggles").status_code == 200


def test_a_token_for_another_scope_is_403(application, user):
    client = api(issue(application, user, scope="openid profile"))
    assert_frappe_error(client.get(LOGGED_USER), 403, "PermissionError", "scope does not include 'read'")


def test_a_write_token_cannot_read(application, user):
    assert_frappe_error(api(issue(application, user, scope="write")).get(LOGGED_USER), 403, "PermissionError")


def test_a_client_credentials_token_acts_as_its_applications_user(application, user):
    from oauth2_provider.models import get_access_token_model

    token = issue(application, user)
    get_access_token_model().objects.filter(token=token).update(user=None)  # client credentials: no user
    assert api(token).get(LOGGED_USER).json() == {"message": "alice"}
    application.user = None
    application.save()
    assert_invalid_token(api(token).get(LOGGED_USER), "inactive or deleted")


def test_the_token_of_a_deactivated_user_is_401(application, user):
    token = issue(application, user)
    user.is_active = False
    user.save()
    assert_invalid_token(api(token).get(LOGGED_USER), "inactive or deleted")


def test_a_token_wins_over_the_session_cookie_of_another_user(application, user, superuser):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue(application, user)}")
    client.force_login(superuser)
    assert client.get(LOGGED_USER).json() == {"message": "alice"}


def test_an_api_key_still_works_next_to_bearer_tokens(alice_api):
    assert alice_api.get(LOGGED_USER).json() == {"message": "alice"}
    response = Client(HTTP_AUTHORIZATION="token nope:nope").get(LOGGED_USER)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


def test_without_the_class_in_the_settings_a_bearer_header_is_a_guests(settings, application, user):
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "API_AUTHENTICATION_CLASSES": AUTHENTICATION[::2]}
    assert_frappe_error(api(issue(application, user)).get(LOGGED_USER), 403, "PermissionError")


def test_a_token_request_counts_against_the_users_throttle(settings, application, user):
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "API_THROTTLE_RATES": {"login": None, "anon": None, "user": "2/min"}}
    client = api(issue(application, user))
    assert [client.get(LOGGED_USER).status_code for _ in range(3)] == [200, 200, 429]
    assert django_settings.FRAPPE_WEB["API_AUTHENTICATION_CLASSES"] == AUTHENTICATION


def test_the_openapi_schema_names_the_bearer_scheme(superuser, recwarn, capsys):
    client = Client()
    client.force_login(superuser)
    schema = client.get("/api/schema/").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in schema["paths"]["/api/resource/Note"]["get"]["security"]
    assert "could not resolve authenticator" not in capsys.readouterr().err
