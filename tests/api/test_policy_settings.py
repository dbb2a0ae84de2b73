"""The API's authentication, permission and throttle classes come from ``FRAPPE_WEB`` by dotted path."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from django_frappe_web.checks import check_settings
from django_frappe_web.settings import DEFAULTS
from tests.testapp.models import Article

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db
HERE = __name__


class HeaderUserAuthentication(BaseAuthentication):
    """The user named in ``X-Test-User``."""

    def authenticate(self, request):
        username = request.META.get("HTTP_X_TEST_USER")
        return (get_user_model().objects.get(username=username), None) if username else None


class DenyEverything(BasePermission):
    message = "Closed for the test"

    def has_permission(self, request, view):
        return False


class RefuseEverything(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 7


def policy(**classes: list[str]):
    return override_settings(FRAPPE_WEB={**DEFAULTS, **classes})


def test_custom_authentication_class_is_used(client, user):
    with policy(API_AUTHENTICATION_CLASSES=[f"{HERE}.HeaderUserAuthentication"]):
        response = client.get("/api/method/frappe.auth.get_logged_user", HTTP_X_TEST_USER=user.username)
    assert response.json() == {"message": user.username}


def test_custom_permission_class_is_used(client):
    assert client.get("/api/method/ping").status_code == 200
    with policy(API_PERMISSION_CLASSES=[f"{HERE}.DenyEverything"]):
        assert_frappe_error(client.get("/api/method/ping"), 403, "PermissionError", "Closed for the test")
        assert client.get("/api/resource/Article").status_code == 403


@pytest.mark.parametrize("path, body", [
    ("bulk_delete", {"names": ["a1", "d1"]}),
    ("bulk_update", {"docs": [{"name": "a1", "title": "Changed"}, {"name": "d1", "views": 99}]}),
])
def test_custom_permission_class_is_asked_for_v2_bulk_writes(admin_api, articles, path, body):
    before = list(Article.objects.order_by("pk").values())
    with policy(API_PERMISSION_CLASSES=[f"{HERE}.DenyEverything"]):
        assert admin_api.delete("/api/v2/document/Article/a1").status_code == 403
        response = admin_api.post_json(f"/api/v2/document/Article/{path}", body)
    assert response.status_code == 403, response.content
    assert response.json()["errors"][0]["message"] == "Closed for the test"
    assert list(Article.objects.order_by("pk").values()) == before


def test_custom_throttle_class_is_used(client):
    with policy(API_THROTTLE_CLASSES=[f"{HERE}.RefuseEverything"]):
        response = client.get("/api/method/ping")
    assert_frappe_error(response, 429, "TooManyRequestsError")
    assert response["Retry-After"] == "7"


def test_the_defaults_are_dotted_paths_that_import():
    with override_settings(DEBUG=True):
        assert check_settings() == []


def test_an_unimportable_policy_class_is_a_check_error():
    with policy(API_THROTTLE_CLASSES=["no.such.Throttle"]), override_settings(DEBUG=True):
        messages = check_settings()
    assert [message.id for message in messages] == ["django_frappe_web.E007"]
    assert "no.such.Throttle" in messages[0].msg and "API_THROTTLE_CLASSES" in messages[0].msg
