"""Frappe's query arguments in every form clients send them, checked for shape.

``filters`` / ``or_filters``, ``fields``, ``order_by``, ``group_by`` and the limits as
dicts, lists, comma-separated strings or JSON (through :mod:`~django_frappe_web.json_input`),
and one column item (```tabDT`.`field```, ``field as alias``, ``count(distinct field)``).
Nothing here knows a doctype (:mod:`~django_frappe_web.columns` checks names against one).
Every problem is an :class:`~django_frappe_web.exceptions.InvalidQueryError`.
"""

from __future__ import annotations

import datetime
import decimal
import re
import reprlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .exceptions import InvalidQueryError
from .json_input import MAX_JSON_DEPTH, TOO_DEEP, JSONInputError, load_json

MAX_CONDITIONS = 200  # filters + or_filters together
MAX_COLUMNS = 200  # items in fields, order_by or group_by
MAX_IN_VALUES = 1000  # values of one `in` / `not in` filter
MAX_ITEM_LENGTH = 500  # characters of one fields / order_by / group_by item or fieldname
MAX_LIMIT = 10**9

OPERATORS = ("=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between")
_OPERATOR_ALIASES = {"<>": "!=", "==": "="}

_IDENT = r"[A-Za-z_][A-Za-z0-9_]{0,127}"
_COLUMN_RE = re.compile(rf"(?:(?P<table>`[^`]{{1,200}}`|{_IDENT})\.)?(?P<column>`{_IDENT}`|{_IDENT})")
_ALIAS_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_AS_RE = re.compile(r"(?P<expr>.+?)\s+as\s+(?P<alias>\S+)", re.IGNORECASE | re.DOTALL)
_CALL_RE = re.compile(r"(?P<func>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<arg>.*)\)", re.DOTALL)
_DISTINCT_RE = re.compile(r"distinct\s+(?P<arg>.+)", re.IGNORECASE | re.DOTALL)
_ORDER_RE = re.compile(r"(?P<column>.+?)(?:\s+(?P<direction>asc|desc))?", re.IGNORECASE | re.DOTALL)
_DIGITS_RE = re.compile(r"\s*\d{1,12}\s*")
_SCALAR_TYPES = (
    str, int, float, decimal.Decimal, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, type(None)
)

_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 3, 60, 60, 5, 4


def short(value: Any) -> str:
    """A bounded ``repr`` for messages: safe on huge or deeply nested input."""
    return _repr.repr(value)


def quote(value: Any) -> str:
    """A value for a message: quoted when a short string, else a bounded repr."""
    return f'"{value}"' if isinstance(value, str) and len(value) <= 60 else short(value)


def check_count(count: int, what: str, limit: int) -> None:
    """InvalidQueryError when ``count`` exceeds ``limit``."""
    if count > limit:
        raise InvalidQueryError(_("Too many {what}: {count} (at most {limit})").format(
            what=what, count=count, limit=limit))


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
        raise InvalidQueryError(_("Filters must be a list or an object, not {value}").format(value=short(value)))
    if isinstance(value, (int, str)):
        return [_make_filter("name", "=", value)]
    if isinstance(value, dict):
        check_count(len(value), "filter conditions", MAX_CONDITIONS)
        return [_filter_from_pair(key, item) for key, item in value.items()]
    if isinstance(value, (list, tuple)):
        return _filters_from_list(value)
    raise InvalidQueryError(_("Filters must be a list or an object, not {type}").format(type=type(value).__name__))


def _filters_from_list(items: list | tuple) -> list[Filter]:
    """A list of filter lists and/or dicts."""
    check_count(len(items), "filter conditions", MAX_CONDITIONS)
    parsed: list[Filter] = []
    for item in items:
        if isinstance(item, dict):
            parsed.extend(_filter_from_pair(key, value) for key, value in item.items())
        elif isinstance(item, (list, tuple)):
            parsed.append(_filter_from_list(item))
        else:
            raise InvalidQueryError(
                _("Each filter must be a [field, operator, value] list or a {{field: value}} object, not {item} (SQL "
                  "conditions are not accepted)").format(
                    item=short(item))
            )
        check_count(len(parsed), "filter conditions", MAX_CONDITIONS)
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
            raise InvalidQueryError(_("The doctype of filter {item} must be a string").format(item=short(item)))
        return _make_filter(item[1], item[2], item[3], doctype=item[0])
    raise InvalidQueryError(
        _("A filter must be [field, operator, value] or [doctype, field, operator, value], got {item}").format(
            item=short(item))
    )


