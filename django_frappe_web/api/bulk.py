"""Bulk operations row by row: each row in its own savepoint, its failure reported and undone alone.

Used by ``frappe.client.bulk_update`` and v2's ``bulk_update`` / ``bulk_delete``. A list
longer than :data:`MAX_BULK_ROWS` is refused before any row is touched (Frappe hands long
lists to a background job; here a client splits them), so a huge list is a quick 417.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException

from ..doctypes import DocType
from ..exceptions import DatabaseUnavailableError, FrappeError, ValidationError
from .client import _doctype, _get_document, delete_document, save_document
from .client import _json as json_argument

MAX_BULK_ROWS = 500


def bulk_rows(value: Any, what: str = "docs") -> list:
    """``value`` as a list of rows (JSON text or already decoded), at most :data:`MAX_BULK_ROWS` long."""
    rows = json_argument(value, what)
    if not isinstance(rows, list):
        raise ValidationError(_("{what} must be a JSON list").format(what=what))
    if len(rows) > MAX_BULK_ROWS:
        raise ValidationError(_("At most {limit} rows can be sent in one request, not {count}; split the list").format(
            limit=MAX_BULK_ROWS, count=len(rows)))
    return rows


def row_error(exc: BaseException) -> str:
    """What to tell the client about one failed row (a message, never a traceback)."""
    if isinstance(exc, FrappeError):
        return f"{type(exc).__name__}: {exc}"
    if isinstance(exc, APIException):
        return f"ValidationError: {exc.detail}"
    return f"ValidationError: {'; '.join(exc.messages)}"


@dataclass
class BulkResult:
    """Rows done and rows refused, in the order they came."""

    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def run_rows(rows: Iterable[Any], action: Callable[[Any], Any]) -> BulkResult:
    """``action(row)`` for each row in its own savepoint; ``done`` holds what it returned,
    ``failed`` ``(row, message)`` pairs for rows whose action raised a client error.

    A database outage is not a row's fault: it stops the whole request (503).
    """
    result = BulkResult()
    for row in rows:
        try:
            with transaction.atomic():
                result.done.append(action(row))
        except DatabaseUnavailableError:
            raise
        except (FrappeError, APIException, DjangoValidationError) as exc:
            result.failed.append((row, row_error(exc)))
    return result


def _summary(result: BulkResult, done_key: str, bare_names: bool) -> dict:
    failed = [{"name": name_of(row, bare_names), "error": message} for row, message in result.failed]
    total = len(result.done) + len(failed)
    return {done_key: result.done, "failed": failed, "total": total, "success_count": len(result.done),
            "failure_count": len(failed)}


def name_of(row: Any, bare_names: bool = True) -> Any:
    """The document name a row gave (itself for a bare name, when rows are names), or ``None``."""
    if isinstance(row, dict):
        row = row.get("name")
    elif not bare_names:
        return None
    return row if isinstance(row, (str, int)) and not isinstance(row, bool) else None


def _row_name(name: Any) -> Any:
    if isinstance(name, bool) or not isinstance(name, (str, int)) or name == "":
        raise ValidationError(_("name must be a string or an integer"))
    return name


def bulk_delete_docs(doctype: DocType, names: Any) -> dict:
    """v2 ``bulk_delete``: delete each named document the user may delete; Frappe's summary of what happened."""

    def delete_one(row: Any) -> Any:
        name = _row_name(name_of(row))
        delete_document(doctype, _get_document(doctype, name, "delete").instance)
        return name

    return _summary(run_rows(bulk_rows(names, "names"), delete_one), "deleted", bare_names=True)


def update_row(row: Any, doctype: DocType | None = None, name_keys: tuple[str, ...] = ("name",)) -> dict:
    """One ``bulk_update`` row: the document named by the first of ``name_keys`` the row has, of
    ``doctype`` (else of the row's ``doctype``), saved with the row's other values if the user may
    write it; the saved document.

    The name keys, ``doctype`` and ``flags`` say which document it is, not what to change (v2 ignores
    ``name`` and ``flags``, ``frappe.client`` ``doctype`` and ``docname``; ``doctype`` is no field).
    """
    if not isinstance(row, dict):
        what = ", ".join((*(() if doctype else ("doctype",)), name_keys[0]))
        raise ValidationError(_("Each row must be a JSON object with {what} and the fields to change").format(
            what=what))
    doctype = doctype or _doctype(row.get("doctype"))
    name = _row_name(next((row[key] for key in name_keys if key in row), None))
    values = {key: value for key, value in row.items() if key not in {*name_keys, "doctype", "flags"}}
    return save_document(doctype, values, _get_document(doctype, name, "write").instance)


def bulk_update_docs(doctype: DocType, docs: Any) -> tuple[dict, list[dict]]:
    """v2 ``bulk_update``: ``docs`` rows ``{"name", <fields>}``; Frappe's summary, and the saved documents."""
    saved: list[dict] = []

    def update_one(row: Any) -> Any:
        saved.append(update_row(row, doctype))
        return row["name"]  # as the row gave it (Frappe's ``updated``), even if the row renamed it

    result = run_rows(bulk_rows(docs), update_one)
    return _summary(result, "updated", bare_names=False), saved
