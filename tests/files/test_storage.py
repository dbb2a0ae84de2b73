"""The File model's storage: public names under files/ in the public storage, private ones elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, storages
from django.test import override_settings

from django_frappe_web.storage import file_storage, get_private_storage, get_public_storage, private_files_root

from .conftest import body, upload

MEMORY_STORAGES = {
    **settings.STORAGES,
    "public_bucket": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private_bucket": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}


def test_public_names_go_to_media_root_under_files(dirs):
    name = file_storage.save("files/a.txt", ContentFile(b"public"))
    assert name == "files/a.txt"
    assert (dirs.media / "files" / "a.txt").read_bytes() == b"public"
    assert file_storage.exists(name) and file_storage.size(name) == 6
    assert file_storage.path(name) == str(dirs.media / "files" / "a.txt")


def test_private_names_go_to_the_private_root_outside_media(dirs):
    name = file_storage.save("private/files/b.txt", ContentFile(b"secret"))
    assert name == "private/files/b.txt"
    assert (dirs.private / "b.txt").read_bytes() == b"secret"
    assert not any(dirs.media.rglob("b.txt"))
    with file_storage.open(name) as handle:
        assert handle.read() == b"secret"
    file_storage.delete(name)
    assert not (dirs.private / "b.txt").exists()


def test_taken_names_get_an_alternative_within_the_same_storage(dirs):
    first = file_storage.save("private/files/c.txt", ContentFile(b"1"))
    second = file_storage.save("private/files/c.txt", ContentFile(b"2"))
    assert first != second and second.startswith("private/files/c_")
    assert file_storage.get_available_name("private/files/c.txt").startswith("private/files/c_")


def test_url_is_the_permission_checked_route_not_the_media_url(dirs):
    assert file_storage.url("files/a b.pdf") == "/files/a%20b.pdf"
    assert file_storage.url("private/files/x.pdf") == "/private/files/x.pdf"


def test_listdir_and_times_are_routed(dirs):
    file_storage.save("private/files/sub/d.txt", ContentFile(b"d"))
    assert file_storage.listdir("private/files/") == (["sub"], [])
    assert file_storage.listdir("private/files/sub/") == ([], ["d.txt"])
    assert file_storage.get_modified_time("private/files/sub/d.txt")
    assert file_storage.get_created_time("private/files/sub/d.txt")
    assert file_storage.get_accessed_time("private/files/sub/d.txt")


def test_default_private_root_is_base_dir_private_files(settings):
    settings.FRAPPE_WEB = {}
    assert private_files_root() == Path(settings.BASE_DIR) / "private" / "files"


def test_no_base_dir_and_no_setting_is_a_configuration_error(settings):
    settings.FRAPPE_WEB = {}
    del settings.BASE_DIR
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_FILES_ROOT"):
        get_private_storage()


@override_settings(STORAGES=MEMORY_STORAGES)
def test_storage_aliases_move_files_to_remote_storages_without_code_changes(dirs, file_settings, user, client_alice):
    """What django-storages' S3Storage would be: storages with no local path (InMemoryStorage)."""
    file_settings(FILE_STORAGE="public_bucket", PRIVATE_FILE_STORAGE="private_bucket")
    assert get_public_storage() is storages["public_bucket"]
    assert isinstance(get_private_storage(), InMemoryStorage)

    public = upload(b"on the bucket", "cloud.txt", user=user)
    private = upload(b"private bucket", "secret.txt", user=user, is_private=True)

    assert storages["public_bucket"].exists("files/cloud.txt")
    assert storages["private_bucket"].exists("secret.txt")
    assert dirs.stored() == []  # nothing on the local disk
    response = client_alice.get(public.file_url)
    assert response.status_code == 200 and body(response) == b"on the bucket"
    assert response["Content-Length"] == "13" and response["ETag"] == f'"{public.content_hash}"'
    response = client_alice.get(private.file_url)
    assert response.status_code == 200 and body(response) == b"private bucket"
