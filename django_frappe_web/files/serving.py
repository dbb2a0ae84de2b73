"""Sending a stored file: streamed in constant memory, revalidated by ETag/Last-Modified, never run.

* Streaming: ``FileResponse`` over the open file (``wsgi.file_wrapper``/sendfile when the
  server has it), 64 KiB at a time otherwise; a 1 GB file never sits in memory.
* Conditional GET: ``ETag`` (the content hash, else mtime and size) and ``Last-Modified``,
  answered by Django's ``get_conditional_response`` (304, and 412 for failed preconditions).
* ``FRAPPE_WEB["FILE_SENDFILE"]``: an empty response with ``X-Accel-Redirect: /protected/<path>``
  (nginx) or ``X-Sendfile: <absolute path>`` (Apache), after the permission check. nginx keeps
  only a few upstream headers on that internal redirect (not ``X-Content-Type-Options`` or
  ``Content-Security-Policy``): docs/files.md gives the ``add_header`` lines it needs.
* Safety: every file is sent with ``X-Content-Type-Options: nosniff`` and
  ``Content-Security-Policy: sandbox``; types a browser would run (HTML, SVG, XML) are
  attachments, and scripts are ``application/octet-stream`` so no page can load them.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, quote_etag

from ..settings import web_settings
from ..storage import FileStorage

ACCEL_PREFIX = "/protected/"
SENDFILE_MODES = ("x-accel-redirect", "x-sendfile")
ACTIVE_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
    "text/xsl", "application/xslt+xml", "application/rdf+xml", "text/vtt",
})
SCRIPT_TYPES = frozenset({
    "text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript",
    "application/ecmascript", "application/wasm",
})


class StreamedFile(FileResponse):
    """``FileResponse`` with 64 KiB blocks: fewer Python round trips per megabyte, still constant memory."""

    block_size = 64 * 1024


@dataclass(frozen=True)
class ServedFile:
    """What to send: ``name`` in ``storage``, under ``download_name``, reachable by nginx at ``/protected/<accel_path>``."""

    storage: Storage
    name: str
    download_name: str
    accel_path: str
    etag: str = ""
    cache_control: str = "private, no-cache"
    as_attachment: bool = False


@dataclass(frozen=True)
class FileStat:
    size: int
    modified: datetime | None
    path: str | None  # on the local file system, when the storage has one


def stat_file(served: ServedFile) -> FileStat:
    """Size, modification time and local path; ``FileNotFoundError`` when nothing is stored."""
    path = local_path(served)
    if path is not None:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise FileNotFoundError(served.name)
        return FileStat(info.st_size, datetime.fromtimestamp(info.st_mtime, tz=UTC), path)
    if not served.storage.exists(served.name):
        raise FileNotFoundError(served.name)
    return FileStat(served.storage.size(served.name), modified_time(served), None)


def local_path(served: ServedFile) -> str | None:
    """The file's path when it is on this machine's file system (not for S3-like or in-memory storages)."""
    storage, name = served.storage, served.name
    if isinstance(storage, FileStorage):
        storage, name, _ = storage.route(name)
    if not isinstance(storage, FileSystemStorage):
        return None
    try:
        return storage.path(name)
    except SuspiciousFileOperation:
        raise FileNotFoundError(served.name) from None


def modified_time(served: ServedFile) -> datetime | None:
    try:
        return served.storage.get_modified_time(served.name)
    except NotImplementedError:
        return None


def serve_file(request: HttpRequest, served: ServedFile) -> HttpResponseBase:
    """The response for ``served`` (a permission check must come first); ``FileNotFoundError`` if missing."""
    info = stat_file(served)
    etag = quote_etag(served.etag or f"{int(info.modified.timestamp()) if info.modified else 0:x}-{info.size:x}")
    last_modified = int(info.modified.timestamp()) if info.modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = body_response(request, served, info)
        set_content_headers(response, served)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = served.cache_control
    return response


def body_response(request: HttpRequest, served: ServedFile, info: FileStat) -> HttpResponseBase:
    mode = web_settings.FILE_SENDFILE
    if mode in SENDFILE_MODES and info.path is not None:
        return sendfile_response(mode, served, info)
    if request.method == "HEAD":
        response = HttpResponse()
        response["Content-Length"] = str(info.size)
        return response
    handle = open(info.path, "rb") if info.path is not None else served.storage.open(served.name, "rb")  # noqa: SIM115 - FileResponse closes it
    response = StreamedFile(handle)
    response["Content-Length"] = str(info.size)
    return response


def sendfile_response(mode: str, served: ServedFile, info: FileStat) -> HttpResponse:
    """An empty response the web server fills with the file (it sets the length itself)."""
    response = HttpResponse()
    if mode == "x-accel-redirect":
        response["X-Accel-Redirect"] = quote(ACCEL_PREFIX + served.accel_path)
    else:
        response["X-Sendfile"] = info.path
    return response


def content_type(download_name: str) -> str:
    guessed, encoding = mimetypes.guess_type(download_name)
    if encoding or not guessed or guessed in SCRIPT_TYPES:
        # Compressed or script content must never be decoded or run by the browser.
        return "application/octet-stream"
    return guessed


def set_content_headers(response: HttpResponseBase, served: ServedFile) -> None:
    kind = content_type(served.download_name)
    guessed = mimetypes.guess_type(served.download_name)[0]
    attachment = served.as_attachment or kind in ACTIVE_TYPES or guessed in SCRIPT_TYPES
    response["Content-Type"] = kind
    response["Content-Disposition"] = content_disposition_header(attachment, served.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
