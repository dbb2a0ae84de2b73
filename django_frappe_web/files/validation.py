"""Validation of an upload: the size limit (also while the body streams in), names, extensions, folders, URLs.

Every check raises the Frappe error the client gets (413 for a size, 417 otherwise)
before anything is stored; the order of the checks is in docs/files.md ("Uploading").
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import unquote

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from ..exceptions import PermissionError, RequestEntityTooLargeError, ValidationError
from ..settings import web_settings
from .utils import InvalidFileName, human_size, name_problem, validate_extension, validate_file_name

# Room for the multipart boundaries and the small form fields next to the file.
BODY_OVERHEAD = 64 * 1024
MAX_FOLDER_LENGTH = 255
MAX_URL_LENGTH = 1000
REMOTE_PREFIXES = ("http://", "https://")


def max_file_size() -> int:
    return web_settings.MAX_FILE_SIZE


def too_large_error() -> RequestEntityTooLargeError:
    return RequestEntityTooLargeError(
        _("File size exceeded the maximum allowed size of {size}").format(size=human_size(max_file_size())),
        title=_("File too large"),
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


# -- checks on the parsed upload ----------------------------------------------------------


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
        raise ValidationError(_("The folder must be a name of at most {limit} characters.").format(
            limit=MAX_FOLDER_LENGTH))
    return folder


def check_can_upload(user: Any, ignore_permissions: bool) -> None:
    if not ignore_permissions and not getattr(user, "is_authenticated", False):
        raise PermissionError(_("Log in to upload files"))


def clean_file_url(file_url: Any) -> str:
    """A remote URL as sent; a local one percent-decoded, as ``File.file_url`` holds it."""
    url = file_url if isinstance(file_url, str) else ""
    if not url.startswith(REMOTE_PREFIXES):
        url = unquote(url)
    if not url or len(url) > MAX_URL_LENGTH or any(ord(char) < 33 for char in url):
        raise ValidationError(_("file_url must be a URL without spaces or control characters."))
    if not url.startswith((*REMOTE_PREFIXES, "/files/", "/private/files/")):
        raise ValidationError(_("file_url must start with http://, https://, /files/ or /private/files/."))
    return url
