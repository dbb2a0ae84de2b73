"""The one query builder behind ``frappe.get_all`` / ``get_list`` and ``/api/resource``.

It takes Frappe's arguments (``fields``, ``filters``, ``or_filters``, ``order_by``,
``group_by``, ``limit_start``, ``limit_page_length``...) in every form Frappe clients
send them and turns them into a Django queryset built only from validated field
names, lookups and ``Q`` objects: nothing a caller types ever reaches SQL as text.
Every problem with the input is an :class:`~django_frappe_web.exceptions.InvalidQueryError`
(HTTP 417) naming the bad field, operator or value.

Decisions where Frappe (on MariaDB) and the Django ORM differ:

* **Columns.** ``fields`` items are ``*``, a fieldname (``name`` is the doctype's name
  field), Frappe's ```tabArticle`.`title``` / ``tabArticle.title`` forms for this
  doctype, ``field as alias`` and the aggregates ``count(*)``, ``count(field)``,
  ``count(distinct field)``, ``sum``, ``avg``, ``min``, ``max``. Row keys are the
  alias when given, else the fieldname as requested (``name`` for the name), else for
  an aggregate its normalised text: lower-case function, single spaces, the bare
  fieldname, e.g. ``count(*)``, ``count(distinct status)``, ``sum(views)``.
* **Links.** A foreign key reads and filters as the linked document's *name* (through
  the join, in the same query) when the target is a registered doctype whose name
  field is not its primary key; otherwise as the raw id.
* **LIKE** is case-insensitive, as with MariaDB's default collation: SQL ``LIKE ... ESCAPE``
  through the ``frappe_like`` lookup (:mod:`django_frappe_web.lookups`), never a regex.
  ``\\`` escapes ``%`` and ``_``.
* **NULLs sort first** ascending and last descending (MariaDB's order) on every
  database; a final tiebreak on the primary key keeps pages stable.
* **Grouping.** With ``group_by`` or aggregates, plain columns must be grouped (as
  PostgreSQL requires); aggregates without ``group_by`` give exactly one row.
* ``!=``, ``not in`` and ``not like`` keep rows whose value is NULL, as Frappe's
  ``ifnull(column, '')`` conditions do.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import math
import re
import reprlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Aggregate, Avg, Count, F, Max, Min, Q, Sum
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django.utils.dateparse import parse_date

from . import doctypes
from .doctypes import DocType
from .exceptions import InvalidQueryError, PermissionError
from .json_input import MAX_JSON_DEPTH, TOO_DEEP, JSONInputError, load_json
from .lookups import like_pattern  # registers the frappe_like lookup

logger = logging.getLogger(__name__)

MAX_CONDITIONS = 200  # filters + or_filters together
MAX_COLUMNS = 200  # items in fields, order_by or group_by
MAX_IN_VALUES = 1000  # values of one `in` / `not in` filter
MAX_ITEM_LENGTH = 500  # characters of one fields / order_by / group_by item or fieldname
MAX_PATTERN_LENGTH = 1000  # characters of one `like` pattern
MAX_LIMIT = 10**9
_INT64 = (-(2**63), 2**63 - 1)

OPERATORS = ("=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between")
_OPERATOR_ALIASES = {"<>": "!=", "==": "="}
_COMPARISONS = {">": "gt", "<": "lt", ">=": "gte", "<=": "lte"}
AGGREGATES: dict[str, type[Aggregate]] = {"count": Count, "sum": Sum, "avg": Avg, "min": Min, "max": Max}

_ALIAS_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_IDENT = r"[A-Za-z_][A-Za-z0-9_]{0,127}"
_COLUMN_RE = re.compile(rf"(?:(?P<table>`[^`]{{1,200}}`|{_IDENT})\.)?(?P<column>`{_IDENT}`|{_IDENT})")
_AS_RE = re.compile(r"(?P<expr>.+?)\s+as\s+(?P<alias>\S+)", re.IGNORECASE | re.DOTALL)
_CALL_RE = re.compile(r"(?P<func>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<arg>.*)\)", re.DOTALL)
_DISTINCT_RE = re.compile(r"distinct\s+(?P<arg>.+)", re.IGNORECASE | re.DOTALL)
_ORDER_RE = re.compile(r"(?P<column>.+?)(?:\s+(?P<direction>asc|desc))?", re.IGNORECASE | re.DOTALL)
_DIGITS_RE = re.compile(r"\s*\d{1,12}\s*")
_TRUE_STRINGS = {"1", "t", "true", "y", "yes", "on"}
_FALSE_STRINGS = {"0", "f", "false", "n", "no", "off"}
_SCALAR_TYPES = (
    str, int, float, decimal.Decimal, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, type(None)
)
_CONVERSION_ERRORS = (DjangoValidationError, TypeError, ValueError, OverflowError, ArithmeticError)

_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 3, 60, 60, 5, 4


def _short(value: Any) -> str:
    """A bounded ``repr`` for messages: safe on huge or deeply nested input."""
    return _repr.repr(value)


# -- parsing (doctype independent) -------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """One condition: ``fieldname operator value``; ``doctype`` from Frappe's 4-item form."""

    fieldname: str
    operator: str
    value: Any
    doctype: str | None = None


