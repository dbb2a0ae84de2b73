"""Frappe's filter operators as Django lookups and ``Q`` objects, and filter values as Python values.

:func:`filter_q` turns one checked filter (see :mod:`~django_frappe_web.filters`) on a
resolved column into a ``Q``; ``like`` goes through the ``frappe_like`` lookup (SQL
``LIKE ... ESCAPE``, never a regex: docs/query.md says why).
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Field, Lookup, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .exceptions import InvalidQueryError
from .filters import short
from .utils import to_bool

MAX_PATTERN_LENGTH = 1000  # characters of one `like` pattern
ANY, ONE, ESCAPE = "%", "_", "\\"
_COMPARISONS = {">": "gt", "<": "lt", ">=": "gte", "<=": "lte"}
_INT64 = (-(2**63), 2**63 - 1)
# Django's BooleanField only knows "t"/"True"/"1"; clients send "true", "yes"... ("" is no boolean here)
_TRUE_STRINGS = frozenset({"1", "t", "true", "y", "yes", "on"})
_FALSE_STRINGS = frozenset({"0", "f", "false", "n", "no", "off"})
_CONVERSION_ERRORS = (DjangoValidationError, TypeError, ValueError, OverflowError, ArithmeticError)


# -- like --------------------------------------------------------------------------------


def like_pattern(pattern: str) -> str:
    """``pattern`` in canonical form: literal ``%``, ``_`` and ``\\`` escaped, ``%%`` as ``%``."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == ANY:
            if out[-1:] != [ANY]:
                out.append(ANY)
        elif char == ONE:
            out.append(ONE)
        else:
            # A trailing backslash is a literal one (MariaDB's reading; PostgreSQL would refuse it).
            literal = next(chars, ESCAPE) if char == ESCAPE else char
            out.append(ESCAPE + literal if literal in (ANY, ONE, ESCAPE) else literal)
    return "".join(out)


class FrappeLike(Lookup):
    """``field__frappe_like=pattern``: ``pattern`` must already be canonical (see :func:`like_pattern`)."""

    lookup_name = "frappe_like"
    prepare_rhs = False  # the pattern is text whatever the field (an IntegerField would int() it)

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]

    def _sides(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"LOWER({lhs}) LIKE LOWER({rhs}) ESCAPE '\\'", params

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} LIKE {rhs} ESCAPE '\\'", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # lookup_cast: "col::text" (or HOST(col) for IP addresses), as Django's own text lookups.
        column = connection.ops.lookup_cast("contains", self.lhs.output_field.get_internal_type()) % lhs
        return f"{column} ILIKE {rhs} ESCAPE '\\'", params

    def as_mysql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # The backslash is MySQL's default LIKE escape; the column's collation decides the case.
        return f"{lhs} LIKE {rhs}", params


Field.register_lookup(FrappeLike)


# -- operators → Q ---------------------------------------------------------------------


def filter_q(path: str, field: models.Field, operator: str, value: Any, key: str) -> Q:
    """The ``Q`` for ``path operator value``: ``field`` converts values, ``key`` names the column in messages.

    ``operator`` and ``value`` come checked for shape from :func:`~django_frappe_web.filters.parse_filters`.
    """
    if isinstance(field, (models.JSONField, models.BinaryField)) and operator != "is":
        raise InvalidQueryError(_("Field \"{key}\" can only be filtered with \"is set\" / \"is not set\"").format(
            key=key))
    return _OPERATOR_QS[operator](path, field, key, operator, value)


def _equals(path: str, field: models.Field, key: str, operator: str, value: Any) -> Q:
    """``=`` / ``!=``; ``None`` compares with NULL."""
    if value is None:
        return Q(**{f"{path}__isnull": operator == "="})
    matched = Q(**{path: convert_value(field, value, key)})
    return matched if operator == "=" else ~matched


def _compare(path: str, field: models.Field, key: str, operator: str, value: Any) -> Q:
    """``>``, ``<``, ``>=``, ``<=``."""
    if value is None:
        raise InvalidQueryError(_("Operator \"{operator}\" on {key} needs a value, not null").format(
            operator=operator, key=key))
    return Q(**{f"{path}__{_COMPARISONS[operator]}": convert_value(field, value, key)})


def _like(path: str, field: models.Field, key: str, operator: str, value: Any) -> Q:
    """``like`` / ``not like`` through the ``frappe_like`` lookup."""
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > MAX_PATTERN_LENGTH:
        raise InvalidQueryError(_("Operator \"{operator}\" on {key} needs a text pattern, not {value}").format(
            operator=operator, key=key, value=short(value)))
    matched = Q(**{f"{path}__frappe_like": like_pattern(value)})
    return matched if operator == "like" else ~matched


def _in(path: str, field: models.Field, key: str, operator: str, values: list) -> Q:
    """``in`` / ``not in``, each value converted."""
    matched = Q(**{f"{path}__in": [convert_value(field, value, key) for value in values]})
    return matched if operator == "in" else ~matched


def _is(path: str, field: models.Field, key: str, operator: str, value: str) -> Q:
    """``is set`` / ``is not set``."""
    empty = Q(**{f"{path}__isnull": True})
    if isinstance(field, (models.CharField, models.TextField)):
        # Frappe treats "" like NULL for text: ifnull(column, '') = ''.
        empty |= Q(**{path: ""})
    return ~empty if value == "set" else empty


def _between(path: str, field: models.Field, key: str, operator: str, values: list) -> Q:
    """``between`` (inclusive)."""
    if values[0] is None or values[1] is None:
        raise InvalidQueryError(_("Operator \"between\" on {key} needs two values, not null").format(key=key))
    low, high = values
    last_day = _date_only(high)
    if isinstance(field, models.DateTimeField) and last_day is not None:
        # Frappe's between on datetimes includes the whole last day (in local time).
        high = datetime.datetime.combine(last_day, datetime.time.max)
    low, high = convert_value(field, low, key), convert_value(field, high, key)
    return Q(**{f"{path}__range": (low, high)})


_OPERATOR_QS: dict[str, Callable[[str, models.Field, str, str, Any], Q]] = {
    "=": _equals,
    "!=": _equals,
    ">": _compare,
    "<": _compare,
    ">=": _compare,
    "<=": _compare,
    "like": _like,
    "not like": _like,
    "in": _in,
    "not in": _in,
    "is": _is,
    "between": _between,
}


# -- values ------------------------------------------------------------------------------


def convert_value(field: models.Field, value: Any, key: str) -> Any:
    """A filter value as ``field``'s Python type, or InvalidQueryError naming the column ``key``."""
    if value is None:
        return None
    try:
        if isinstance(field, models.BooleanField) and isinstance(value, str):
            value = to_bool(value, _TRUE_STRINGS, _FALSE_STRINGS)  # anything else: Django refuses it
        converted = field.to_python(value)
        if converted is None:
            raise ValueError("empty value")  # e.g. "" for some fields; SQL can't compare with NULL
        return _check_converted(field, converted)
    except _CONVERSION_ERRORS:
        raise InvalidQueryError(_("Invalid value {value} for field {key}").format(
            value=short(value), key=key)) from None


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
