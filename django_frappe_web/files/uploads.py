"""Uploads: ``POST /api/method/upload_file`` (Frappe's handler) and :func:`save_uploaded_file` for web forms.

Every upload goes through the same steps, in this order, so nothing is stored
unless all of them pass:

1. the size limit (``FRAPPE_WEB["MAX_FILE_SIZE"]``, 413) and the file name (417);
2. ``ALLOWED_FILE_EXTENSIONS`` (417);
3. the target document: it exists (404) and the user may write it (403);
4. the content hash: identical content already stored is reused, not stored twice;
5. a unique, sanitised name in the public or private storage, then the ``File`` row.

When :func:`prepare_upload_request` runs before anything reads the request body,
the limit is enforced *while the body streams in*: a body whose Content-Length is
over the limit is not read at all, a file that grows past it is cut off mid-stream,
and the part already received is deleted by Django's parser. File names that are
paths (``../x``), contain control characters (NUL) or are longer than 255 characters
are refused then too, before Django would quietly shorten them.
"""

from __future__ import annotations

import html
import os
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from ..exceptions import DoesNotExistError, PermissionError, RequestEntityTooLargeError, ValidationError
from ..faults import on_commit_safe
from ..local import get_local, resolve_user
from ..models import File
from ..settings import web_settings
from ..storage import PRIVATE_PREFIX, PUBLIC_PREFIX, file_storage, is_private_name
from ..utils import sbool
from ..whitelist import alias, whitelist
from .permissions import Attachment, can_read_file, resolve_attachment
from .utils import (
    InvalidFileName,
    content_hash,
    file_url_for,
    human_size,
    name_problem,
    storage_name,
    url_name,
    validate_extension,
    validate_file_name,
    with_hash_suffix,
)

# Room for the multipart boundaries and the small form fields next to the file.
BODY_OVERHEAD = 64 * 1024
MAX_FOLDER_LENGTH = 255
MAX_URL_LENGTH = 1000
REMOTE_PREFIXES = ("http://", "https://")


def max_file_size() -> int:
    return web_settings.MAX_FILE_SIZE


def too_large_error() -> RequestEntityTooLargeError:
    return RequestEntityTooLargeError(
        f"File size exceeded the maximum allowed size of {human_size(max_file_size())}", title="File too large"
    )


# -- streaming limits -----------------------------------------------------------------


class UploadGuard(FileUploadHandler):
    """The only upload handler :func:`prepare_upload_request` installs; it runs Django's parser itself.

    Taking over ``handle_raw_input`` (Django's documented hook for it) lets the guard
    refuse an oversized body unread and see file names before Django sanitises them.
    The real work is then done by :class:`FileSizeLimit` and the project's own
    ``FILE_UPLOAD_HANDLERS`` (memory or temporary file, as configured).
    """

    def __init__(self, request: HttpRequest, handlers: list[FileUploadHandler], max_size: int):
        super().__init__(request)
        self.max_size = max_size
        self.handlers = [FileSizeLimit(self, request), *handlers]
        self.too_large = False
        self.bad_names: list[str] = []

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.max_size + BODY_OVERHEAD:
            self.too_large = True
            return QueryDict(encoding=encoding), MultiValueDict()
        parser = NameCheckingParser(META, input_data, self.handlers, encoding, on_bad_name=self.bad_names.append)
        return parser.parse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data  # never reached: handle_raw_input always parses

    def file_complete(self, file_size: int) -> None:
        return None


class FileSizeLimit(FileUploadHandler):
    """Stops the upload as soon as one file passes ``MAX_FILE_SIZE``; Django then deletes the partial file."""

    def __init__(self, guard: UploadGuard, request: HttpRequest):
        super().__init__(request)
        self.guard = guard

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length is not None and content_length > self.guard.max_size:
            self.stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.guard.max_size:
            self.stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def stop(self) -> None:
        self.guard.too_large = True
        # The rest of the body is drained (it is at most BODY_OVERHEAD past the limit), so
        # the client reads a clean 413 instead of a reset connection.
        raise StopUpload(connection_reset=False)