def parse_filters(value: Any) -> list[Filter]:
    """Frappe's filter forms as a list of :class:`Filter`, validated for shape.

    Accepts ``None``/empty, ``{field: value}`` (``None`` means "is null"),
    ``{field: [operator, value]}``, a list of ``[field, operator, value]`` or
    ``[doctype, field, operator, value]`` (plus Frappe's UI trailing boolean) or of
    dicts, a JSON string of any of these, and a bare name (an int, or a JSON string).
    """
    if isinstance(value, (str, bytes)):
        value = _load_json(value, "filters", "Filters must be JSON: a list of [field, operator, value] or an object")
    if value is None:
        return []
    if isinstance(value, bool):
        raise InvalidQueryError(f"Filters must be a list or an object, not {_short(value)}")
    if isinstance(value, (int, str)):
        return [_make_filter("name", "=", value)]
    if isinstance(value, dict):
        _check_count(len(value), "filter conditions", MAX_CONDITIONS)
        return [_filter_from_pair(key, item) for key, item in value.items()]
    if isinstance(value, (list, tuple)):
        return _filters_from_list(value)
    raise InvalidQueryError(f"Filters must be a list or an object, not {type(value).__name__}")


def _filters_from_list(items: list | tuple) -> list[Filter]:
    """A list of filter lists and/or dicts."""
    _check_count(len(items), "filter conditions", MAX_CONDITIONS)
    parsed: list[Filter] = []
    for item in items:
        if isinstance(item, dict):
            parsed.extend(_filter_from_pair(key, value) for key, value in item.items())
        elif isinstance(item, (list, tuple)):
            parsed.append(_filter_from_list(item))
        else:
            raise InvalidQueryError(
                f"Each filter must be a [field, operator, value] list or a {{field: value}} object, "
                f"not {_short(item)} (SQL conditions are not accepted)"
            )
        _check_count(len(parsed), "filter conditions", MAX_CONDITIONS)
    return parsed


def _filter_from_list(item: list | tuple) -> Filter:
    """``[field, op, value]`` or ``[doctype, field, op, value]``."""
    # Frappe's list view appends a boolean ("hidden") as a fifth item; accept and drop it.
    if len(item) == 5 and isinstance(item[4], bool):
        item = item[:4]
    if len(item) == 3:
        return _make_filter(item[0], item[1], item[2])
    if len(item) == 4:
        if not isinstance(item[0], str):
            raise InvalidQueryError(f"The doctype of filter {_short(item)} must be a string")
        return _make_filter(item[1], item[2], item[3], doctype=item[0])
    raise InvalidQueryError(
        f"A filter must be [field, operator, value] or [doctype, field, operator, value], got {_short(item)}"
    )


