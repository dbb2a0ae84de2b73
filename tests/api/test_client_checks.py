"""frappe.client.validate_link, has_permission, get_doc_permissions, get_password; get_value as frappe-client calls it."""

from __future__ import annotations

import pytest

from .conftest import assert_frappe_error, grant

pytestmark = pytest.mark.django_db
C = "/api/method/frappe.client"


def test_validate_link_answers_the_name_and_the_fields_asked(admin_api, articles):
    response = admin_api.get(f"{C}.validate_link", {"doctype": "Article", "docname": "a2",
                                                    "fields": '["title", "views"]'})
    assert response.json() == {"message": {"name": "a2", "title": "Second", "views": 20}}
    assert admin_api.get(f"{C}.validate_link", {"doctype": "Article", "docname": "a2"}).json() == {
        "message": {"name": "a2"}}


def test_validate_link_answers_nothing_for_a_missing_or_unreadable_document(alice_api, articles):
    assert alice_api.get(f"{C}.validate_link", {"doctype": "Article", "docname": "nope"}).json() == {"message": {}}
    # a draft alice may not read is as good as missing: its existence is not told
    assert alice_api.get(f"{C}.validate_link", {"doctype": "Article", "docname": "d1"}).json() == {"message": {}}


@pytest.mark.parametrize("args, status, exc_type", [
    ({"doctype": "Nope", "docname": "x"}, 404, "DoesNotExistError"),
    ({"doctype": "Article", "docname": "a1", "fields": "[not json"}, 417, "ValidationError"),
    ({"doctype": "Article", "docname": "a1", "fields": '["sleep(1)"]'}, 417, "InvalidQueryError"),
    ({"doctype": "Article", "docname": "a1", "fields": "[1]"}, 417, "ValidationError"),
    ({"doctype": "Note", "docname": "1"}, 403, "PermissionError"),
])
def test_validate_link_refusals(alice_api, articles, args, status, exc_type):
    assert_frappe_error(alice_api.get(f"{C}.validate_link", args), status, exc_type)


def test_has_permission_per_right(user, alice_api, admin_api, articles):
    grant(user, "view_article")
    ask = {"doctype": "Article", "docname": "d1"}
    assert alice_api.get(f"{C}.has_permission", ask).json() == {"message": {"has_permission": True}}
    assert alice_api.get(f"{C}.has_permission", {**ask, "perm_type": "WRITE"}).json() == {
        "message": {"has_permission": False}}
    assert admin_api.get(f"{C}.has_permission", {**ask, "perm_type": "delete"}).json() == {
        "message": {"has_permission": True}}
    assert_frappe_error(alice_api.get(f"{C}.has_permission", {**ask, "perm_type": "drop"}), 417, "ValidationError")
    assert_frappe_error(alice_api.get(f"{C}.has_permission", {**ask, "docname": "zz"}), 404, "DoesNotExistError")


def test_get_doc_permissions_lists_every_right(user, alice_api, articles):
    grant(user, "view_article", "change_article")
    response = alice_api.get(f"{C}.get_doc_permissions", {"doctype": "Article", "docname": "a1"})
    permissions = response.json()["message"]["permissions"]
    assert permissions["read"] == permissions["write"] == permissions["print"] == 1
    assert permissions["delete"] == permissions["create"] == permissions["submit"] == 0
    assert set(permissions) >= {"select", "read", "write", "create", "delete", "submit", "cancel", "share"}


def test_get_doc_permissions_needs_read(alice_api, articles):
    assert_frappe_error(alice_api.get(f"{C}.get_doc_permissions", {"doctype": "Article", "docname": "d1"}),
                        403, "PermissionError")


def test_get_password_is_refused_even_to_superusers(admin_api, superuser):
    for verb in (admin_api.get, admin_api.post):
        response = verb(f"{C}.get_password", {"doctype": "User", "name": "admin", "fieldname": "password"})
        assert_frappe_error(response, 403, "PermissionError", "never sent")
        assert "pbkdf2" not in response.content.decode()


def test_get_value_with_frappe_clients_null_filters_reads_the_first_row(admin_api, articles):
    response = admin_api.get(f"{C}.get_value", {"doctype": "Article", "fieldname": "name", "filters": "null"})
    assert response.status_code == 200 and response.json()["message"]["name"] in {"a1", "a2", "a3", "d1", "d2"}


def test_new_methods_need_a_login(client, articles):
    for name in ("save", "bulk_update", "attach_file", "validate_link", "has_permission", "get_doc_permissions"):
        assert client.post(f"{C}.{name}").status_code == 403
