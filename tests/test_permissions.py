"""Users and roles: frappe.get_user, get_roles, is_system_user, doctype permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from django_frappe_web import frappe
from django_frappe_web.permissions import is_system_user

pytestmark = pytest.mark.django_db


def test_guest_roles_and_rights():
    info = frappe.get_user("Guest")
    assert info.name == "Guest"
    assert info.roles == ["Guest"]
    assert sorted(info.can_read) == ["Article", "Category", "Web Page"]  # allow_guest_to_view doctypes
    assert info.can_write == info.can_create == info.can_delete == []


def test_user_roles_from_groups(user):
    group = Group.objects.create(name="Editors")
    user.groups.add(group)
    assert frappe.get_roles("alice") == ["All", "Guest", "Editors"]


def test_user_rights_from_model_permissions(user):
    user.user_permissions.add(
        Permission.objects.get(codename="view_note"),
        Permission.objects.get(codename="add_note"),
        Permission.objects.get(codename="change_article"),
    )
    info = frappe.get_user("alice")
    assert "Note" in info.can_read and "Note" in info.can_create
    assert "Note" not in info.can_write and "Note" not in info.can_delete
    assert "Article" in info.can_write
    assert "User" not in info.can_read


def test_superuser_is_administrator(superuser):
    info = frappe.get_user(superuser.username)
    assert {"Administrator", "System Manager", "All"} <= set(info.roles)
    assert "Note" in info.can_delete
    assert "User" in info.can_read and "User" not in info.can_write  # User is read-only


def test_is_system_user(user, staff_user, superuser):
    assert not is_system_user("Guest")
    assert not is_system_user(user)
    assert is_system_user(staff_user)
    assert is_system_user(superuser)
    with frappe.init(user=staff_user):
        assert is_system_user()