def _filter_from_pair(fieldname: Any, value: Any) -> Filter:
    """``{field: value}`` or ``{field: [operator, value]}``."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InvalidQueryError(
                f"Filter on {_short(fieldname)} must be a value or [operator, value], got {_short(value)}"
            )
        return _make_filter(fieldname, value[0], value[1])
    return _make_filter(fieldname, "=", value)


def _make_filter(fieldname: Any, operator: Any, value: Any, doctype: str | None = None) -> Filter:
    """A :class:`Filter` with its fieldname, operator and value shape checked."""
    if not isinstance(fieldname, str) or not fieldname.strip():
        raise InvalidQueryError(f"A filter's field name must be a non-empty string, not {_short(fieldname)}")
    if len(fieldname) > MAX_ITEM_LENGTH or "\x00" in fieldname:
        raise InvalidQueryError(f"Invalid field name {_short(fieldname)}")
    operator = normalize_operator(operator)
    return Filter(fieldname.strip(), operator, _check_filter_value(fieldname.strip(), operator, value), doctype)


def normalize_operator(operator: Any) -> str:
    """The canonical lower-case operator, or InvalidQueryError naming the supported ones."""
    if isinstance(operator, str):
        canonical = " ".join(operator.lower().split())
        canonical = _OPERATOR_ALIASES.get(canonical, canonical)
        if canonical in OPERATORS:
            return canonical
    raise InvalidQueryError(
        f"Operator {_quote(operator)} is not supported; use one of {', '.join(OPERATORS[:2])}, <>, "
        f"{', '.join(OPERATORS[2:])}"
    )


def _check_filter_value(fieldname: str, operator: str, value: Any) -> Any:
    """Check the value's shape for the operator; ``in`` strings become lists."""
    if operator in ("in", "not in"):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        elif _is_scalar(value) and value is not None:
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise InvalidQueryError(f'Operator "{operator}" on {fieldname} needs a list of values')
        _check_count(len(value), f'values for "{operator}" on {fieldname}', MAX_IN_VALUES)
        for item in value:
            _check_scalar(fieldname, item)
        return list(value)
    if operator == "between":
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise InvalidQueryError(f'Operator "between" on {fieldname} needs a list of two values, got {_short(value)}')
        for item in value:
            _check_scalar(fieldname, item)
        return list(value)
    if operator == "is":
        normalized = " ".join(value.lower().split()) if isinstance(value, str) else None
        if normalized not in ("set", "not set"):
            raise InvalidQueryError(f'Operator "is" on {fieldname} takes "set" or "not set", not {_short(value)}')
        return normalized
    _check_scalar(fieldname, value)
    return value


def _is_scalar(value: Any) -> bool:
    """Whether ``value`` is a single value a filter may compare with."""
    return isinstance(value, _SCALAR_TYPES)


def _check_scalar(fieldname: str, value: Any) -> None:
    """Refuse lists, dicts and strings with NUL characters (PostgreSQL rejects those)."""
    if not _is_scalar(value):
        raise InvalidQueryError(f"Value for field {fieldname} must be a single value, not {_short(value)}")
    if isinstance(value, str) and "\x00" in value:
        raise InvalidQueryError(f"Value for field {fieldname} must not contain NUL characters")


def parse_fields(value: Any) -> list[str]:
    """The requested columns as stripped strings (``None`` or empty: ``["name"]``).

    Accepts a list/tuple, a JSON string of a list, or a comma-separated string.
    Items are checked against the doctype later by :class:`DatabaseQuery`.
    """
    if value is None:
        return ["name"]
    if isinstance(value, (str, bytes)):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        text = text.strip()
        if not text:
            return ["name"]
        value = _load_json(text, "fields", "Fields must be a JSON list") if text.startswith("[") else text.split(",")
        if value is None:
            return ["name"]
    if not isinstance(value, (list, tuple)):
        raise InvalidQueryError(f"Fields must be a list of field names, not {_short(value)}")
    _check_count(len(value), "fields", MAX_COLUMNS)
    items = [_clean_item(item, "field") for item in value]
    return items or ["name"]


def parse_order_by(value: Any) -> list[str]:
    """Ordering items as ``"column"`` (ascending) or ``"-column"`` (descending).

    Accepts ``"field asc, other desc"`` (direction optional and case-insensitive,
    ``-field`` also means descending) or a list of such items. The column part is
    kept as written (backtick/table forms, aliases, aggregates) for the doctype to
    validate.
    """
    parsed = []
    for part in _split_items(value, "order_by"):
        match = _ORDER_RE.fullmatch(part)
        column, direction = match["column"].strip(), (match["direction"] or "").lower()
        descending = direction == "desc"
        if not direction and column.startswith("-"):
            column, descending = column[1:].strip(), True
        if not column:
            raise InvalidQueryError(f"Invalid order_by item {_short(part)}")
        parsed.append(f"-{column}" if descending else column)
    return parsed


def parse_group_by(value: Any) -> list[str]:
    """``group_by`` columns (a fieldname, a comma list or a list), as written."""
    return _split_items(value, "group_by")


