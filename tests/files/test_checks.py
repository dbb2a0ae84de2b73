"""System checks for the files settings (E020-E023, W020)."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from django_frappe_web.files.checks import check_file_settings


@pytest.fixture
def frappe_web(settings, tmp_path):
    def apply(**values):
        settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": str(tmp_path / "private"), **values}

    return apply


def test_the_test_settings_pass(frappe_web):
    frappe_web()
    assert check_file_settings() == []
    assert not [m for m in run_checks() if m.id.startswith("django_frappe_web.E02")]


def test_unknown_storage_aliases(frappe_web):
    frappe_web(FILE_STORAGE="s3", PRIVATE_FILE_STORAGE="s3-private")
    messages = check_file_settings()
    assert [m.id for m in messages] == ["django_frappe_web.E020", "django_frappe_web.E020"]
    assert "'s3', which is not in STORAGES" in messages[0].msg


def test_unknown_sendfile_mode(frappe_web):
    frappe_web(FILE_SENDFILE="nginx")
    assert [m.id for m in check_file_settings()] == ["django_frappe_web.E021"]


def test_private_files_inside_media_root(frappe_web, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    frappe_web(PRIVATE_FILES_ROOT=str(tmp_path / "private"))
    (message,) = check_file_settings()
    assert message.id == "django_frappe_web.E022" and "MEDIA_ROOT" in message.msg


def test_private_files_inside_the_public_storage(frappe_web, settings, tmp_path):
    """/files/<name> serves the public storage's files/ folder: private files there would be anyone's."""
    settings.STORAGES = {**settings.STORAGES, "public": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "site")}}}
    frappe_web(FILE_STORAGE="public", PRIVATE_FILES_ROOT=str(tmp_path / "site" / "files" / "private"))
    (message,) = check_file_settings()
    assert message.id == "django_frappe_web.E022" and "'public'" in message.msg


def test_private_and_public_storage_the_same_alias(frappe_web):
    frappe_web(FILE_STORAGE="default", PRIVATE_FILE_STORAGE="default")
    assert [m.id for m in check_file_settings()] == ["django_frappe_web.E022"]


def test_no_private_location(settings):
    settings.FRAPPE_WEB = {}
    del settings.BASE_DIR
    assert [m.id for m in check_file_settings()] == ["django_frappe_web.E023"]


def test_backup_dir_missing(frappe_web, tmp_path):
    frappe_web(BACKUP_DIR=str(tmp_path / "nope"))
    assert [m.id for m in check_file_settings()] == ["django_frappe_web.W020"]


def test_wrong_type_of_private_files_root_is_e006(settings):
    from django_frappe_web.checks import check_settings

    settings.FRAPPE_WEB = {"PRIVATE_FILES_ROOT": 42}
    (message,) = [m for m in check_settings() if m.id == "django_frappe_web.E006"]
    assert "PRIVATE_FILES_ROOT" in message.msg
