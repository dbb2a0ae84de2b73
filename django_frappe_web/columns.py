"""The columns of a query on one doctype: field tokens checked against it, links read as names, aggregates.

:func:`column` resolves a filter, ``order_by`` or ``group_by`` token; :func:`outputs` the
``fields`` items (``*``, ``field as alias``, ``count(distinct field)``...) of
:class:`~django_frappe_web.query.DatabaseQuery`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import models
from django.db.models import Aggregate, Avg, Count, Max, Min, Sum
from django.utils.translation import gettext as _

from . import doctypes
from .doctypes import DocType
from .exceptions import InvalidQueryError
from .filters import parse_call, parse_column, quote, split_alias

AGGREGATES: dict[str, type[Aggregate]] = {"count": Count, "sum": Sum, "avg": Avg, "min": Min, "max": Max}


@dataclass(frozen=True)
class Column:
    """A validated doctype field: its output key, ORM path and the field values convert with."""

    key: str
    path: str
    field: models.Field
    value_field: models.Field

    @property
    def unique(self) -> bool:
        """Whether ordering by this column alone orders rows totally (non-null and unique)."""
        return self.path == self.field.name and (self.field.primary_key or self.field.unique) and not self.field.null


@dataclass(frozen=True)
class Output:
    """One output column: a plain column (``column``) or an aggregate (``aggregate``)."""

    key: str
    column: Column | None = None
    aggregate: Aggregate | None = None
    canonical: str = ""  # an aggregate's normalised text, e.g. "count(distinct status)"
    alias: str = ""  # an aggregate's annotation name: ours, never the caller's text


def column(doctype: DocType, token: str) -> Column:
    """Validate a column token (``field``, ```tabDT`.`field```, ``tabDT.field``) of ``doctype``."""
    parsed = parse_column(token)
    if parsed is None:
        raise InvalidQueryError(_("{token} is not a valid field of DocType {doctype}").format(
            token=quote(token), doctype=doctype.name))
    table, fieldname = parsed
    if table is not None:
        _check_table(doctype, table)
    field = doctype.get_field(fieldname)
    if field is None:
        raise InvalidQueryError(_("Field \"{fieldname}\" is not a field of DocType {doctype}").format(
            fieldname=fieldname, doctype=doctype.name))
    if not (field.many_to_one or field.one_to_one):
        return Column(fieldname, field.name, field, field)
    path, value_field = _link_path(field)
    return Column(fieldname, path, field, value_field)


def _link_path(field: models.Field) -> tuple[str, models.Field]:
    """Path and value field of a foreign key: the target doctype's name when it has one."""
    name_field = doctypes.link_name_field(field)
    if name_field is None:
        return field.name, field.target_field
    return f"{field.name}__{name_field.name}", name_field


def _check_table(doctype: DocType, table: str) -> None:
    """Only Frappe's table name of this doctype (``tab<DocType>``) may prefix a field."""
    if not (table.startswith("tab") and table[3:].lower() == doctype.name.lower()):
        raise InvalidQueryError(_("Table \"{table}\" is not allowed; only fields of DocType {doctype} can be "
                                  "used").format(
            table=table, doctype=doctype.name))


def outputs(doctype: DocType, items: list[str]) -> list[Output]:
    """Output columns for ``fields`` items, with duplicate keys checked."""
    by_key: dict[str, Output] = {}
    for item in items:
        for output in _expand_item(doctype, item):
            previous = by_key.get(output.key)
            if previous is not None and not _same_output(previous, output):
                raise InvalidQueryError(_("Column name \"{key}\" is used twice; give one an alias").format(
                    key=output.key))
            by_key.setdefault(output.key, output)
    prefix = _annotation_prefix(doctype)
    return [
        replace(output, alias=f"{prefix}{index}") if output.aggregate is not None else output
        for index, output in enumerate(by_key.values())
    ]


def _expand_item(doctype: DocType, item: str) -> list[Output]:
    """Output columns for one ``fields`` item (``*`` gives several)."""
    item, alias = split_alias(item)
    if item == "*":
        if alias:
            raise InvalidQueryError(_('"*" cannot have an alias'))
        names = ["name", *(n for n in doctype.field_map if n != "name")]
        return [Output(name, column=column(doctype, name)) for name in names]
    call = parse_call(item)
    if call is not None:
        aggregate, canonical = _aggregate(doctype, *call)
        return [Output(alias or canonical, aggregate=aggregate, canonical=canonical)]
    resolved = column(doctype, item)
    return [Output(alias or resolved.key, column=resolved)]


def _aggregate(doctype: DocType, func: str, arg: str, distinct: bool) -> tuple[Aggregate, str]:
    """The aggregate for ``func([distinct] arg)`` and its normalised text (the default key)."""
    name = func.lower()
    if name not in AGGREGATES:
        raise InvalidQueryError(_("Function \"{func}()\" is not allowed; use one of {functions}").format(
            func=func, functions=", ".join(AGGREGATES)))
    if arg == "*":
        if name != "count" or distinct:
            raise InvalidQueryError(_("\"{func}(*)\" is not allowed; only count(*) takes \"*\"").format(func=func))
        return Count("*"), "count(*)"
    target = column(doctype, arg)
    _check_aggregate_field(name, target)
    canonical = f"{name}({'distinct ' if distinct else ''}{target.key})"
    if name in ("min", "max"):
        return AGGREGATES[name](target.path), canonical
    return AGGREGATES[name](target.path, distinct=distinct), canonical


def _check_aggregate_field(name: str, target: Column) -> None:
    """Refuse aggregates the databases cannot compute on the field's type."""
    field = target.field
    if name in ("sum", "avg") and (
        field.is_relation or not isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField))
    ):
        raise InvalidQueryError(_("{name}() needs a numeric field; \"{key}\" is not numeric").format(
            name=name, key=target.key))
    if name in ("min", "max") and isinstance(
        target.value_field, (models.BooleanField, models.JSONField, models.BinaryField, models.UUIDField)
    ):
        raise InvalidQueryError(_("{name}() cannot be used on field \"{key}\"").format(name=name, key=target.key))


def _annotation_prefix(doctype: DocType) -> str:
    """A prefix for annotation names that no model field starts with."""
    taken = {f.name for f in doctype.opts.get_fields()}
    prefix = "dfw_agg_"
    while any(name.startswith(prefix) for name in taken):
        prefix = f"x{prefix}"
    return prefix


def _same_output(first: Output, second: Output) -> bool:
    """Whether two output columns read the same thing (so a repeated key is harmless)."""
    if first.column is not None and second.column is not None:
        return first.column.path == second.column.path
    return first.aggregate is not None and second.aggregate is not None and first.canonical == second.canonical
