"""What happens to stored files when rows and documents go away, and finding the ones left behind.

The rule (as Frappe's): deleting a document of a registered doctype deletes the
``File`` rows attached to it; deleting a ``File`` row deletes its stored file once no
other row shares it (identical uploads share one stored file). Stored files are
deleted after the transaction commits, so a rollback never leaves a row without its
file. ``manage.py find_orphaned_files`` lists stored files no row points at (left by
a rollback after the upload, a crash, or files copied in by hand).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.db.models.signals import post_delete

from ..doctypes import get_doctype_for_model, site
from ..faults import on_commit_safe
from ..models import File
from ..storage import PRIVATE_PREFIX, PUBLIC_PREFIX, file_storage

logger = logging.getLogger("django_frappe_web.files")
DISPATCH_PREFIX = "django_frappe_web.files."


def delete_stored_file(sender: Any, instance: File, **kwargs: Any) -> None:
    """``post_delete`` of ``File``: remove the stored file after commit, unless another row still uses it."""
    name = instance.file.name
    if name:
        on_commit_safe(lambda: delete_if_unused(name), f"deleting the stored file {name}")


def delete_if_unused(name: str) -> None:
    # Checked again after commit: an upload may have reused the file in the meantime.
    if File.objects.filter(file=name).exists():
        return
    try:
        file_storage.delete(name)
    except OSError:
        logger.exception("Could not delete the stored file %s", name)


def delete_attachments(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_delete`` of a registered doctype's model: its attached ``File`` rows go too."""
    doctype = get_doctype_for_model(sender)
    if doctype is None:
        return
    File.objects.filter(attached_to_doctype=doctype.name, attached_to_name=str(doctype.get_name(instance))).delete()


def connect_handlers() -> None:
    post_delete.connect(delete_stored_file, sender=File, dispatch_uid=f"{DISPATCH_PREFIX}stored")
    for doctype in site:
        if doctype.model is not File:
            post_delete.connect(delete_attachments, sender=doctype.model,
                                dispatch_uid=f"{DISPATCH_PREFIX}attachments.{doctype.model._meta.label}")


def stored_names() -> Iterator[str]:
    """Every stored name under ``files/`` (public storage) and in the private storage."""
    for root in (PUBLIC_PREFIX, PRIVATE_PREFIX):
        yield from walk(root)


def walk(folder: str) -> Iterator[str]:
    try:
        folders, names = file_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(names):
        yield folder + name
    for sub in sorted(folders):
        yield from walk(f"{folder}{sub}/")


def find_orphaned_files() -> list[str]:
    """Stored names that no ``File`` row points at."""
    used = set(File.objects.exclude(file="").values_list("file", flat=True))
    return [name for name in stored_names() if name not in used]
