"""Where uploaded files are stored: one public and one private storage behind the ``File`` model.

A ``File`` row's ``file`` name is its URL path without the leading slash:

* ``files/<name>`` lives in the *public* storage, ``FRAPPE_WEB["FILE_STORAGE"]`` (a
  ``STORAGES`` alias) or Django's default storage, under a ``files/`` prefix;
* ``private/files/<name>`` lives in the *private* storage as ``<name>``:
  ``FRAPPE_WEB["PRIVATE_FILE_STORAGE"]``, else a ``FileSystemStorage`` at
  ``FRAPPE_WEB["PRIVATE_FILES_ROOT"]`` (default ``<BASE_DIR>/private/files``), a folder
  outside ``MEDIA_ROOT`` that no web server serving media can reach.

The model field takes a single storage, so :class:`FileStorage` routes each name to
the right one. It resolves the storages on every call, which keeps it right when
settings change (tests) and lets a site move files to S3-compatible storage with
django-storages by configuration alone.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages

from .settings import web_settings

PUBLIC_PREFIX = "files/"
PRIVATE_PREFIX = "private/files/"


def get_public_storage() -> Storage:
    """``FRAPPE_WEB["FILE_STORAGE"]`` (a ``STORAGES`` alias), else Django's default storage."""
    alias = web_settings.FILE_STORAGE
    return storages[alias] if alias else default_storage


def get_private_storage() -> Storage:
    """``FRAPPE_WEB["PRIVATE_FILE_STORAGE"]``, else a file-system storage at :func:`private_files_root`."""
    alias = web_settings.PRIVATE_FILE_STORAGE
    if alias:
        return storages[alias]
    return _filesystem_storage(str(private_files_root()))


def private_files_root() -> Path:
    """The folder of private files when no ``PRIVATE_FILE_STORAGE`` is set."""
    configured = web_settings.PRIVATE_FILES_ROOT
    if configured:
        return Path(configured)
    base_dir = getattr(settings, "BASE_DIR", None)
    if not base_dir:
        raise ImproperlyConfigured(
            "Private files need a folder: set FRAPPE_WEB['PRIVATE_FILES_ROOT'] (or "
            "FRAPPE_WEB['PRIVATE_FILE_STORAGE'], or BASE_DIR)."
        )
    return Path(base_dir) / "private" / "files"


@functools.lru_cache(maxsize=8)
def _filesystem_storage(location: str) -> FileSystemStorage:
    # base_url is never used: FileStorage.url() gives the permission-checked route instead.
    return FileSystemStorage(location=location, base_url="/private/files/")


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


class FileStorage(Storage):
    """The ``File.file`` storage: ``private/files/...`` names go to the private storage, the rest to the public one."""

    def route(self, name: str) -> tuple[Storage, str, str]:
        """``(storage, name inside it, prefix to put back)`` for a ``File`` name."""
        if is_private_name(name):
            return get_private_storage(), name[len(PRIVATE_PREFIX):], PRIVATE_PREFIX
        return get_public_storage(), name, ""

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        if name is None:
            name = content.name
        storage, inner, prefix = self.route(name)
        inner_max = max_length - len(prefix) if max_length else None
        return prefix + storage.save(inner, content, max_length=inner_max)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        storage, inner, prefix = self.route(name)
        inner_max = max_length - len(prefix) if max_length else None
        return prefix + storage.get_available_name(inner, max_length=inner_max)

    def _open(self, name: str, mode: str = "rb") -> IO:
        storage, inner, _ = self.route(name)
        return storage.open(inner, mode)

    def delete(self, name: str) -> None:
        storage, inner, _ = self.route(name)
        storage.delete(inner)

    def exists(self, name: str) -> bool:
        storage, inner, _ = self.route(name)
        return storage.exists(inner)

    def size(self, name: str) -> int:
        storage, inner, _ = self.route(name)
        return storage.size(inner)

    def path(self, name: str) -> str:
        storage, inner, _ = self.route(name)
        return storage.path(inner)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        storage, inner, _ = self.route(path)
        return storage.listdir(inner)

    def get_modified_time(self, name: str) -> datetime:
        storage, inner, _ = self.route(name)
        return storage.get_modified_time(inner)

    def get_created_time(self, name: str) -> datetime:
        storage, inner, _ = self.route(name)
        return storage.get_created_time(inner)

    def get_accessed_time(self, name: str) -> datetime:
        storage, inner, _ = self.route(name)
        return storage.get_accessed_time(inner)

    def url(self, name: str | None) -> str:
        """The route that serves the file with its permission check: ``/files/...`` or ``/private/files/...``."""
        return "/" + quote(name or "")


file_storage = FileStorage()


def get_file_storage() -> FileStorage:
    """The storage of ``File.file`` (see :class:`FileStorage`)."""
    return file_storage
