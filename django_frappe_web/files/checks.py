"""System checks for the files settings.

=============================  ==========================================================
``django_frappe_web.E020``     FILE_STORAGE / PRIVATE_FILE_STORAGE is not a ``STORAGES`` alias
``django_frappe_web.E021``     FILE_SENDFILE is not ``None``, ``"x-accel-redirect"`` or ``"x-sendfile"``
``django_frappe_web.E022``     private files would be stored where media or static files are served
``django_frappe_web.E023``     no folder for private files (no PRIVATE_FILES_ROOT and no BASE_DIR)
``django_frappe_web.W020``     BACKUP_DIR is not an existing folder
=============================  ==========================================================
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning
from django.core.exceptions import ImproperlyConfigured

from ..settings import web_settings
from ..storage import get_private_storage, get_public_storage
from ..website.paths import is_inside
from .serving import SENDFILE_MODES


def check_file_settings(app_configs: Any = None, **kwargs: Any) -> list:
    errors = storage_alias_errors() + sendfile_errors() + backup_dir_warnings()
    if not errors:
        errors += private_location_errors()
    return errors


def storage_alias_errors() -> list:
    errors = []
    for key in ("FILE_STORAGE", "PRIVATE_FILE_STORAGE"):
        alias = getattr(web_settings, key)
        if alias and alias not in settings.STORAGES:
            errors.append(Error(
                f"FRAPPE_WEB[{key!r}] is {alias!r}, which is not in STORAGES.",
                hint=f"Use one of: {', '.join(settings.STORAGES)}, or None.",
                id="django_frappe_web.E020",
            ))
    return errors


def sendfile_errors() -> list:
    mode = web_settings.FILE_SENDFILE
    if mode is None or mode in SENDFILE_MODES:
        return []
    return [Error(
        f"FRAPPE_WEB['FILE_SENDFILE'] is {mode!r}.",
        hint='Use None, "x-accel-redirect" (nginx) or "x-sendfile" (Apache mod_xsendfile).',
        id="django_frappe_web.E021",
    )]


def backup_dir_warnings() -> list:
    folder = web_settings.BACKUP_DIR
    if folder is None or os.path.isdir(folder):
        return []
    return [Warning(
        f"FRAPPE_WEB['BACKUP_DIR'] ({folder}) is not a folder: /backups/ answers 404.",
        hint="Create the folder or point BACKUP_DIR at an existing one.",
        id="django_frappe_web.W020",
    )]


def private_location_errors() -> list:
    alias = web_settings.PRIVATE_FILE_STORAGE
    if alias and alias == web_settings.FILE_STORAGE:
        return [_served_error(f"the public storage {alias!r}")]
    try:
        location = getattr(get_private_storage(), "location", None)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Add PRIVATE_FILES_ROOT to FRAPPE_WEB, outside MEDIA_ROOT.",
                      id="django_frappe_web.E023")]
    if location is None:
        return []  # a remote storage: its own access rules apply
    served_folders = [(setting, getattr(settings, setting, None)) for setting in ("MEDIA_ROOT", "STATIC_ROOT")]
    if web_settings.FILE_STORAGE:  # /files/ (and any web server) serves this storage
        served_folders.append((f"the public storage {web_settings.FILE_STORAGE!r}",
                               getattr(get_public_storage(), "location", None)))
    for where, served in served_folders:
        if served and is_inside(location, served):
            return [_served_error(f"{where} ({served})")]
    return []


def _served_error(where: str) -> Error:
    return Error(
        f"Private files would be stored in {where}, which a web server may serve to anyone.",
        hint="Set FRAPPE_WEB['PRIVATE_FILES_ROOT'] (or PRIVATE_FILE_STORAGE) to a folder outside MEDIA_ROOT and STATIC_ROOT.",
        id="django_frappe_web.E022",
    )
