"""``POST /api/method/upload_file``: Frappe's ``frappe.handler.upload_file``, answering the ``File`` document."""

from __future__ import annotations

from typing import Any

from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import ValidationError
from ..local import get_local
from ..models import File
from ..utils import to_flag
from ..whitelist import alias, whitelist
from .uploads import attach_file_url, save_uploaded_file
from .validation import check_upload_guard, prepare_upload_request


def file_as_dict(row: File) -> dict[str, Any]:
    """The ``File`` document as Frappe's ``upload_file`` answers it."""
    return {
        "doctype": "File",
        "name": row.pk,
        "file_name": row.file_name,
        "file_url": row.file_url,
        "is_private": int(row.is_private),
        "folder": row.folder,
        "attached_to_doctype": row.attached_to_doctype or None,
        "attached_to_name": row.attached_to_name or None,
        "attached_to_field": row.attached_to_field or None,
        "owner": row.owner.get_username() if row.owner_id else "Guest",
        "file_size": row.file_size,
        "content_hash": row.content_hash,
        "creation": frappe_datetime(row.creation),
        "modified": frappe_datetime(row.modified),
    }


def frappe_datetime(value: Any) -> str | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@whitelist(methods=["POST"])
def upload_file(**kwargs: Any) -> dict[str, Any]:
    """Frappe's ``upload_file``: multipart ``file`` (or ``file_url``), ``is_private``, ``folder``,
    ``doctype``, ``docname``, ``fieldname``; answers the new ``File`` document."""
    local = get_local()
    request = local.request
    if request is None:
        raise ValidationError(_("upload_file needs a request"))
    prepare_upload_request(request)
    try:
        uploaded = request.FILES.get("file")  # parses the body, with the guard when it was installed in time
    except MultiPartParserError as exc:
        raise ValidationError(_("The form data could not be read: {exc}").format(exc=exc)) from None
    check_upload_guard(request)
    form = local.form_dict
    options = {
        "is_private": to_flag(form.get("is_private")),  # Frappe clients send 1/0; frappe-js-sdk once sent TRUE
        "folder": form.get("folder"),
        "doctype": form.get("doctype"),
        "docname": form.get("docname"),
        "fieldname": form.get("fieldname"),
        "user": local.user,
    }
    if uploaded is not None:
        return file_as_dict(save_uploaded_file(uploaded, **options))
    if form.get("file_url"):
        return file_as_dict(attach_file_url(form.get("file_url"), file_name=form.get("file_name"), **options))
    raise ValidationError(_("No file attached"))


# The API calls this with the Django request before it authenticates or reads the body
# (see docs/files.md), so the limits apply while the upload streams in.
upload_file.prepare_request = prepare_upload_request

alias("upload_file", upload_file)
alias("frappe.handler.upload_file", upload_file)