def _split_items(value: Any, what: str) -> list[str]:
    """Items of a comma-separated string or a list of strings (each may hold commas)."""
    if value is None:
        return []
    if isinstance(value, str):
        if not value.strip():
            return []
        raw = value.split(",")
    elif isinstance(value, (list, tuple)):
        _check_count(len(value), f"{what} items", MAX_COLUMNS)
        raw = []
        for item in value:
            if not isinstance(item, str):
                raise InvalidQueryError(f"Each {what} item must be a string, not {_short(item)}")
            raw.extend(item.split(","))
    else:
        raise InvalidQueryError(f"{what} must be a string or a list of strings, not {_short(value)}")
    _check_count(len(raw), f"{what} items", MAX_COLUMNS)
    return [_clean_item(item, what) for item in raw]


def _clean_item(item: Any, what: str) -> str:
    """One stripped, non-empty, bounded string item of fields / order_by / group_by."""
    if not isinstance(item, str):
        raise InvalidQueryError(f"Each {what} must be a string, not {_short(item)}")
    item = item.strip()
    if not item:
        raise InvalidQueryError(f"Empty {what} item")
    if len(item) > MAX_ITEM_LENGTH or "\x00" in item:
        raise InvalidQueryError(f"Invalid {what} {_short(item)}")
    return item


def parse_limit(value: Any, name: str = "limit_page_length") -> int | None:
    """An int in ``0..10**9`` from an int or a string of digits; ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, str) and _DIGITS_RE.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise InvalidQueryError(f"{name} must be a whole number between 0 and {MAX_LIMIT}, not {_short(value)}")
    return value


def _load_json(text: str | bytes, what: str, message: str) -> Any:
    """Decode a JSON argument; ``None`` for blank text, InvalidQueryError when malformed."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not text.strip():
        return None
    try:
        return load_json(text, what)
    except JSONInputError as exc:
        if exc.reason == TOO_DEEP:
            raise InvalidQueryError(f"{what.capitalize()} are nested too deeply (at most {MAX_JSON_DEPTH} levels)") from None
        raise InvalidQueryError(f"{message}, got {_short(text)}" if exc.syntax else exc.message) from None


def _check_count(count: int, what: str, limit: int) -> None:
    """InvalidQueryError when ``count`` exceeds ``limit``."""
    if count > limit:
        raise InvalidQueryError(f"Too many {what}: {count} (at most {limit})")


def _quote(value: Any) -> str:
    """A value for a message: quoted when a short string, else a bounded repr."""
    return f'"{value}"' if isinstance(value, str) and len(value) <= 60 else _short(value)


# -- the query -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A validated doctype field: its output key, ORM path and the field values convert with."""

    key: str
    path: str
    field: models.Field
    value_field: models.Field

    @property
    def unique(self) -> bool:
        """Whether ordering by this column alone orders rows totally (non-null and unique)."""
        return self.path == self.field.name and (self.field.primary_key or self.field.unique) and not self.field.null

    @property
    def nullable(self) -> bool:
        """Whether this column can read NULL (a nullable field, or a link through a nullable join)."""
        return self.field.null or self.value_field.null


