"""Where uploaded files are stored (the files feature refines this)."""

from __future__ import annotations

from django.core.files.storage import Storage, default_storage, storages

from .settings import web_settings


def get_file_storage() -> Storage:
    """``FRAPPE_WEB["FILE_STORAGE"]`` (a ``STORAGES`` alias), else Django's default storage."""
    alias = web_settings.FILE_STORAGE
    return storages[alias] if alias else default_storage
