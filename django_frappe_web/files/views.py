"""File routes, served before the website (as in Frappe's ``app.py``).

* ``/files/<name>``: public files, to anyone.
* ``/private/files/<name>``: a guest always gets 403; a logged-in user gets the file if
  any ``File`` row of that URL lets them read it (owner, superuser, or read permission on
  the attached document), 403 if it is attached to a document they may not read, and
  404 otherwise, so the private files of others are not revealed.
* ``/backups/<name>``: files in ``FRAPPE_WEB["BACKUP_DIR"]``, to superusers only.

A row whose stored file is missing is a 404, logged as a warning.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import api_keys
from ..exceptions import DoesNotExistError, PermissionError
from ..models import File
from ..settings import web_settings
from ..storage import PRIVATE_PREFIX, PUBLIC_PREFIX, file_storage
from ..website.paths import is_inside
from .permissions import attached_document, can_read_file
from .serving import ServedFile, serve_file
from .utils import file_url_for, url_name

logger = logging.getLogger("django_frappe_web.files")

NO_PERMISSION = "You don't have permission to access this file"


@require_safe
def public_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A public file; served even without a ``File`` row, as Frappe serves its public folder."""
    stored = PUBLIC_PREFIX + safe_name(name)
    row = File.objects.filter(file_url=file_url_for(stored), is_private=False).order_by("pk").first()
    served = ServedFile(
        storage=file_storage,
        name=stored,
        download_name=row.file_name if row else os.path.basename(stored),
        accel_path=stored,
        etag=row.content_hash if row else "",
        cache_control="public, no-cache",
    )
    return serve_or_404(request, served, row)


@require_safe
def private_file(request: HttpRequest, name: str) -> HttpResponseBase:
    user = request_user(request)
    if not user.is_authenticated:
        raise PermissionError(NO_PERMISSION)
    stored = PRIVATE_PREFIX + safe_name(name)
    rows = list(File.objects.filter(file_url=file_url_for(stored), is_private=True).order_by("pk"))
    row = next((row for row in rows if can_read_file(row, user)), None)
    if row is None:
        if any(attached_document(row) is not None for row in rows):
            raise PermissionError(NO_PERMISSION)
        raise DoesNotExistError(_("File {name} not found").format(name=name))
    served = ServedFile(
        storage=file_storage,
        name=row.file.name,
        download_name=row.file_name or os.path.basename(stored),
        accel_path=row.file.name,
        etag=row.content_hash,
    )
    return serve_or_404(request, served, row)


@require_safe
def backup_file(request: HttpRequest, name: str) -> HttpResponseBase:
    user = request_user(request)
    if not user.is_authenticated or not user.is_superuser:
        raise PermissionError(_("Only a System Manager may download backups"))
    root = web_settings.BACKUP_DIR
    name = safe_name(name)
    if not root or not is_inside(os.path.join(root, name), root):
        raise DoesNotExistError(_("Backup {name} not found").format(name=name))
    served = ServedFile(
        storage=FileSystemStorage(location=root),
        name=name,
        download_name=os.path.basename(name),
        accel_path=f"backups/{name}",
        cache_control="private, no-store",
        as_attachment=True,
    )
    return serve_or_404(request, served, None)


def safe_name(name: str) -> str:
    """The path after the route prefix, or a 404 for ``..``, empty segments, backslashes or control characters."""
    cleaned = url_name(name)
    if cleaned is None:
        raise DoesNotExistError(_("File not found"))
    return cleaned


def serve_or_404(request: HttpRequest, served: ServedFile, row: File | None) -> HttpResponseBase:
    try:
        return serve_file(request, served)
    except FileNotFoundError:
        if row is not None:
            logger.warning("File %s (%s) points at a stored file that is missing: %s", row.pk, row.file_url, served.name)
        raise DoesNotExistError(_("File {download_name} not found").format(
            download_name=served.download_name)) from None


def request_user(request: HttpRequest) -> Any:
    """The session's user, or the owner of an API key sent as ``Authorization: token key:secret``.

    Frappe clients fetch private files with the same credentials as the API.
    """
    user = request.user
    if user.is_authenticated:
        return user
    result = api_keys.authenticate_header(request.META.get("HTTP_AUTHORIZATION"))
    return result[0] if result else user
