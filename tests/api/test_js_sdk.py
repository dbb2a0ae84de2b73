"""frappe-js-sdk (npm), unchanged, against a live server on loopback with API-key and OAuth2 bearer auth.

Runs ``npm ci`` in tests/api/js when node_modules is missing. Skipped when node or
npm is not installed -- except with ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.models import File
from tests.conftest import require
from tests.testapp.models import Article, Category

from .conftest import npm_installed

JS_DIR = Path(__file__).resolve().parent / "js"


@pytest.fixture(scope="module")
def node_modules():
    return npm_installed(JS_DIR, "frappe-js-sdk", "frappe-js-sdk check")


def run_check(node: str, url: str, token: str, token_type: str = "token") -> dict:
    result = subprocess.run([node, "check.js"], cwd=JS_DIR, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "FRAPPE_URL": url, "FRAPPE_TOKEN": token, "FRAPPE_TOKEN_TYPE": token_type})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def bearer_token(user) -> str:
    """An OAuth2 access token of django-oauth-toolkit for ``user``, as its token endpoint stores one."""
    from oauth2_provider.models import get_access_token_model, get_application_model

    Application = get_application_model()
    application = Application.objects.create(name="frappe-js-sdk", user=user, client_type=Application.CLIENT_PUBLIC,
                                             authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                                             redirect_uris="http://127.0.0.1/callback")
    value = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(user=user, application=application, token=value, scope="read write",
                                            expires=timezone.now() + datetime.timedelta(hours=1))
    return value


@pytest.mark.parametrize("auth", ["token", "Bearer"])
def test_frappe_js_sdk_against_a_live_server(node_modules, live_server, superuser, articles, settings, tmp_path, auth):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "PRIVATE_FILES_ROOT": str(tmp_path / "private")}
    if auth == "Bearer":  # useToken with type "Bearer": an OAuth2 access token (the [oauth] extra)
        require(apps.is_installed("oauth2_provider"), "needs django-oauth-toolkit (the [oauth] extra)")
        settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "API_AUTHENTICATION_CLASSES": [
            "django_frappe_web.api.bearer.BearerTokenAuthentication",
            "django_frappe_web.api.authentication.FrappeSessionAuthentication"]}
        out = run_check(node_modules, live_server.url, bearer_token(superuser), "Bearer")
    else:
        row, secret = create_api_key(superuser)
        out = run_check(node_modules, live_server.url, f"{row.api_key}:{secret}")

    assert out["list"] == [{"name": "a3", "title": "Third", "views": 30, "category": None},
                           {"name": "a2", "title": "Second", "views": 20, "category": "Guides"}]
    assert len(out["listAll"]) == 5
    assert out["listAsLists"] == [["a2"], ["a3"]]
    assert out["created"]["name"] == "from-js" and out["created"]["category"] == "News"
    assert out["fetched"]["title"] == "From JS" and out["fetched"]["owner"] == "admin"
    assert out["updated"]["title"] == "Updated from JS" and out["updated"]["views"] == 3
    assert out["count"] == 3 and out["countAll"] == 6
    assert out["value"] == {"message": {"title": "Updated from JS"}}
    assert out["callGet"] == {"message": {"value": "from get"}}
    assert out["callPost"] == {"message": {"value": {"nested": [1, 2]}}}
    assert out["user"] == "admin"
    assert out["deleted"] == {"data": "ok"}
    assert out["missing"]["httpStatus"] == 404 and out["missing"]["exc_type"] == "DoesNotExistError"
    assert out["duplicate"]["httpStatus"] == 409 and out["duplicate"]["exc_type"] == "DuplicateEntryError"
    assert out["notWhitelisted"]["httpStatus"] == 403 and "tests.testapp" not in json.dumps(out["notWhitelisted"])
    assert not Article.objects.filter(slug="from-js").exists()
    assert out["docMethod"]["message"] == "NEWS" and out["docMethod"]["docs"][0]["name"] == "News"
    assert out["docMethodRefused"]["httpStatus"] == 403 and out["docMethodRefused"]["exc_type"] == "PermissionError"
    assert Category.objects.filter(name="News").exists()
    # file().uploadFile: multipart to /api/method/upload_file, attached privately to a document
    uploaded = out["upload"]["message"]
    assert uploaded["file_name"] == "sdk-notes.txt" and uploaded["is_private"] == 1
    assert uploaded["file_url"] == "/private/files/sdk-notes.txt" and uploaded["file_size"] == 24
    stored = File.objects.get(pk=uploaded["name"])
    assert (stored.attached_to_doctype, stored.attached_to_name, stored.attached_to_field) == ("Article", "a1", "body")
    assert stored.file.read() == b"hello from frappe-js-sdk"
