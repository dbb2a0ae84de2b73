"""Storing uploads: :func:`save_uploaded_file` (the one entry point), ``file_url`` rows, privacy changes.

Nothing is stored unless every check of :mod:`.validation` and the target document's
permission pass; identical content is stored once. The steps are in docs/files.md.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ..exceptions import DoesNotExistError, ValidationError
from ..faults import on_commit_safe
from ..local import resolve_user
from ..models import File
from ..storage import PRIVATE_PREFIX, PUBLIC_PREFIX, file_storage, is_private_name
from .permissions import Attachment, can_read_file, resolve_attachment
from .utils import content_hash, file_url_for, storage_name, url_name, validate_file_name, with_hash_suffix
from .validation import (
    REMOTE_PREFIXES,
    check_can_upload,
    clean_file_url,
    clean_folder,
    prepare_upload_request,
    validate_upload,
)

# docs/files.md promises ``django_frappe_web.files.uploads.prepare_upload_request`` next to
# ``save_uploaded_file``; it lives with the other limits in .validation.
__all__ = ["attach_file_url", "prepare_upload_request", "save_uploaded_file", "set_privacy", "store_upload"]


# -- storing ------------------------------------------------------------------------------


def save_uploaded_file(
    uploaded: UploadedFile,
    *,
    is_private: bool = False,
    folder: str | None = "Home",
    doctype: str | None = None,
    docname: Any = None,
    fieldname: str | None = None,
    user: Any = None,
    file_name: str | None = None,
    ignore_permissions: bool = False,
) -> File:
    """Validate and store an uploaded file, returning its saved ``File`` row.

    The one entry point for uploads (the API, web-form Attach fields, the admin).
    ``user`` defaults to the current user; guests are refused unless the caller has
    decided otherwise (``ignore_permissions=True``, e.g. an anonymous web form that
    just created ``docname``), which also skips the write check on the document.
    Raises 413/417/404/403 Frappe errors, after which nothing has been stored.
    """
    user = resolve_user(user)
    check_can_upload(user, ignore_permissions)
    name = validate_upload(uploaded, file_name)
    attachment = resolve_attachment(doctype, docname, fieldname, user, ignore_permissions)
    row = new_row(name, is_private, folder, attachment, user)
    return store_upload(row, uploaded)


def new_row(name: str, is_private: bool, folder: Any, attachment: Attachment, user: Any) -> File:
    return File(
        file_name=name,
        is_private=bool(is_private),
        folder=clean_folder(folder),
        attached_to_doctype=attachment.doctype,
        attached_to_name=attachment.name,
        attached_to_field=attachment.fieldname,
        owner=user if getattr(user, "pk", None) is not None else None,
    )


def store_upload(row: File, uploaded: UploadedFile) -> File:
    """Hash ``uploaded``, reuse an identical stored file or store it under a unique name, and save ``row``."""
    row.content_hash = content_hash(uploaded.chunks())
    row.file_size = uploaded.size
    uploaded.seek(0)
    duplicate = find_duplicate(row)
    if duplicate is not None:
        return save_row(row, duplicate.file.name)
    stored = file_storage.save(unique_name(storage_name(row.file_name, row.is_private), row.content_hash), uploaded,
                               max_length=File._meta.get_field("file").max_length)
    try:
        return save_row(row, stored)
    except BaseException:
        file_storage.delete(stored)
        raise


def save_row(row: File, stored_name: str) -> File:
    row.file = stored_name
    row.file_url = file_url_for(stored_name)
    row.save()
    return row


def find_duplicate(row: File) -> File | None:
    """An existing row whose stored file has the same content (Frappe reuses its URL).

    Public files are shared site-wide; private ones only among the same owner's files,
    so a shared URL never tells one user the name of another's private file.
    """
    candidates = File.objects.filter(content_hash=row.content_hash, is_private=row.is_private).exclude(file="")
    if row.is_private:
        candidates = candidates.filter(owner_id=row.owner_id)
    for candidate in candidates.order_by("pk")[:5]:
        if file_storage.exists(candidate.file.name):
            return candidate
    return None


def unique_name(name: str, digest: str) -> str:
    """``name``, or Frappe's hash-suffixed variant when taken (storage.save settles any last race)."""
    return name if not file_storage.exists(name) else with_hash_suffix(name, digest)


# -- file_url uploads ---------------------------------------------------------------------


def attach_file_url(
    file_url: str,
    *,
    is_private: bool = False,
    folder: str | None = "Home",
    doctype: str | None = None,
    docname: Any = None,
    fieldname: str | None = None,
    user: Any = None,
    file_name: str | None = None,
    ignore_permissions: bool = False,
) -> File:
    """A ``File`` row for an existing URL: a remote ``http(s)`` link, or a stored file the user may read."""
    user = resolve_user(user)
    check_can_upload(user, ignore_permissions)
    url = clean_file_url(file_url)
    attachment = resolve_attachment(doctype, docname, fieldname, user, ignore_permissions)
    if url.startswith(REMOTE_PREFIXES):
        name = validate_file_name(file_name or remote_file_name(url))
        row = new_row(name, is_private, folder, attachment, user)
        row.file_url = url
        row.save()
        return row
    source = readable_stored_file(url, user)
    row = new_row(source.file_name, is_private_name(source.file.name), folder, attachment, user)
    row.content_hash, row.file_size = source.content_hash, source.file_size
    return save_row(row, source.file.name)


def remote_file_name(url: str) -> str:
    return unquote(os.path.basename(urlsplit(url).path)) or urlsplit(url).netloc


def readable_stored_file(url: str, user: Any) -> File:
    """A row of the stored file at ``url`` that ``user`` may read; 404 otherwise (existence is not told)."""
    prefix = "/private/files/" if url.startswith("/private/files/") else "/files/"
    if url_name(url[len(prefix):]) is None:
        raise ValidationError(_("The file URL is not valid."))
    for row in File.objects.filter(file_url=url).exclude(file="").order_by("pk"):
        if can_read_file(row, user) and file_storage.exists(row.file.name):
            return row
    raise DoesNotExistError(_("File {url} not found").format(url=url))


# -- privacy changes (the admin) ---------------------------------------------------------


def set_privacy(row: File, is_private: bool) -> None:
    """Make ``row`` private or public, moving its stored file to the other storage.

    A stored file shared with other rows is copied, not moved: they keep theirs.
    """
    row.is_private = bool(is_private)
    old = row.file.name
    if not old or is_private_name(old) == row.is_private:
        return
    prefix = PRIVATE_PREFIX if row.is_private else PUBLIC_PREFIX
    with file_storage.open(old, "rb") as content:
        new = file_storage.save(unique_name(prefix + old.rsplit("/", 1)[-1], row.content_hash), content,
                                max_length=File._meta.get_field("file").max_length)
    row.file, row.file_url = new, file_url_for(new)
    if not File.objects.filter(file=old).exclude(pk=row.pk).exists():
        on_commit_safe(lambda: file_storage.delete(old), f"deleting the replaced file {old}")