def _filter_from_pair(fieldname: Any, value: Any) -> Filter:
    """``{field: value}`` or ``{field: [operator, value]}``."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InvalidQueryError(
                _("Filter on {fieldname} must be a value or [operator, value], got {value}").format(
                    fieldname=short(fieldname), value=short(value))
            )
        return _make_filter(fieldname, value[0], value[1])
    return _make_filter(fieldname, "=", value)


def _make_filter(fieldname: Any, operator: Any, value: Any, doctype: str | None = None) -> Filter:
    """A :class:`Filter` with its fieldname, operator and value shape checked."""
    if not isinstance(fieldname, str) or not fieldname.strip():
        raise InvalidQueryError(_("A filter's field name must be a non-empty string, not {fieldname}").format(
            fieldname=short(fieldname)))
    if len(fieldname) > MAX_ITEM_LENGTH or "\x00" in fieldname:
        raise InvalidQueryError(_("Invalid field name {fieldname}").format(fieldname=short(fieldname)))
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
        _("Operator {operator} is not supported; use one of {operators}").format(
            operator=quote(operator), operators=", ".join([*OPERATORS[:2], "<>", *OPERATORS[2:]]))
    )


def _check_filter_value(fieldname: str, operator: str, value: Any) -> Any:
    """Check the value's shape for the operator; ``in`` strings become lists."""
    if operator in ("in", "not in"):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        elif _is_scalar(value) and value is not None:
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise InvalidQueryError(_("Operator \"{operator}\" on {fieldname} needs a list of values").format(
                operator=operator, fieldname=fieldname))
        check_count(len(value), f'values for "{operator}" on {fieldname}', MAX_IN_VALUES)
        for item in value:
            _check_scalar(fieldname, item)
        return list(value)
    if operator == "between":
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise InvalidQueryError(_("Operator \"between\" on {fieldname} needs a list of two values, got "
                                      "{value}").format(
                fieldname=fieldname, value=short(value)))
        for item in value:
            _check_scalar(fieldname, item)
        return list(value)
    if operator == "is":
        normalized = " ".join(value.lower().split()) if isinstance(value, str) else None
        if normalized not in ("set", "not set"):
            raise InvalidQueryError(_("Operator \"is\" on {fieldname} takes \"set\" or \"not set\", not "
                                      "{value}").format(
                fieldname=fieldname, value=short(value)))
        return normalized
    _check_scalar(fieldname, value)
    return value


def _is_scalar(value: Any) -> bool:
    """Whether ``value`` is a single value a filter may compare with."""
    return isinstance(value, _SCALAR_TYPES)


def _check_scalar(fieldname: str, value: Any) -> None:
    """Refuse lists, dicts and strings with NUL characters (PostgreSQL rejects those)."""
    if not _is_scalar(value):
        raise InvalidQueryError(_("Value for field {fieldname} must be a single value, not {value}").format(
            fieldname=fieldname, value=short(value)))
    if isinstance(value, str) and "\x00" in value:
        raise InvalidQueryError(_("Value for field {fieldname} must not contain NUL characters").format(
            fieldname=fieldname))


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
        if text.startswith('"'):  # a JSON string, as frappe-client's older releases send ('"*"')
            text = _load_json(text, "fields", "Fields must be JSON").strip()
        if not text:
            return ["name"]
        value = _load_json(text, "fields", "Fields must be a JSON list") if text.startswith("[") else text.split(",")
        if value is None:
            return ["name"]
    if not isinstance(value, (list, tuple)):
        raise InvalidQueryError(_("Fields must be a list of field names, not {value}").format(value=short(value)))
    check_count(len(value), "fields", MAX_COLUMNS)
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
            raise InvalidQueryError(_("Invalid order_by item {part}").format(part=short(part)))
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
        check_count(len(value), f"{what} items", MAX_COLUMNS)
        raw = []
        for item in value:
            if not isinstance(item, str):
                raise InvalidQueryError(_("Each {what} item must be a string, not {item}").format(
                    what=what, item=short(item)))
            raw.extend(item.split(","))
    else:
        raise InvalidQueryError(_("{what} must be a string or a list of strings, not {value}").format(
            what=what, value=short(value)))
    check_count(len(raw), f"{what} items", MAX_COLUMNS)
    return [_clean_item(item, what) for item in raw]