class NameCheckingParser(MultiPartParser):
    """Django's multipart parser, reporting (and skipping) file names that are paths or too long."""

    def __init__(self, *args: Any, on_bad_name, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.on_bad_name = on_bad_name

    def sanitize_file_name(self, file_name: str) -> str | None:
        if file_name and name_problem(html.unescape(file_name)):
            self.on_bad_name(file_name)
            return None
        return super().sanitize_file_name(file_name)


def prepare_upload_request(request: HttpRequest) -> bool:
    """Enforce the upload limits while ``request``'s body is read; call before anything reads it.

    Returns ``False`` when the body was read already (e.g. by CSRF middleware): the
    limits are then still enforced, after parsing and before anything is stored.
    """
    if find_guard(request) is not None:
        return True
    guard = UploadGuard(request, list(request.upload_handlers), max_file_size())
    try:
        request.upload_handlers = [guard]
    except AttributeError:  # Django refuses once the upload has been processed
        return False
    return True


def find_guard(request: HttpRequest) -> UploadGuard | None:
    return next((h for h in request.upload_handlers if isinstance(h, UploadGuard)), None)


def check_upload_guard(request: HttpRequest) -> None:
    """Raise what the guard saw while the body was parsed: 413 for a size, 417 for a name."""
    guard = find_guard(request)
    if guard is None:
        return
    if guard.too_large:
        raise too_large_error()
    if guard.bad_names:
        raise InvalidFileName(name_problem(html.unescape(guard.bad_names[0])))


# -- validation ---------------------------------------------------------------------------


def check_size(size: int) -> None:
    if size > max_file_size():
        raise too_large_error()


def validate_upload(uploaded: UploadedFile, file_name: str | None = None) -> str:
    """Size, name and extension of an upload; returns the (display) file name."""
    check_size(uploaded.size)
    name = validate_file_name(uploaded.name if file_name is None else file_name)
    validate_extension(name)
    return name


def clean_folder(folder: Any) -> str:
    folder = (folder or "Home").strip() if isinstance(folder, str) else "Home"
    if len(folder) > MAX_FOLDER_LENGTH or any(ord(char) < 32 for char in folder):
        raise ValidationError(f"The folder must be a name of at most {MAX_FOLDER_LENGTH} characters.")
    return folder


def check_can_upload(user: Any, ignore_permissions: bool) -> None:
    if not ignore_permissions and not getattr(user, "is_authenticated", False):
        raise PermissionError("Log in to upload files")


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


def clean_file_url(file_url: Any) -> str:
    """A remote URL as sent; a local one percent-decoded, as ``File.file_url`` holds it."""
    url = file_url if isinstance(file_url, str) else ""
    if not url.startswith(REMOTE_PREFIXES):
        url = unquote(url)
    if not url or len(url) > MAX_URL_LENGTH or any(ord(char) < 33 for char in url):
        raise ValidationError("file_url must be a URL without spaces or control characters.")
    if not url.startswith((*REMOTE_PREFIXES, "/files/", "/private/files/")):
        raise ValidationError("file_url must start with http://, https://, /files/ or /private/files/.")
    return url


def remote_file_name(url: str) -> str:
    return unquote(os.path.basename(urlsplit(url).path)) or urlsplit(url).netloc


def readable_stored_file(url: str, user: Any) -> File:
    """A row of the stored file at ``url`` that ``user`` may read; 404 otherwise (existence is not told)."""
    prefix = "/private/files/" if url.startswith("/private/files/") else "/files/"
    if url_name(url[len(prefix):]) is None:
        raise ValidationError("The file URL is not valid.")
    for row in File.objects.filter(file_url=url).exclude(file="").order_by("pk"):
        if can_read_file(row, user) and file_storage.exists(row.file.name):
            return row
    raise DoesNotExistError(f"File {url} not found")


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


# -- the API --------------------------------------------------------------------------------


def as_flag(value: Any) -> bool:
    """Frappe clients send ``1``/``0``; frappe-js-sdk once sent ``TRUE``."""
    flag = sbool(value)
    return flag if isinstance(flag, bool) else bool(flag)


def file_as_dict(row: File) -> dict[str, Any]:
    """The ``File`` document as Frappe's ``upload_file`` answers it."""
    return {
        "doctype": "File",
        "name": row.pk,
        "file_name": row.file_name,
        "file_url": row.file_url,
        "is_private": int(row.is_private),
        "folder": row.folder,
        "attached_to_doctype": row.attached_to_doctype or None,
        "attached_to_name": row.attached_to_name or None,
        "attached_to_field": row.attached_to_field or None,
        "owner": row.owner.get_username() if row.owner_id else "Guest",
        "file_size": row.file_size,
        "content_hash": row.content_hash,
        "creation": frappe_datetime(row.creation),
        "modified": frappe_datetime(row.modified),
    }


def frappe_datetime(value: Any) -> str | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@whitelist(methods=["POST"])
def upload_file(**kwargs: Any) -> dict[str, Any]:
    """Frappe's ``upload_file``: multipart ``file`` (or ``file_url``), ``is_private``, ``folder``,
    ``doctype``, ``docname``, ``fieldname``; answers the new ``File`` document."""
    local = get_local()
    request = local.request
    if request is None:
        raise ValidationError("upload_file needs a request")
    prepare_upload_request(request)
    try:
        uploaded = request.FILES.get("file")  # parses the body, with the guard when it was installed in time
    except MultiPartParserError as exc:
        raise ValidationError(f"The form data could not be read: {exc}") from None
    check_upload_guard(request)
    form = local.form_dict
    options = {
        "is_private": as_flag(form.get("is_private")),
        "folder": form.get("folder"),
        "doctype": form.get("doctype"),
        "docname": form.get("docname"),
        "fieldname": form.get("fieldname"),
        "user": local.user,
    }
    if uploaded is not None:
        return file_as_dict(save_uploaded_file(uploaded, **options))
    if form.get("file_url"):
        return file_as_dict(attach_file_url(form.get("file_url"), file_name=form.get("file_name"), **options))
    raise ValidationError("No file attached")


# The API calls this with the Django request before it authenticates or reads the body
# (see docs/files.md), so the limits apply while the upload streams in.
upload_file.prepare_request = prepare_upload_request

alias("upload_file", upload_file)
alias("frappe.handler.upload_file", upload_file)
