"""``can_read_file`` and ``resolve_attachment``: Frappe's File permission rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from django_frappe_web import frappe
from django_frappe_web.exceptions import PermissionError
from django_frappe_web.files.permissions import Attachment, attached_document, can_read_file, resolve_attachment
from django_frappe_web.models import File


def row(**fields) -> File:
    return File(file_url="/private/files/x.txt", is_private=True, **fields)


def test_public_files_are_anyones():
    assert can_read_file(File(is_private=False), AnonymousUser())


def test_private_files_never_for_guests(user):
    assert not can_read_file(row(owner=user), AnonymousUser())
    assert not can_read_file(row(owner=user), "Guest")


def test_owner_superuser_and_administrator(user, other_user, superuser):
    assert can_read_file(row(owner=user), user)
    assert can_read_file(row(owner=user), superuser)
    assert can_read_file(row(owner=user), "Administrator")
    assert not can_read_file(row(owner=user), other_user)
    assert not can_read_file(row(owner=None), other_user)


def test_readers_of_the_attached_document(other_user, draft, grant):
    attached = row(attached_to_doctype="Article", attached_to_name="draft")
    assert not can_read_file(attached, other_user)
    assert can_read_file(attached, grant(other_user, "view_article"))


def test_the_current_user_by_default(user):
    with frappe.init(user=user):
        assert can_read_file(row(owner=user))


def test_attached_document_of_unknown_doctypes_or_names_is_none(db, article):
    assert attached_document(row(attached_to_doctype="Article", attached_to_name="hello"))[1] == article
    assert attached_document(row(attached_to_doctype="Nope", attached_to_name="x")) is None
    assert attached_document(row(attached_to_doctype="Article", attached_to_name="gone")) is None
    assert attached_document(row()) is None


def test_resolve_attachment_normalises_names(superuser, article):
    assert resolve_attachment("article", "hello", "body", superuser) == Attachment("Article", "hello", "body")
    assert resolve_attachment(None, None, None, superuser) == Attachment()


def test_resolve_attachment_needs_write(user, article, grant):
    with pytest.raises(PermissionError):
        resolve_attachment("Article", "hello", user=grant(user, "view_article"))
    assert resolve_attachment("Article", "hello", user=grant(user, "change_article")).name == "hello"
    assert resolve_attachment("Article", "hello", user=AnonymousUser(), ignore_permissions=True).doctype == "Article"
