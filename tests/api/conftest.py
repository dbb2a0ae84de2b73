"""Fixtures for the /api tests: documents, API keys and clients that authenticate with them."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from django_frappe_web.api_keys import create_api_key
from tests.conftest import CI
from tests.testapp.models import Article, Category, Note


def grant(user, *codenames: str) -> None:
    """Give ``user`` Django permissions by codename (``view_article``...)."""
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def server_messages(body: dict) -> list[dict]:
    """Frappe's ``_server_messages``: a JSON list of JSON-encoded messages."""
    return [json.loads(message) for message in json.loads(body["_server_messages"])]


def assert_frappe_error(response, status: int, exc_type: str, text: str | None = None) -> dict:
    """``response`` is Frappe's v1 error envelope with ``status`` and ``exc_type`` (and ``text`` in the message)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["exc_type"] == exc_type, body
    assert body["exception"].endswith(exc_type) or f"{exc_type}:" in body["exception"], body
    assert "exc" not in body  # no traceback without DEBUG
    if text is not None:
        assert text in body["exception"], body
        assert any(text in message["message"] for message in server_messages(body)), body
    return body


def csrf_token(client: Client) -> str:
    """Give ``client`` a CSRF cookie and return the matching (masked) token for a header or form field."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return _mask_cipher_secret(secret)


class TokenClient(Client):
    """A test client sending ``Authorization: token <key>:<secret>`` (and never a CSRF token)."""

    def __init__(self, key: str, secret: str, scheme: str = "token", **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)
        if scheme == "basic":
            import base64

            self.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
        else:
            self.defaults["HTTP_AUTHORIZATION"] = f"token {key}:{secret}"

    def post_json(self, path: str, data, **kwargs):
        return self.post(path, json.dumps(data), content_type="application/json", **kwargs)

    def put_json(self, path: str, data, **kwargs):
        return self.put(path, json.dumps(data), content_type="application/json", **kwargs)


@pytest.fixture
def categories(db):
    return {name: Category.objects.create(name=name) for name in ("News", "Guides")}


@pytest.fixture
def articles(categories):
    """Five articles: three published ("a1".."a3"), two drafts ("d1", "d2")."""
    rows = [
        ("First", "a1", True, "News", 10, datetime.date(2024, 1, 1)),
        ("Second", "a2", True, "Guides", 20, datetime.date(2024, 2, 1)),
        ("Third", "a3", True, None, 30, datetime.date(2024, 3, 1)),
        ("Draft one", "d1", False, "News", 5, None),
        ("Draft two", "d2", False, None, 0, None),
    ]
    return {
        slug: Article.objects.create(title=title, slug=slug, published=published, views=views, published_on=on,
                                     category=categories.get(category), route=f"blog/{slug}")
        for title, slug, published, category, views, on in rows
    }


@pytest.fixture
def note(db):
    return Note.objects.create(title="Private", content="secret")


@pytest.fixture
def admin_api(superuser):
    row, secret = create_api_key(superuser)
    return TokenClient(row.api_key, secret)


@pytest.fixture
def alice_key(user):
    return create_api_key(user)


@pytest.fixture
def alice_api(alice_key):
    row, secret = alice_key
    return TokenClient(row.api_key, secret)


@pytest.fixture
def db_snapshot(db):
    """Rows per model now, to compare with after a refused request."""

    def snapshot():
        return {model.__name__: list(model.objects.order_by("pk").values()) for model in (Article, Category, Note)}

    return snapshot


def npm_installed(folder: Path, package: str, check: str) -> str:
    """node's path, once ``folder``'s npm packages are installed (``npm ci`` from its package-lock.json
    when ``package`` is missing). Skips without node and npm -- except with ``CI=true``: a failure."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        if CI:
            pytest.fail(f"{check}: node and npm are required when CI=true", pytrace=False)
        pytest.skip(f"{check} needs node and npm (Node 20: apt-get install nodejs npm)")
    if not (folder / "node_modules" / package).is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=folder, check=True, timeout=300,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return node