def _clean_item(item: Any, what: str) -> str:
    """One stripped, non-empty, bounded string item of fields / order_by / group_by."""
    if not isinstance(item, str):
        raise InvalidQueryError(_("Each {what} must be a string, not {item}").format(what=what, item=short(item)))
    item = item.strip()
    if not item:
        raise InvalidQueryError(_("Empty {what} item").format(what=what))
    if len(item) > MAX_ITEM_LENGTH or "\x00" in item:
        raise InvalidQueryError(_("Invalid {what} {item}").format(what=what, item=short(item)))
    return item


# -- one column item: ``field``, ```tabDT`.`field```, ``count(distinct field) as n`` ----------


def parse_column(token: Any) -> tuple[str | None, str] | None:
    """``(table, fieldname)`` of ``field``, ```tabDT`.`field``` or ``tabDT.field`` (backticks dropped), else ``None``."""
    match = _COLUMN_RE.fullmatch(token.strip()) if isinstance(token, str) else None
    if match is None:
        return None
    table = match["table"]
    return (table.strip("`") if table is not None else None), match["column"].strip("`")


def split_alias(item: str) -> tuple[str, str | None]:
    """``expr as alias`` as ``(expr, alias)`` with the alias validated; ``(item, None)`` without one."""
    match = _AS_RE.fullmatch(item)
    if match is None:
        return item, None
    return match["expr"].strip(), _clean_alias(match["alias"])


def _clean_alias(alias: str) -> str:
    """A validated ``as`` alias (backticks allowed around it)."""
    if len(alias) > 2 and alias[0] == alias[-1] == "`":
        alias = alias[1:-1]
    if not _ALIAS_RE.fullmatch(alias):
        raise InvalidQueryError(
            _("Alias {alias} is not valid: use up to 64 letters, digits and underscores, not starting with a "
              "digit").format(
                alias=quote(alias))
        )
    return alias


def parse_call(token: str) -> tuple[str, str, bool] | None:
    """``func(arg)`` / ``func(distinct arg)`` as ``(func, arg, distinct)``, else ``None``."""
    match = _CALL_RE.fullmatch(token)
    if match is None:
        return None
    arg = match["arg"].strip()
    distinct = _DISTINCT_RE.fullmatch(arg)
    return (match["func"], distinct["arg"].strip(), True) if distinct else (match["func"], arg, False)


def canonical_call(token: str) -> str | None:
    """``COUNT( DISTINCT status )`` → ``count(distinct status)``, for matching order_by items to aggregates."""
    match = _CALL_RE.fullmatch(token)
    if match is None:
        return None
    arg = " ".join(match["arg"].split())
    distinct = _DISTINCT_RE.fullmatch(arg)
    if distinct:
        arg = f"distinct {distinct['arg']}"
    return f"{match['func'].lower()}({arg})"


# -- limits and JSON -----------------------------------------------------------------------


def parse_limit(value: Any, name: str = "limit_page_length") -> int | None:
    """An int in ``0..10**9`` from an int or a string of digits; ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, str) and _DIGITS_RE.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise InvalidQueryError(_("{name} must be a whole number between 0 and {limit}, not {value}").format(
            name=name, limit=MAX_LIMIT, value=short(value)))
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
            raise InvalidQueryError(_("{what} are nested too deeply (at most {depth} levels)").format(
                what=what.capitalize(), depth=MAX_JSON_DEPTH)) from None
        raise InvalidQueryError(_("{message}, got {text}").format(
            message=message, text=short(text)) if exc.syntax else exc.message) from None
