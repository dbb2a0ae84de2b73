"""``frappe.db`` and ``frappe.get_all`` / ``get_list``: Frappe's read/write helpers on the query builder."""

from __future__ import annotations

from typing import Any

from .doctypes import DocType, get_doctype
from .document import Document, get_single
from .exceptions import DoesNotExistError
from .local import get_local
from .query import DatabaseQuery
from .translate import _


def get_list(
    doctype: str | DocType,
    fields: Any = None,
    filters: Any = None,
    or_filters: Any = None,
    order_by: Any = None,
    group_by: Any = None,
    limit_start: int | str = 0,
    limit_page_length: int | str | None = None,
    *,
    limit: int | str | None = None,
    start: int | str | None = None,
    page_length: int | str | None = None,
    as_list: bool = False,
    pluck: str | None = None,
    distinct: bool = False,
    ignore_permissions: bool = False,
    user: Any = None,
) -> list:
    """Rows the current user may read (``frappe.flags.ignore_permissions`` or the argument skip the check)."""
    return DatabaseQuery(get_doctype(doctype)).execute(
        fields=fields,
        filters=filters,
        or_filters=or_filters,
        order_by=order_by,
        group_by=group_by,
        limit_start=start if start is not None else limit_start,
        limit_page_length=_first_given(limit, page_length, limit_page_length),
        as_list=as_list,
        pluck=pluck,
        distinct=distinct,
        user=user,
        ignore_permissions=ignore_permissions or bool(get_local().flags.ignore_permissions),
    )


def get_all(doctype: str | DocType, *args: Any, **kwargs: Any) -> list:
    """Like :func:`get_list` without the permission check."""
    kwargs["ignore_permissions"] = True
    return get_list(doctype, *args, **kwargs)


def _first_given(*values: Any) -> Any:
    return next((value for value in values if value is not None), None)


def _name_filters(filters: Any) -> Any:
    # A bare name (string or number) means {"name": value}, as in Frappe.
    return {"name": filters} if isinstance(filters, (str, int)) else filters


class Database:
    """``frappe.db``: reads and writes that skip permissions and document hooks, as in Frappe."""

    def get_value(
        self,
        doctype: str | DocType,
        filters: Any = None,
        fieldname: str | list[str] = "name",
        as_dict: bool = False,
        order_by: Any = None,
    ) -> Any:
        """One row's field (or fields, as a tuple or dict); ``None`` when nothing matches."""
        fields = fieldname if isinstance(fieldname, (list, tuple)) else [fieldname]
        rows = get_all(doctype, fields=list(fields), filters=_name_filters(filters), order_by=order_by, limit_page_length=1)
        if not rows:
            return None
        row = rows[0]
        if as_dict:
            return row
        values = tuple(row.values())
        return values if isinstance(fieldname, (list, tuple)) else values[0]

    def get_single_value(self, doctype: str | DocType, fieldname: str) -> Any:
        return get_single(doctype).get(fieldname)

    def set_value(self, doctype: str | DocType, name: Any, fieldname: str | dict, value: Any = None, update_modified: bool = True) -> None:
        """Update fields of one document (or every match of a filter dict) without validation."""
        meta = get_doctype(doctype)
        values = fieldname if isinstance(fieldname, dict) else {fieldname: value}
        instances = self._matching(meta, name)
        if not instances:
            raise DoesNotExistError(_("{0} {1} not found").format(meta.name, name))
        for instance in instances:
            doc = Document(meta, instance)
            for key, val in values.items():
                doc.set(key, val)
            update_fields = [meta.get_field(key).name for key in values]
            if update_modified and meta.modified_field:
                update_fields.append(meta.modified_field)
            instance.save(update_fields=update_fields)

    def _matching(self, meta: DocType, name: Any) -> list:
        if isinstance(name, dict):
            names = get_all(meta, filters=name, pluck="name")
            return list(meta.get_queryset().filter(**{f"{meta.name_field}__in": names}))
        try:
            return [meta.get_object(name)]
        except DoesNotExistError:
            return []

    def exists(self, doctype: str | DocType, name: Any = None) -> Any:
        """The name of a matching document, or ``None``; ``name`` may be a filter dict."""
        if isinstance(doctype, dict):
            filters = dict(doctype)
            doctype = filters.pop("doctype")
            name = filters
        return self.get_value(doctype, _name_filters(name), "name")

    def count(self, doctype: str | DocType, filters: Any = None) -> int:
        return DatabaseQuery(get_doctype(doctype)).count(filters=_name_filters(filters), ignore_permissions=True)

    def delete(self, doctype: str | DocType, filters: Any = None) -> None:
        meta = get_doctype(doctype)
        names = get_all(meta, filters=_name_filters(filters), pluck="name")
        meta.get_queryset().filter(**{f"{meta.name_field}__in": names}).delete()

    # Django manages transactions (ATOMIC_REQUESTS / transaction.atomic); these keep Frappe code running.
    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        from django.db import transaction

        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)


db = Database()
