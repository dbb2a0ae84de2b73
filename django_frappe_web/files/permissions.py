"""Who may read a file and who may attach one to a document (Frappe's ``File.has_permission``).

A public file is anyone's. A private file is readable by its owner, a superuser,
and a logged-in user who may read the document it is attached to; never by a guest.
Attaching a file to a document needs write permission on that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from ..doctypes import DocType, get_doctype
from ..exceptions import DoesNotExistError, PermissionError, ValidationError
from ..local import resolve_user
from ..models import File


def attached_document(file: File) -> tuple[DocType, models.Model] | None:
    """The doctype and document ``file`` is attached to, or ``None`` (not attached, or gone)."""
    if not (file.attached_to_doctype and file.attached_to_name):
        return None
    try:
        doctype = get_doctype(file.attached_to_doctype)
        return doctype, doctype.get_object(file.attached_to_name)
    except DoesNotExistError:
        return None


def can_read_file(file: File, user: Any = None) -> bool:
    """Whether ``user`` (default: the current user) may download ``file``."""
    if not file.is_private:
        return True
    user = resolve_user(user)
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or (file.owner_id is not None and file.owner_id == user.pk):
        return True
    attached = attached_document(file)
    return attached is not None and attached[0].has_permission("read", user, attached[1])


@dataclass(frozen=True)
class Attachment:
    """Where an upload goes: a document of a registered doctype (and one of its fields), or nowhere."""

    doctype: str = ""
    name: str = ""
    fieldname: str = ""


def resolve_attachment(
    doctype: str | None,
    docname: Any,
    fieldname: str | None = None,
    user: Any = None,
    ignore_permissions: bool = False,
) -> Attachment:
    """Check an upload's target document and the user's right to write it.

    ``doctype`` and ``docname`` come together; an unknown doctype or document is a
    404, a document the user may not write a 403, an unknown field a 417.
    """
    if not doctype and not docname:
        if fieldname:
            raise ValidationError(_("fieldname needs a doctype and a docname"))
        return Attachment()
    if not (doctype and docname not in (None, "")):
        raise ValidationError(_("doctype and docname must be given together"))
    meta = get_doctype(doctype)
    document = meta.get_object(docname)
    if fieldname and (not isinstance(fieldname, str) or meta.get_field(fieldname) is None):
        raise ValidationError(_("{fieldname} is not a field of {doctype}").format(
            fieldname=fieldname, doctype=meta.name))
    if not ignore_permissions and not meta.has_permission("write", resolve_user(user), document):
        raise PermissionError(_("Not permitted to attach files to {doctype} {docname}").format(
            doctype=meta.name, docname=docname))
    return Attachment(meta.name, str(meta.get_name(document)), fieldname or "")
