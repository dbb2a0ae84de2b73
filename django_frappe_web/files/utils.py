"""File names, URLs and content hashes: the rules every upload and every file route share."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from ..settings import web_settings
from ..storage import PRIVATE_PREFIX, PUBLIC_PREFIX

MAX_NAME_LENGTH = 255
# File systems allow 255 *bytes* per name; this leaves room for Frappe's "-1a2b3c" suffix
# (a taken name) and the "_AbC1234" Django's storage adds when it loses a race.
MAX_STORED_NAME_BYTES = 200
SIZE_UNITS = ("bytes", "KB", "MB", "GB", "TB")


class InvalidFileName(ValidationError):
    """A file name that is empty, too long, or names a path instead of a file."""


def name_problem(name: Any) -> str | None:
    """Why ``name`` cannot be a file name (a path, control characters, too long), or ``None``.

    Checked on the name the client sent, before anything is stored, so an attempt
    like ``../../etc/passwd`` is refused rather than silently renamed.
    """
    if not isinstance(name, str) or not name.strip():
        return _("A file name is required.")
    if any(unicodedata.category(char) == "Cc" for char in name):
        return _("The file name contains control characters.")
    if "/" in name or "\\" in name or name.strip() in (".", "..") or _has_drive(name):
        return _("The file name must be a name, not a path.")
    if len(name) > MAX_NAME_LENGTH:
        return _("The file name is too long (at most {limit} characters).").format(limit=MAX_NAME_LENGTH)
    return None


def _has_drive(name: str) -> bool:
    # "C:evil.txt" is a relative path on another drive under Windows.
    return len(name) >= 2 and name[1] == ":" and name[0].isalpha()


def validate_file_name(name: Any) -> str:
    """``name`` stripped and NFC-normalised, or :class:`InvalidFileName` (417)."""
    problem = name_problem(name)
    if problem:
        raise InvalidFileName(problem)
    return unicodedata.normalize("NFC", name.strip())


def extension(name: str) -> str:
    """The extension without the dot, lower-cased (``"pdf"``), or ``""``."""
    return os.path.splitext(name)[1][1:].lower()


def allowed_extensions() -> list[str]:
    return [ext.lower().lstrip(".") for ext in web_settings.ALLOWED_FILE_EXTENSIONS]


def validate_extension(name: str) -> None:
    """Refuse ``name`` (417) when ``ALLOWED_FILE_EXTENSIONS`` is set and does not list its extension."""
    allowed = allowed_extensions()
    if allowed and extension(name) not in allowed:
        shown = f".{extension(name)} files" if extension(name) else "Files without an extension"
        raise ValidationError(_("{shown} are not allowed. Allowed: {allowed}.").format(
            shown=shown, allowed=', '.join(sorted(allowed))))


def storage_name(display_name: str, is_private: bool) -> str:
    """The ``File.file`` name for a new upload: a safe, short version of its name under the right prefix.

    ``"file"`` when nothing of the name is safe (``"@@"``).
    """
    try:
        safe = shorten(get_valid_filename(display_name)) if display_name else ""
    except SuspiciousFileOperation:  # nothing left of the name
        safe = ""
    return (PRIVATE_PREFIX if is_private else PUBLIC_PREFIX) + (safe or "file")


def shorten(name: str, limit: int = MAX_STORED_NAME_BYTES) -> str:
    """``name`` cut to ``limit`` bytes of UTF-8, keeping a (short) extension."""
    if len(name.encode()) <= limit:
        return name
    stem, ext = os.path.splitext(name)
    if len(ext.encode()) > limit // 4:
        stem, ext = name, ""
    return stem.encode()[: limit - len(ext.encode())].decode("utf-8", "ignore") + ext


def with_hash_suffix(name: str, content_hash: str) -> str:
    """``report.pdf`` → ``report-1a2b3c.pdf``: Frappe's way to keep two uploads of one name apart."""
    stem, ext = os.path.splitext(name)
    return f"{stem}-{content_hash[:6]}{ext}"


def file_url_for(name: str) -> str:
    """The URL of a stored ``File`` name: ``files/a.pdf`` → ``/files/a.pdf``."""
    return "/" + name


def url_name(path: str) -> str | None:
    """The part of a ``/files/`` or ``/private/files/`` URL path after the prefix, if it is safe.

    Safe means: non-empty segments, none of them ``.`` or ``..``, no backslash, no
    control characters. Anything else is ``None`` (and answered 404 by the views).
    """
    if not path or "\\" in path or any(unicodedata.category(char) == "Cc" for char in path):
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return None
    return path


def content_hash(chunks: Iterable[bytes]) -> str:
    """SHA-256 of the content, read chunk by chunk (constant memory)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def human_size(size: int) -> str:
    """``10485760`` → ``"10 MB"``: sizes in messages (1 MB = 1024 × 1024 bytes, as Frappe)."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(SIZE_UNITS) - 1:
        value /= 1024
        unit += 1
    return f"{round(value, 1):g} {SIZE_UNITS[unit]}"