@dataclass(frozen=True)
class _Output:
    """One output column: a plain column (``column``) or an aggregate (``aggregate``)."""

    key: str
    column: _Column | None = None
    aggregate: Aggregate | None = None
    canonical: str = ""  # an aggregate's normalised text, e.g. "count(distinct status)"
    alias: str = ""  # an aggregate's annotation name: ours, never the caller's text


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
        raise InvalidQueryError("Invalid query") from None


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
        self.doctype = doctype if isinstance(doctype, DocType) else doctypes.site.get(doctype)

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
                raise InvalidQueryError(f"pluck must be a field name, not {_short(pluck)}")
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
    ) -> int:
        """How many rows match, with the same filters and permission rules as :meth:`execute`."""
        queryset = self._base_queryset(user, ignore_permissions)
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
    ) -> PreparedQuery:
        """Check permissions and every argument, and build the (lazy) query."""
        queryset = self._base_queryset(user, ignore_permissions)
        return _guarded(
            lambda: self._build(queryset, fields, filters, or_filters, order_by, group_by, bool(distinct))
        )

    # -- building ---------------------------------------------------------------

    def _base_queryset(self, user: Any, ignore_permissions: bool) -> models.QuerySet:
        """The rows ``user`` may read, or all rows with ``ignore_permissions``."""
        if ignore_permissions:
            return self.doctype.get_queryset()
        from .permissions import resolve_user

        user = resolve_user(user)
        if not self.doctype.has_permission("read", user):
            raise PermissionError(f"No permission to read {self.doctype.name}")
        return self.doctype.get_permitted_queryset(user)

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
        outputs = self._outputs(parse_fields(fields))
        queryset = queryset.filter(self._where(filters, or_filters))
        groups = [self._column(token) for token in parse_group_by(group_by)]
        if groups or any(o.aggregate is not None for o in outputs):
            return self._build_grouped(queryset, outputs, groups, parse_order_by(order_by))
        return self._build_plain(queryset, outputs, parse_order_by(order_by), distinct)

    def _build_plain(
        self, queryset: models.QuerySet, outputs: list[_Output], order_by: list[str], distinct: bool
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
        outputs: list[_Output],
        groups: list[_Column],
        order_by: list[str],
    ) -> PreparedQuery:
        """``values(groups).annotate(aggregates)``, or one ``aggregate()`` row without groups."""
        group_paths = list(dict.fromkeys(c.path for c in groups))
        for output in outputs:
            if output.column is not None and output.column.path not in group_paths:
                raise InvalidQueryError(
                    f'Field "{output.key}" must be in group_by or inside an aggregate function '
                    f"(count, sum, avg, min, max)"
                )
        aggregates = {o.alias: o.aggregate for o in outputs if o.aggregate is not None}
        selected = [o.column.path if o.column else o.alias for o in outputs]
        names = list(dict.fromkeys(selected))
        positions = [names.index(name) for name in selected]
        columns = [o.key for o in outputs]
        if not groups:
            if order_by:
                raise InvalidQueryError("order_by needs group_by when only aggregates are selected")
            return PreparedQuery(queryset, columns, positions, aggregates=aggregates)
        # Without an aggregate a hidden count still makes values() emit GROUP BY.
        annotations = aggregates or {"dfw_group_rows": Count("*")}
        ordering = self._grouped_ordering(outputs, groups, order_by)
        queryset = queryset.values(*group_paths).annotate(**annotations).order_by(*ordering).values_list(*names)
        return PreparedQuery(queryset, columns, positions)

    def _annotation_prefix(self) -> str:
        """A prefix for annotation names that no model field starts with."""
        taken = {f.name for f in self.doctype.opts.get_fields()}
        prefix = "dfw_agg_"
        while any(name.startswith(prefix) for name in taken):
            prefix = f"x{prefix}"
        return prefix

    # -- columns ----------------------------------------------------------------

    def _outputs(self, items: list[str]) -> list[_Output]:
        """Output columns for ``fields`` items, with duplicate keys checked."""
        outputs: dict[str, _Output] = {}
        for item in items:
            for output in self._expand_item(item):
                previous = outputs.get(output.key)
                if previous is not None and not _same_output(previous, output):
                    raise InvalidQueryError(f'Column name "{output.key}" is used twice; give one an alias')
                outputs.setdefault(output.key, output)
        prefix = self._annotation_prefix()
        return [
            replace(output, alias=f"{prefix}{index}") if output.aggregate is not None else output
            for index, output in enumerate(outputs.values())
        ]

    def _expand_item(self, item: str) -> list[_Output]:
        """Output columns for one ``fields`` item (``*`` gives several)."""
        alias = None
        match = _AS_RE.fullmatch(item)
        if match:
            item, alias = match["expr"].strip(), _clean_alias(match["alias"])
        if item == "*":
            if alias:
                raise InvalidQueryError('"*" cannot have an alias')
            names = ["name", *(n for n in self.doctype.field_map if n != "name")]
            return [_Output(name, column=self._column(name)) for name in names]
        call = _CALL_RE.fullmatch(item)
        if call:
            aggregate, canonical = self._aggregate(call["func"], call["arg"].strip())
            return [_Output(alias or canonical, aggregate=aggregate, canonical=canonical)]
        column = self._column(item)
        return [_Output(alias or column.key, column=column)]

    def _aggregate(self, func: str, arg: str) -> tuple[Aggregate, str]:
        """The aggregate for ``func(arg)`` and its normalised text (the default key)."""
        name = func.lower()
        if name not in AGGREGATES:
            raise InvalidQueryError(f'Function "{func}()" is not allowed; use one of {", ".join(AGGREGATES)}')
        distinct_match = _DISTINCT_RE.fullmatch(arg)
        distinct = distinct_match is not None
        if distinct:
            arg = distinct_match["arg"].strip()
        if arg == "*":
            if name != "count" or distinct:
                raise InvalidQueryError(f'"{func}(*)" is not allowed; only count(*) takes "*"')
            return Count("*"), "count(*)"
        column = self._column(arg)
        self._check_aggregate_field(name, column)
        canonical = f"{name}({'distinct ' if distinct else ''}{column.key})"
        if name in ("min", "max"):
            return AGGREGATES[name](column.path), canonical
        return AGGREGATES[name](column.path, distinct=distinct), canonical

    def _check_aggregate_field(self, name: str, column: _Column) -> None:
        """Refuse aggregates the databases cannot compute on the field's type."""
        field = column.field
        if name in ("sum", "avg") and (
            field.is_relation or not isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField))
        ):
            raise InvalidQueryError(f'{name}() needs a numeric field; "{column.key}" is not numeric')
        if name in ("min", "max") and isinstance(
            column.value_field, (models.BooleanField, models.JSONField, models.BinaryField, models.UUIDField)
        ):
            raise InvalidQueryError(f'{name}() cannot be used on field "{column.key}"')

    def _column(self, token: str) -> _Column:
        """Validate a column token (``field``, ```tabDT`.`field```, ``tabDT.field``)."""
        match = _COLUMN_RE.fullmatch(token.strip()) if isinstance(token, str) else None
        if match is None:
            raise InvalidQueryError(f"{_quote(token)} is not a valid field of DocType {self.doctype.name}")
        table = match["table"]
        if table is not None:
            self._check_table(table.strip("`"))
        fieldname = match["column"].strip("`")
        field = self.doctype.get_field(fieldname)
        if field is None:
            raise InvalidQueryError(f'Field "{fieldname}" is not a field of DocType {self.doctype.name}')
        if not (field.many_to_one or field.one_to_one):
            return _Column(fieldname, field.name, field, field)
        path, value_field = self._link_path(field)
        return _Column(fieldname, path, field, value_field)

    def _link_path(self, field: models.Field) -> tuple[str, models.Field]:
        """Path and value field of a foreign key: the target doctype's name when it has one."""
        name_field = doctypes.link_name_field(field)
        if name_field is None:
            return field.name, field.target_field
        return f"{field.name}__{name_field.name}", name_field

    def _check_table(self, table: str) -> None:
        """Only Frappe's table name of this doctype (``tab<DocType>``) may prefix a field."""
        if not (table.startswith("tab") and table[3:].lower() == self.doctype.name.lower()):
            raise InvalidQueryError(
                f'Table "{table}" is not allowed; only fields of DocType {self.doctype.name} can be used'
            )

    # -- filters ----------------------------------------------------------------

    def _where(self, filters: Any, or_filters: Any) -> Q:
        """``filters`` ANDed, with the ORed ``or_filters`` group ANDed to them."""
        and_filters, any_filters = parse_filters(filters), parse_filters(or_filters)
        _check_count(len(and_filters) + len(any_filters), "filter conditions", MAX_CONDITIONS)
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
                f'Filter on DocType "{item.doctype}" is not allowed in a query on {self.doctype.name}'
            )
        column = self._column(item.fieldname)
        if isinstance(column.value_field, (models.JSONField, models.BinaryField)) and item.operator != "is":
            raise InvalidQueryError(f'Field "{column.key}" can only be filtered with "is set" / "is not set"')
        return getattr(self, _HANDLERS[item.operator])(column, item.operator, item.value)

    def _equals(self, column: _Column, operator: str, value: Any) -> Q:
        """``=`` / ``!=``; ``None`` compares with NULL."""
        if value is None:
            return Q(**{f"{column.path}__isnull": operator == "="})
        condition = Q(**{column.path: self._convert(column, value)})
        return condition if operator == "=" else ~condition

    def _compare(self, column: _Column, operator: str, value: Any) -> Q:
        """``>``, ``<``, ``>=``, ``<=``."""
        if value is None:
            raise InvalidQueryError(f'Operator "{operator}" on {column.key} needs a value, not null')
        return Q(**{f"{column.path}__{_COMPARISONS[operator]}": self._convert(column, value)})

    def _like(self, column: _Column, operator: str, value: Any) -> Q:
        """``like`` / ``not like`` through the ``frappe_like`` lookup."""
        if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > MAX_PATTERN_LENGTH:
            raise InvalidQueryError(f'Operator "{operator}" on {column.key} needs a text pattern, not {_short(value)}')
        condition = Q(**{f"{column.path}__frappe_like": like_pattern(value)})
        return condition if operator == "like" else ~condition

    def _in(self, column: _Column, operator: str, values: list) -> Q:
        """``in`` / ``not in``, each value converted."""
        condition = Q(**{f"{column.path}__in": [self._convert(column, value) for value in values]})
        return condition if operator == "in" else ~condition

    def _is(self, column: _Column, operator: str, value: str) -> Q:
        """``is set`` / ``is not set``."""
        empty = Q(**{f"{column.path}__isnull": True})
        if isinstance(column.value_field, (models.CharField, models.TextField)):
            # Frappe treats "" like NULL for text: ifnull(column, '') = ''.
            empty |= Q(**{column.path: ""})
        return ~empty if value == "set" else empty

    def _between(self, column: _Column, operator: str, values: list) -> Q:
        """``between`` (inclusive)."""
        if values[0] is None or values[1] is None:
            raise InvalidQueryError(f'Operator "between" on {column.key} needs two values, not null')
        low, high = values
        last_day = _date_only(high)
        if isinstance(column.value_field, models.DateTimeField) and last_day is not None:
            # Frappe's between on datetimes includes the whole last day (in local time).
            high = datetime.datetime.combine(last_day, datetime.time.max)
        low, high = self._convert(column, low), self._convert(column, high)
        return Q(**{f"{column.path}__range": (low, high)})

    def _convert(self, column: _Column, value: Any) -> Any:
        """A filter value as the field's Python type, or InvalidQueryError naming the field."""
        if value is None:
            return None
        field = column.value_field
        try:
            if isinstance(field, models.BooleanField) and isinstance(value, str):
                value = _parse_bool(value)
            converted = field.to_python(value)
            if converted is None:
                raise ValueError("empty value")  # e.g. "" for some fields; SQL can't compare with NULL
            return _check_converted(field, converted)
        except _CONVERSION_ERRORS:
            raise InvalidQueryError(f"Invalid value {_short(value)} for field {column.key}") from None

    # -- ordering ---------------------------------------------------------------

    def _resolve_order_item(self, item: str, outputs: list[_Output]) -> tuple[_Output | _Column, bool]:
        """An ordering item as an output column (alias or aggregate text) or a doctype column."""
        descending = item.startswith("-")
        token = item[1:] if descending else item
        for output in outputs:
            if output.key == token or (output.aggregate is not None and output.canonical == _canonical_call(token)):
                return output, descending
        if _CALL_RE.fullmatch(token):
            raise InvalidQueryError(
                f"Cannot order by {_quote(token)}: only fields, aliases and selected aggregates can be used"
            )
        try:
            return self._column(token), descending
        except InvalidQueryError as exc:
            raise InvalidQueryError(f"Cannot order by {_quote(token)}: {exc.message}") from None

    def _default_ordering(self) -> list[tuple[_Column | None, str, bool]]:
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
                column = self._column(path)
            except InvalidQueryError:
                column = None  # a developer's ordering on a hidden field: keep it as given
            result.append((column, column.path if column else path, descending))
        return result

    def _plain_ordering(self, outputs: list[_Output], order_by: list[str]) -> list[OrderBy]:
        """``order_by`` (or the doctype's ``sort_field``) plus a primary-key tiebreak."""
        entries: list[tuple[_Column | None, str, bool]] = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            column = target.column if isinstance(target, _Output) else target
            entries.append((column, column.path, descending))
        entries = entries or self._default_ordering()
        ordering = [_order(path, descending, column is None or column.nullable) for column, path, descending in entries]
        if not any(column is not None and column.unique for column, _, _ in entries):
            ordering.append(_order("pk", entries[-1][2] if entries else False, False))
        return ordering

    def _distinct_ordering(self, outputs: list[_Output], order_by: list[str], paths: list[str]) -> list[OrderBy]:
        """Ordering for ``distinct``: selected columns only."""
        # DISTINCT with an ORDER BY column outside the select list changes the rows, so
        # only selected columns may order; the default orders by all of them.
        by_path = {o.column.path: o.column for o in outputs}
        entries = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            column = target.column if isinstance(target, _Output) else target
            if column.path not in by_path:
                raise InvalidQueryError(f'With distinct, order_by can only use selected fields, not "{column.key}"')
            entries.append((column, descending))
        if not order_by:
            entries = [(c, d) for c, _, d in self._default_ordering() if c is not None and c.path in by_path]
        seen = {column.path for column, _ in entries}
        entries += [(by_path[path], False) for path in paths if path not in seen]
        return [_order(column.path, descending, column.nullable) for column, descending in entries]

    def _grouped_ordering(self, outputs: list[_Output], groups: list[_Column], order_by: list[str]) -> list[OrderBy]:
        """Ordering for grouped rows: grouped fields and aggregates only."""
        group_paths = {c.path for c in groups}
        ordering = []
        for item in order_by:
            target, descending = self._resolve_order_item(item, outputs)
            if isinstance(target, _Output) and target.aggregate is not None:
                ordering.append(_order(target.alias, descending, True))
                continue
            column = target.column if isinstance(target, _Output) else target
            if column.path not in group_paths:
                raise InvalidQueryError(
                    f'Cannot order by "{column.key}": with group_by, order by a grouped field or an aggregate'
                )
            ordering.append(_order(column.path, descending, column.nullable))
        if not ordering:
            ordering = [_order(c.path, False, c.nullable) for c in {c.path: c for c in groups}.values()]
        return ordering


