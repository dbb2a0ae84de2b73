"""``frappe.client.save``, ``bulk_update`` and ``attach_file``: the writes of Frappe's RPC API beyond insert/set_value.

They go through the same pieces as the rest of ``frappe.client`` (:mod:`.client`): the
doctype's serializer and permission checks; files go through :mod:`..files.uploads`, so an
attachment meets the same size, name and extension rules as ``upload_file``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from ..doctypes import DocType
from ..exceptions import TimestampMismatchError, ValidationError
from ..files.cleanup import delete_if_unused
from ..files.handler import file_as_dict
from ..files.uploads import save_uploaded_file
from ..files.validation import check_size
from ..local import get_local
from ..models import File
from ..utils import to_flag
from ..whitelist import alias, whitelist
from .bulk import bulk_rows, run_rows, update_row
from .client import _check, _doctype, _get_document, _object, save_document
from .renderers import frappe_json_default
from .serializers import read_only_fieldnames

# Keys of a frappe.client.bulk_update row naming its document: Frappe's docname, or name.
ROW_NAME_KEYS = ("docname", "name")


@whitelist(methods=["POST", "PUT"])
def save(doc: Any = None) -> dict:
    """Save a whole document: insert it when it has no ``name`` (or ``__islocal``), else update that document.

    The fields sent change; fields left out keep their values (Frappe would write them empty).
    A ``modified`` that is not the saved one means someone saved the document since it was read: 417.
    """
    data = _object(doc, "doc")
    meta = _doctype(data.get("doctype"))
    name = data.get("name")
    if name in (None, "") or to_flag(data.get("__islocal")):
        _check(meta, "create")
        return save_document(meta, data)
    document = _get_document(meta, name, "write")
    sent, saved = data.get("modified"), document.as_dict().get("modified")
    if sent not in (None, "") and saved is not None and str(sent) != str(frappe_json_default(saved)):
        raise TimestampMismatchError(_("{doctype} {name} has been modified after you read it: reload it and save your "
                                       "changes again").format(
            doctype=meta.name, name=name))
    return save_document(meta, data, document.instance)


@whitelist(methods=["POST", "PUT"])
def bulk_update(docs: Any = None) -> dict:
    """Update many documents, each on its own: ``{"failed_docs": [{"doc", "exc"}]}`` lists those refused.

    A refused row (not found, not permitted, invalid) leaves nothing of itself behind; the others are saved.
    """
    result = run_rows(bulk_rows(docs), lambda row: update_row(row, name_keys=ROW_NAME_KEYS))
    return {"failed_docs": [{"doc": row, "exc": message} for row, message in result.failed]}


def _decoded(filedata: Any, decode_base64: Any) -> bytes:
    """The file's bytes: base64 text decoded (when asked), else the text itself; too large is a 413 before decoding."""
    if not isinstance(filedata, str) or not filedata:
        raise ValidationError(_("filedata must be the file's content (base64 text with decode_base64=1)"))
    if not to_flag(decode_base64):
        data = filedata.encode()
        check_size(len(data))
        return data
    text = filedata.split(",", 1)[1] if filedata.startswith("data:") else filedata  # a data: URL as browsers make
    check_size(len(text) * 3 // 4)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("filedata is not valid base64")) from None


def _check_docfield(meta: Any, docfield: Any) -> None:
    """``docfield`` must be a writable text field to take the file's URL: checked before anything is stored."""
    field = meta.get_field(docfield) if isinstance(docfield, str) else None
    if field is None or docfield in read_only_fieldnames(meta) or not isinstance(field, (models.CharField,
                                                                                         models.TextField)):
        raise ValidationError(_("{docfield} is not a text field of {doctype} that can hold the file's URL").format(
            docfield=docfield, doctype=meta.name))


@whitelist(methods=["POST"])
def attach_file(filename: Any = None, filedata: Any = None, doctype: Any = None, docname: Any = None,
                folder: Any = None, decode_base64: Any = False, is_private: Any = None, docfield: Any = None) -> dict:
    """Store ``filedata`` as a ``File`` attached to a document (and in its ``docfield``, when named).

    The upload rules of ``upload_file`` apply: size, name, extension, and write permission on the document.
    """
    if not doctype or docname in (None, ""):
        raise ValidationError(_("attach_file needs a doctype and a docname"))
    if not isinstance(filename, str) or not filename:
        raise ValidationError(_("attach_file needs a filename"))
    if docfield:
        meta = _doctype(doctype)
        _check(meta, "write")  # first: a caller who may not write the doctype learns nothing of its fields
        _check_docfield(meta, docfield)
    content = _decoded(filedata, decode_base64)
    uploaded = SimpleUploadedFile(filename, content)
    row = save_uploaded_file(uploaded, is_private=to_flag(is_private), folder=folder, doctype=doctype,
                             docname=docname, fieldname=docfield or None, user=get_local().user, file_name=filename)
    if docfield:
        _set_docfield(_doctype(doctype), docname, docfield, row)
    return file_as_dict(row)


def _set_docfield(meta: DocType, docname: Any, docfield: str, row: File) -> None:
    """Put the file's URL in the document's field. A document that refuses it (validation, a field
    that may not change after submission) takes the upload with it: the request's rollback removes
    the ``File`` row, but a stored file is no part of the transaction, so it is deleted here --
    unless an earlier upload of the same content shares it."""
    try:
        with transaction.atomic():  # a savepoint: after a database error the request can still clean up
            save_document(meta, {docfield: row.file_url}, _get_document(meta, docname, "write").instance)
    except Exception:
        stored = row.file.name
        row.delete()
        delete_if_unused(stored)
        raise


for _function in (save, bulk_update, attach_file):
    alias(f"frappe.client.{_function.__name__}", _function)
