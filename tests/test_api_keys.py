"""API keys: the keys module, ``manage.py generate_api_key`` and the admin (secret shown once)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from django_frappe_web import api_keys as keys
from django_frappe_web.models import APIKey
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db


def test_authenticate_checks_key_secret_and_enabled(user):
    row, secret = keys.create_api_key(user)
    assert keys.authenticate(row.api_key, secret) == row
    assert keys.authenticate(row.api_key, secret + "x") is None
    assert keys.authenticate("nope", secret) is None
    row.enabled = False
    row.save()
    assert keys.authenticate(row.api_key, secret) is None


def test_generate_api_key_prints_two_lines_that_work(user):
    out = StringIO()
    call_command("generate_api_key", "alice", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("api_key: ") and lines[1].startswith("api_secret: ")
    key, secret = lines[0].split(": ", 1)[1], lines[1].split(": ", 1)[1]
    row = APIKey.objects.get(api_key=key)
    assert row.user == user and secret not in row.api_secret
    assert TokenClient(key, secret).get("/api/method/frappe.auth.get_logged_user").json() == {"message": "alice"}


def test_generate_api_key_for_unknown_user():
    with pytest.raises(CommandError, match="No user 'ghost'"):
        call_command("generate_api_key", "ghost")


def test_admin_shows_the_secret_once(superuser, user):
    client = Client()
    client.force_login(superuser)
    response = client.post("/admin/django_frappe_web/apikey/add/", {"user": user.pk, "enabled": "on"}, follow=True)
    assert response.status_code == 200
    secret = re.search(r"the secret is <code>([^<]+)</code>", response.content.decode()).group(1)
    row = APIKey.objects.get(user=user)
    assert keys.authenticate(row.api_key, secret) == row
    # Never again: not on the change page, not in the list.
    change = client.get(f"/admin/django_frappe_web/apikey/{row.pk}/change/").content.decode()
    listing = client.get("/admin/django_frappe_web/apikey/").content.decode()
    assert secret not in change and secret not in listing and row.api_secret not in change


def test_admin_action_regenerates_a_secret(superuser, user):
    row, old = keys.create_api_key(user)
    client = Client()
    client.force_login(superuser)
    response = client.post("/admin/django_frappe_web/apikey/",
                           {"action": "regenerate_secrets", "_selected_action": [row.pk]}, follow=True)
    secret = re.search(r"the secret is <code>([^<]+)</code>", response.content.decode()).group(1)
    assert keys.authenticate(row.api_key, secret) is not None and keys.authenticate(row.api_key, old) is None