_HANDLERS = {
    "=": "_equals",
    "!=": "_equals",
    ">": "_compare",
    "<": "_compare",
    ">=": "_compare",
    "<=": "_compare",
    "like": "_like",
    "not like": "_like",
    "in": "_in",
    "not in": "_in",
    "is": "_is",
    "between": "_between",
}


def _order(path: str, descending: bool, nullable: bool) -> OrderBy:
    """An ordering expression on ``path``."""
    # MariaDB's NULL order on every backend; plain ORDER BY on NOT NULL columns keeps indexes usable.
    expression = F(path)
    if not nullable:
        return expression.desc() if descending else expression.asc()
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)


def _same_output(first: _Output, second: _Output) -> bool:
    """Whether two output columns read the same thing (so a repeated key is harmless)."""
    if first.column is not None and second.column is not None:
        return first.column.path == second.column.path
    return first.aggregate is not None and second.aggregate is not None and first.canonical == second.canonical


def _clean_alias(alias: str) -> str:
    """A validated ``as`` alias (backticks allowed around it)."""
    if len(alias) > 2 and alias[0] == alias[-1] == "`":
        alias = alias[1:-1]
    if not _ALIAS_RE.fullmatch(alias):
        raise InvalidQueryError(
            f"Alias {_quote(alias)} is not valid: use up to 64 letters, digits and underscores, not starting with a digit"
        )
    return alias


