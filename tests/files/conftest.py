"""Fixtures for the files tests: media, private and backup folders under ``tmp_path``, uploads, rows.

Nothing here writes into the repository: every test that stores a file runs with
``MEDIA_ROOT`` and ``FRAPPE_WEB["PRIVATE_FILES_ROOT"]`` pointing into its own ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from django_frappe_web.files.uploads import save_uploaded_file
from django_frappe_web.models import File
from tests.testapp.models import Article


class Dirs:
    def __init__(self, root: Path):
        self.root = root
        self.media = root / "media"
        self.private = root / "private" / "files"
        self.backups = root / "backups"
        self.upload_tmp = root / "upload-tmp"
        for folder in (self.media, self.private, self.backups, self.upload_tmp):
            folder.mkdir(parents=True)

    @property
    def public(self) -> Path:
        return self.media / "files"

    def stored(self) -> list[str]:
        """Every file under media/ and private/, relative to the tmp root (what is on disk)."""
        return sorted(str(p.relative_to(self.root)) for folder in (self.media, self.private)
                      for p in folder.rglob("*") if p.is_file())


def frappe_web(dirs: Dirs, **extra) -> dict:
    return {"PRIVATE_FILES_ROOT": str(dirs.private), "BACKUP_DIR": str(dirs.backups), **extra}


@pytest.fixture
def dirs(tmp_path, db):
    """Media, private and backup folders in ``tmp_path``, and Django's upload temp dir too."""
    folders = Dirs(tmp_path)
    with override_settings(MEDIA_ROOT=str(folders.media), FILE_UPLOAD_TEMP_DIR=str(folders.upload_tmp),
                           FRAPPE_WEB=frappe_web(folders)):
        yield folders


@pytest.fixture
def file_settings(dirs):
    """``file_settings(MAX_FILE_SIZE=..., ...)``: FRAPPE_WEB for the rest of the test, on top of ``dirs``."""
    stack = []

    def apply(**extra):
        override = override_settings(FRAPPE_WEB=frappe_web(dirs, **extra))
        override.enable()
        stack.append(override)

    yield apply
    for override in reversed(stack):
        override.disable()


@pytest.fixture
def article(db, user):
    return Article.objects.create(title="Hello", slug="hello", published=True, owner=user)


@pytest.fixture
def draft(db, user):
    return Article.objects.create(title="Draft", slug="draft", published=False, owner=user)


def upload(content: bytes = b"hello", name: str = "hello.txt", **options) -> File:
    """``save_uploaded_file`` of an in-memory upload (``user=`` and the rest as keywords)."""
    return save_uploaded_file(SimpleUploadedFile(name, content), **options)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def grant(db):
    """``grant(user, "view_article", ...)``: Django model permissions of the test app."""
    from django.contrib.auth.models import Permission

    def give(user, *codenames):
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return type(user).objects.get(pk=user.pk)  # drop the permission cache

    return give


BOUNDARY = "----frappeTestBoundary7MA4YWxkTrZu0gW"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(fields: dict | None = None, files: list[tuple[str, str, bytes]] | None = None) -> bytes:
    """A multipart body with file names exactly as given (Django's test client keeps only their basename)."""
    parts = []
    for key, value in (fields or {}).items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for field, filename, content in files or []:
        head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n")
        parts.append(head.encode("utf-8", "surrogateescape") + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def call_upload(user, fields: dict | None = None, files: list | None = None, body: bytes | None = None):
    """``upload_file()`` in a request context built from a raw multipart body, as the API will call it."""
    from django.test import RequestFactory

    from django_frappe_web import frappe
    from django_frappe_web.files.handler import upload_file

    request = RequestFactory().generic("POST", "/api/method/upload_file", body if body is not None else
                                       multipart(fields, files), content_type=MULTIPART)
    request.user = user
    with frappe.init(request=request, user=user):
        try:
            return upload_file()
        finally:
            request.close()  # what the handler does at the end of a request: closes the uploads
