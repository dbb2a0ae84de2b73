"""Django model permissions per doctype (GET needs view), guests and published rows, superusers, read-only doctypes."""

from __future__ import annotations

import pytest

from django_frappe_web.api_keys import create_api_key
from tests.testapp.models import Article, Note

from .conftest import TokenClient, assert_frappe_error, grant

pytestmark = pytest.mark.django_db


def test_guest_reads_only_published_documents_of_guest_doctypes(client, articles, note):
    assert [row["name"] for row in client.get("/api/resource/Article").json()["data"]] == ["a3", "a2", "a1"]
    assert client.get("/api/resource/Article/a1").status_code == 200
    assert_frappe_error(client.get("/api/resource/Article/d1"), 403, "PermissionError")
    assert_frappe_error(client.get("/api/resource/Note"), 403, "PermissionError", "No permission to read Note")
    assert_frappe_error(client.get(f"/api/resource/Note/{note.pk}"), 403, "PermissionError")


def test_guest_cannot_write(client, articles, db_snapshot):
    before = db_snapshot()
    assert_frappe_error(client.post("/api/resource/Article", '{"title": "x", "slug": "x"}',
                                    content_type="application/json"), 403, "PermissionError")
    assert_frappe_error(client.put("/api/resource/Article/a1", '{"title": "x"}', content_type="application/json"),
                        403, "PermissionError")
    assert_frappe_error(client.delete("/api/resource/Article/a1"), 403, "PermissionError")
    assert db_snapshot() == before


def test_user_without_view_permission_reads_published_only(alice_api, articles, note):
    assert len(alice_api.get("/api/resource/Article").json()["data"]) == 3
    assert alice_api.get("/api/resource/Article/d1").status_code == 403
    assert alice_api.get("/api/resource/Note").status_code == 403


def test_view_permission_reads_everything(user, alice_api, articles, note):
    grant(user, "view_article", "view_note")
    assert len(alice_api.get("/api/resource/Article").json()["data"]) == 5
    assert alice_api.get("/api/resource/Article/d1").status_code == 200
    assert alice_api.get("/api/resource/Note").json()["data"] == [{"name": note.pk}]


def test_get_needs_view_not_just_login(user, alice_api, note):
    grant(user, "change_note")  # DRF's DjangoModelPermissions would let this user read
    assert_frappe_error(alice_api.get(f"/api/resource/Note/{note.pk}"), 403, "PermissionError")
    assert alice_api.get("/api/resource/Note").status_code == 403


@pytest.mark.parametrize("codename, method, path, body, ok", [
    ("add_article", "post_json", "/api/resource/Article", {"title": "N", "slug": "n"}, 200),
    ("change_article", "put_json", "/api/resource/Article/a1", {"title": "N"}, 200),
    ("delete_article", "delete", "/api/resource/Article/a1", None, 202),
])
def test_each_write_needs_its_permission(user, alice_api, articles, db_snapshot, codename, method, path, body, ok):
    call = getattr(alice_api, method)
    args = (path, body) if body is not None else (path,)
    before = db_snapshot()
    assert_frappe_error(call(*args), 403, "PermissionError")
    assert db_snapshot() == before
    grant(user, codename)
    assert call(*args).status_code == ok


def test_superuser_does_everything(admin_api, articles, note):
    assert len(admin_api.get("/api/resource/Article").json()["data"]) == 5
    assert admin_api.get(f"/api/resource/Note/{note.pk}").json()["data"]["content"] == "secret"
    assert admin_api.delete(f"/api/resource/Note/{note.pk}").status_code == 202
    assert not Note.objects.exists()


def test_read_only_doctype_refuses_writes_even_to_superusers(admin_api, user):
    assert admin_api.get("/api/resource/User/alice").json()["data"]["name"] == "alice"
    assert "password" not in admin_api.get("/api/resource/User/alice").json()["data"]
    assert_frappe_error(admin_api.put_json("/api/resource/User/alice", {"first_name": "X"}), 403, "PermissionError")
    assert_frappe_error(admin_api.delete("/api/resource/User/alice"), 403, "PermissionError")


def test_user_list_needs_view_permission(alice_api, other_user):
    assert alice_api.get("/api/resource/User").status_code == 403


def test_permissions_follow_the_key_owner_not_a_session(superuser, user, articles):
    row, secret = create_api_key(user)
    client = TokenClient(row.api_key, secret)
    client.force_login(superuser)
    assert len(client.get("/api/resource/Article").json()["data"]) == 3  # alice's view, not admin's
    assert Article.objects.count() == 5