def _canonical_call(token: str) -> str | None:
    """``COUNT( DISTINCT status )`` → ``count(distinct status)``, for matching order_by items to aggregates."""
    match = _CALL_RE.fullmatch(token)
    if match is None:
        return None
    arg = " ".join(match["arg"].split())
    distinct = _DISTINCT_RE.fullmatch(arg)
    if distinct:
        arg = f"distinct {distinct['arg']}"
    return f"{match['func'].lower()}({arg})"


def _parse_bool(value: str) -> Any:
    """Booleans from the strings clients send; anything else is left for Django to refuse."""
    # Django's BooleanField only knows "t"/"True"/"1"; clients send "true", "yes"...
    lowered = value.strip().lower()
    if lowered in _TRUE_STRINGS:
        return True
    if lowered in _FALSE_STRINGS:
        return False
    return value


def _check_converted(field: models.Field, value: Any) -> Any:
    """Refuse values the database cannot compare; make naive datetimes aware."""
    if isinstance(field, models.IntegerField) and isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
        # Beyond 64 bits SQLite's driver overflows (PostgreSQL copes); no column holds such a value.
        raise ValueError("integer out of range")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if isinstance(value, decimal.Decimal) and (not value.is_finite() or abs(value.adjusted()) > 1000):
        raise ValueError("not a finite number")
    if (
        settings.USE_TZ
        and isinstance(field, models.DateTimeField)
        and isinstance(value, datetime.datetime)
        and timezone.is_naive(value)
    ):
        # Converting now surfaces out-of-range datetimes here, not in the database driver.
        value = timezone.make_aware(value, timezone.get_current_timezone()).astimezone(datetime.UTC)
    return value


def _date_only(value: Any) -> datetime.date | None:
    """The date when ``value`` is a date (or ``YYYY-MM-DD``) without a time, else ``None``."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return parse_date(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None
