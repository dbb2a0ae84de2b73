"""The one query builder behind ``frappe.get_all`` / ``get_list`` and ``/api/resource``.

:class:`DatabaseQuery` checks Frappe's arguments (parsed by :mod:`~django_frappe_web.filters`)
against one doctype (:mod:`~django_frappe_web.columns`) and builds a Django queryset from validated
field names, lookups and ``Q`` objects only (:mod:`~django_frappe_web.lookups`). docs/query.md
describes the accepted forms and where Frappe on MariaDB and the ORM differ.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Aggregate, Count, F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _

from . import columns, doctypes
from .columns import Column, Output
from .doctypes import DocType
from .exceptions import InvalidQueryError, PermissionError
from .filters import (
    MAX_CONDITIONS,
    Filter,
    canonical_call,
    check_count,
    parse_call,
    parse_fields,
    parse_filters,
    parse_group_by,
    parse_limit,
    parse_order_by,
    quote,
    short,
)
from .local import resolve_user
from .lookups import filter_q

logger = logging.getLogger(__name__)


def _guarded(run: Callable[[], Any]) -> Any:
    """Run ``run``; a FieldError from Django (e.g. a doctype's bad ``sort_field``) is a 417.

    Validation should leave nothing for Django to refuse; if it still does, the
    caller gets an error about the query, not a 500. Django's message may list
    hidden fields, so it only goes to the log.
    """
    try:
        return run()
    except (FieldError, RecursionError):
        logger.warning("Query refused by Django", exc_info=True)
        raise InvalidQueryError(_("Invalid query")) from None


@dataclass
class PreparedQuery:
    """A built query: a ``values_list`` queryset and how its tuples map to output columns.

    ``aggregates`` is set for aggregates without ``group_by``: the query is then one
    ``QuerySet.aggregate()`` call giving exactly one row.
    """

    queryset: models.QuerySet
    columns: list[str]
    positions: list[int]
    aggregates: dict[str, Aggregate] | None = None

    def tuples(self, limit_start: int = 0, limit_page_length: int | None = None) -> list[tuple]:
        """Rows as tuples in ``columns`` order, one query."""
        stop = limit_start + limit_page_length if limit_page_length else None
        if self.aggregates is not None:
            result = _guarded(lambda: self.queryset.aggregate(**self.aggregates))
            rows = [tuple(result[alias] for alias in self.aggregates)][limit_start:stop]
        else:
            # Django resolves ordering expressions when compiling, i.e. here.
            rows = _guarded(lambda: list(self.queryset[limit_start:stop]))
        return [tuple(row[index] for index in self.positions) for row in rows]

    def fetch(self, limit_start: int = 0, limit_page_length: int | None = None, *, as_list: bool = False) -> list:
        """Rows as dicts keyed by column (or tuples with ``as_list``)."""
        rows = self.tuples(limit_start, limit_page_length)
        if as_list:
            return rows
        return [dict(zip(self.columns, row, strict=True)) for row in rows]


class DatabaseQuery:
    """Frappe's ``DatabaseQuery`` for one registered doctype, on the Django ORM."""

    def __init__(self, doctype: DocType | str):
        self.doctype = doctypes.get_doctype(doctype)

    def __repr__(self) -> str:
        return f"<DatabaseQuery {self.doctype.name}>"

    # -- public API -------------------------------------------------------------

    def execute(
        self,
        *,
        fields: Any = None,
        filters: Any = None,
        or_filters: Any = None,
        order_by: Any = None,
        group_by: Any = None,
        limit_start: Any = 0,
        limit_page_length: Any = None,
        as_list: bool = False,
        pluck: str | None = None,
        distinct: bool = False,
        user: Any = None,
        ignore_permissions: bool = False,
    ) -> list:
        """Matching rows: dicts, tuples (``as_list``) or one column's values (``pluck``).

        ``limit_page_length`` ``None`` or ``0`` means no limit (the API applies its caps).
        """
        start = parse_limit(limit_start, "limit_start") or 0
        length = parse_limit(limit_page_length, "limit_page_length")
        if pluck is not None:
            if not isinstance(pluck, str):
                raise InvalidQueryError(_("pluck must be a field name, not {pluck}").format(pluck=short(pluck)))
            fields = [pluck]
        prepared = self.build(
            fields=fields,
            filters=filters,
            or_filters=or_filters,
            order_by=order_by,
            group_by=group_by,
            distinct=distinct,
            user=user,
            ignore_permissions=ignore_permissions,
        )
        if pluck is not None:
            return [row[0] for row in prepared.tuples(start, length)]
        return prepared.fetch(start, length, as_list=as_list)

    def count(
        self,
        *,
        filters: Any = None,
        or_filters: Any = None,
        distinct: bool = False,
        user: Any = None,
        ignore_permissions: bool = False,
        published_only: bool = False,
        queryset: models.QuerySet | None = None,
    ) -> int:
        """How many rows match, with the same filters and permission rules as :meth:`execute`."""
        queryset = self._base_queryset(user, ignore_permissions, published_only, queryset)
        queryset = _guarded(lambda: queryset.filter(self._where(filters, or_filters)))
        return (queryset.distinct() if distinct else queryset).count()

    def build(
        self,
        *,
        fields: Any = None,
        filters: Any = None,
        or_filters: Any = None,
        order_by: Any = None,
        group_by: Any = None,
        distinct: bool = False,
        user: Any = None,
        ignore_permissions: bool = False,
        published_only: bool = False,
        queryset: models.QuerySet | None = None,
    ) -> PreparedQuery:
        """Check permissions and every argument, and build the (lazy) query.

        ``published_only``: only published rows, whatever the user may read (the website's lists).
        ``queryset``: the rows to start from instead of the whole table (an owner-scoped list:
        the user's own documents), still narrowed to what the user may read.
        """
        queryset = self._base_queryset(user, ignore_permissions, published_only, queryset)
        return _guarded(
            lambda: self._build(queryset, fields, filters, or_filters, order_by, group_by, bool(distinct))
        )

    # -- building ---------------------------------------------------------------

    def _base_queryset(self, user: Any, ignore_permissions: bool, published_only: bool = False,
                       queryset: models.QuerySet | None = None) -> models.QuerySet:
        """The rows (of ``queryset``) ``user`` may read, or all of them with ``ignore_permissions``."""
        if ignore_permissions:
            queryset = self.doctype.get_queryset() if queryset is None else queryset
            return queryset.filter(self.doctype.published_q()) if published_only else queryset
        user = resolve_user(user)
        if not self.doctype.has_permission("read", user):
            raise PermissionError(_("No permission to read {doctype}").format(doctype=self.doctype.name))
        return self.doctype.get_permitted_queryset(user, queryset, published_only=published_only)

    def _build(
        self,
        queryset: models.QuerySet,
        fields: Any,
        filters: Any,
        or_filters: Any,
        order_by: Any,
        group_by: Any,
        distinct: bool,
    ) -> PreparedQuery:
        """Validate every argument and assemble the PreparedQuery."""
        outputs = columns.outputs(self.doctype, parse_fields(fields))
        queryset = queryset.filter(self._where(filters, or_filters))
        groups = [columns.column(self.doctype, token) for token in parse_group_by(group_by)]
        if groups or any(o.aggregate is not None for o in outputs):
            return self._build_grouped(queryset, outputs, groups, parse_order_by(order_by))
        return self._build_plain(queryset, outputs, parse_order_by(order_by), distinct)

    def _build_plain(
        self, queryset: models.QuerySet, outputs: list[Output], order_by: list[str], distinct: bool
    ) -> PreparedQuery:
        """Rows without grouping: ``values_list`` of the selected paths, ordered."""
        paths = list(dict.fromkeys(o.column.path for o in outputs))
        positions = [paths.index(o.column.path) for o in outputs]
        if distinct:
            ordering = self._distinct_ordering(outputs, order_by, paths)
        else:
            ordering = self._plain_ordering(outputs, order_by)
        queryset = queryset.values_list(*paths).order_by(*ordering)
        return PreparedQuery(queryset.distinct() if distinct else queryset, [o.key for o in outputs], positions)

    def _build_grouped(
        self,
        queryset: models.QuerySet,
        outputs: list[Output],
        groups: list[Column],
        order_by: list[str],
    ) -> PreparedQuery:
        """``values(groups).annotate(aggregates)``, or one ``aggregate()`` row without groups."""
        group_paths = list(dict.fromkeys(c.path for c in groups))
        for output in outputs:
            if output.column is not None and output.column.path not in group_paths:
                raise InvalidQueryError(
                    _("Field \"{key}\" must be in group_by or inside an aggregate function (count, sum, avg, min, "
                      "max)").format(
                        key=output.key)
                )
        aggregates = {o.alias: o.aggregate for o in outputs if o.aggregate is not None}
        selected = [o.column.path if o.column else o.alias for o in outputs]
        names = list(dict.fromkeys(selected))
        positions = [names.index(name) for name in selected]
        keys = [o.key for o in outputs]
        if not groups:
            if order_by:
                raise InvalidQueryError(_("order_by needs group_by when only aggregates are selected"))
            return PreparedQuery(queryset, keys, positions, aggregates=aggregates)
        # Without an aggregate a hidden count still makes values() emit GROUP BY.
        annotations = aggregates or {"dfw_group_rows": Count("*")}
        ordering = self._grouped_ordering(outputs, groups, order_by)
        queryset = queryset.values(*group_paths).annotate(**annotations).order_by(*ordering).values_list(*names)
        return PreparedQuery(queryset, keys, positions)

    # -- filters ----------------------------------------------------------------

    def _where(self, filters: Any, or_filters: Any) -> Q:
        """``filters`` ANDed, with the ORed ``or_filters`` group ANDed to them."""
        and_filters, any_filters = parse_filters(filters), parse_filters(or_filters)
        check_count(len(and_filters) + len(any_filters), "filter conditions", MAX_CONDITIONS)
        condition = Q()
        for item in and_filters:
            condition &= self._condition(item)
        if any_filters:
            either = Q()
            for item in any_filters:
                either |= self._condition(item)
            condition &= either
        return condition

    def _condition(self, item: Filter) -> Q:
        """The ``Q`` for one filter."""
        if item.doctype is not None and item.doctype.lower() != self.doctype.name.lower():
            raise InvalidQueryError(
                _("Filter on DocType \"{doctype}\" is not allowed in a query on {query_doctype}").format(
                    doctype=item.doctype, query_doctype=self.doctype.name)
            )
        column = columns.column(self.doctype, item.fieldname)
        return filter_q(column.path, column.value_field, item.operator, item.value, column.key)

    # -- ordering ---------------------------------------------------------------

    def _resolve_order_item(self, item: str, outputs: list[Output]) -> tuple[Output | Column, bool]:
        """An ordering item as an output column (alias or aggregate text) or a doctype column."""
        descending = item.startswith("-")
        token = item[1:] if descending else item
        for output in outputs:
            if output.key == token or (output.aggregate is not None and output.canonical == canonical_call(token)):
                return output, descending
        if parse_call(token) is not None:
            raise InvalidQueryError(
                _("Cannot order by {token}: only fields, aliases and selected aggregates can be used").format(
                    token=quote(token))
            )
        try:
            return columns.column(self.doctype, token), descending
        except InvalidQueryError as exc:
            raise InvalidQueryError(_("Cannot order by {token}: {message}").format(
                token=quote(token), message=exc.message)) from None

    def _default_ordering(self) -> list[tuple[Column | None, str, bool]]:
        """The doctype's ``sort_field`` (a trusted Django ordering string) as (column, path, descending)."""
        result = []
        for part in (self.doctype.sort_field or "").split(","):
            part = part.strip()
            if not part:
                continue
            pieces = part.split()
            descending = part.startswith("-") or (len(pieces) == 2 and pieces[1].lower() == "desc")
            path = pieces[0].lstrip("-")
            try:
                column = columns.column(self.doctype, path)
            except InvalidQueryError:
                column = None  # a developer's ordering on a hidden field: keep it as given
            result.append((column, column.path if column else path, descending))
        return result

    def _plain_ordering(self, outputs: list[Output], order_by: list[str]) -> list[OrderBy]:
        """``order_by`` (or the doctype's ``sort_field``) plus a primary-key tiebreak."""
        entries: list[tuple[Column | None, str, bool]] = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            column = target.column if isinstance(target, Output) else target
            entries.append((column, column.path, descending))
        entries = entries or self._default_ordering()
        ordering = [_order(path, descending) for _, path, descending in entries]
        if not any(column is not None and column.unique for column, _, _ in entries):
            ordering.append(_order("pk", entries[-1][2] if entries else False))
        return ordering

    def _distinct_ordering(self, outputs: list[Output], order_by: list[str], paths: list[str]) -> list[OrderBy]:
        """Ordering for ``distinct``: selected columns only."""
        # DISTINCT with an ORDER BY column outside the select list changes the rows, so
        # only selected columns may order; the default orders by all of them.
        by_path = {o.column.path: o.column for o in outputs}
        entries = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            column = target.column if isinstance(target, Output) else target
            if column.path not in by_path:
                raise InvalidQueryError(_("With distinct, order_by can only use selected fields, not \"{key}\"").format(
                    key=column.key))
            entries.append((column, descending))
        if not order_by:
            entries = [(c, d) for c, _, d in self._default_ordering() if c is not None and c.path in by_path]
        seen = {column.path for column, _ in entries}
        entries += [(by_path[path], False) for path in paths if path not in seen]
        return [_order(column.path, descending) for column, descending in entries]

    def _grouped_ordering(self, outputs: list[Output], groups: list[Column], order_by: list[str]) -> list[OrderBy]:
        """Ordering for grouped rows: grouped fields and aggregates only."""
        group_paths = {c.path for c in groups}
        ordering = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            if isinstance(target, Output) and target.aggregate is not None:
                ordering.append(_order(target.alias, descending))
                continue
            column = target.column if isinstance(target, Output) else target
            if column.path not in group_paths:
                raise InvalidQueryError(
                    _("Cannot order by \"{key}\": with group_by, order by a grouped field or an aggregate").format(
                        key=column.key)
                )
            ordering.append(_order(column.path, descending))
        if not ordering:
            ordering = [_order(c.path, False) for c in {c.path: c for c in groups}.values()]
        return ordering


def _order(path: str, descending: bool) -> OrderBy:
    """An ordering expression on ``path``, with the database's own NULL order.

    Plain ``ASC``/``DESC``, as Django's ``order_by("-f")`` and Frappe's ``order by f desc`` write
    it: an index declared with ``Index(fields=["-f", "-id"])`` can then serve the order (forwards
    or backwards). Forcing one NULL order everywhere (``DESC NULLS LAST``) made PostgreSQL, whose
    indexes put NULLs where its ORDER BY does, sort the whole table for every page
    (docs/decisions.md, "NULL ordering").
    """
    return F(path).desc() if descending else F(path).asc()
