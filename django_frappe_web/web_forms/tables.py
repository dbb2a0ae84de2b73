"""Child tables: a ``Table`` field edits the rows of a child model (Frappe's child doctype).

A child model has a foreign key to the form's model; the ``Table`` row's ``fieldname`` is
that relation's accessor (``related_name``, e.g. ``links``) and its ``options`` the columns
visitors fill, one a line. Rows are a Django inline formset: existing rows, blank rows to
add, a Delete box per row; ``max_rows`` caps them and a mandatory table needs one row. A
row id that is not one of this response's rows is an error, never another parent's row.
The formset is validated with the parent form and saved in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _

from ..doctypes import DocType, get_doctype_for_model
from ..utils import to_flag
from .conditions import Condition
from .fields import MAX_TEXT_LENGTH, allowed_fieldtypes, options_list

# A table without max_rows still has a limit: a visitor must not post a million rows.
DEFAULT_MAX_ROWS = 100


@dataclass(frozen=True)
class TableSpec:
    """One ``Table`` field of a web form, resolved against the child model."""

    fieldname: str
    label: str
    description: str
    reqd: bool
    max_rows: int
    columns: list[str]
    relation: Any  # the ManyToOneRel from the child model's foreign key
    depends_on: Condition | None = None

    @property
    def child_model(self) -> type[models.Model]:
        return self.relation.related_model

    @property
    def fk_name(self) -> str:
        return self.relation.field.name


def child_relations(doctype: DocType) -> dict[str, Any]:
    """The doctype's child tables: reverse foreign keys from other models, by accessor name."""
    return {rel.get_accessor_name(): rel for rel in doctype.opts.related_objects
            if rel.one_to_many and rel.get_accessor_name()}


def child_columns(relation: Any) -> dict[str, models.Field]:
    """The child model's fields a visitor may fill (not its key, not the parent link)."""
    found = {}
    for field in relation.related_model._meta.concrete_fields:
        if field.auto_created or not field.editable or field.primary_key or field is relation.field:
            continue
        if field.is_relation and get_doctype_for_model(field.related_model) is None:
            continue  # a select of every row of an unregistered model would show them all
        if allowed_fieldtypes(field):
            found[field.name] = field
    return found


def table_problems(doctype: DocType, fieldname: str, options: str) -> list[str]:
    """Why a ``Table`` row cannot work (empty when it can)."""
    relation = child_relations(doctype).get(fieldname)
    if relation is None:
        names = ", ".join(child_relations(doctype)) or "none"
        return [f"“{fieldname}” is not a child table of {doctype.name} (a foreign key from another model to it); "
                f"its child tables: {names}."]
    usable = child_columns(relation)
    columns = options_list(options)
    if not columns:
        return [f"List the columns of “{fieldname}” in Options, one per line: {', '.join(usable)}."]
    unknown = [column for column in columns if column not in usable]
    if unknown:
        return [f"{relation.related_model.__name__} has no column a visitor may fill named {', '.join(unknown)}; "
                f"choose from {', '.join(usable)}."]
    return []


def table_spec(doctype: DocType, row: Any, depends_on: Condition | None) -> TableSpec | None:
    """The ``TableSpec`` of a ``Table`` row, or None when it cannot work (saved around the admin)."""
    if table_problems(doctype, row.fieldname, row.options):
        return None
    relation = child_relations(doctype)[row.fieldname]
    return TableSpec(
        fieldname=row.fieldname,
        label=row.label or row.fieldname.replace("_", " ").capitalize(),
        description=row.description,
        reqd=row.reqd,
        max_rows=min(row.max_rows, DEFAULT_MAX_ROWS) if row.max_rows is not None else DEFAULT_MAX_ROWS,
        columns=options_list(row.options),
        relation=relation,
        depends_on=depends_on,
    )


class ChildRowsFormSet(forms.BaseInlineFormSet):
    """The rows of one table: limits and foreign row ids are clear errors naming the table."""

    table: TableSpec

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "missing_management_form": f"{self.table.label}: the rows were not sent completely; reload the page.",
            "too_many_forms": f"{self.table.label}: at most %(num)d rows.",
        }

    def clean(self) -> None:
        super().clean()
        counts = self.management_form.cleaned_data
        if not 0 <= counts.get("INITIAL_FORMS", 0) <= counts.get("TOTAL_FORMS", 0):
            raise forms.ValidationError(self.error_messages["missing_management_form"])
        label, own = self.table.label, {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        listed = set()
        for index in range(self.initial_form_count()):
            posted = str(self.forms[index].data.get(self.forms[index].add_prefix(self._pk_field.name)))
            if posted not in own:
                raise forms.ValidationError(_("{label}: row {row} is not a row of this response.").format(
                    label=label, row=index + 1))
            listed.add(posted)
        # Saved rows the post leaves out are kept as they are: they count too.
        count = len([form for form in self.forms if self._is_kept(form)]) + len(own - listed)
        if count > self.table.max_rows:
            raise forms.ValidationError(_("{label}: at most {max_rows} rows.").format(
                label=label, max_rows=self.table.max_rows))
        if self.table.reqd and count == 0:
            raise forms.ValidationError(_("{label}: add at least one row.").format(label=label))

    def _is_kept(self, form: forms.Form) -> bool:
        if self.can_delete and self._should_delete_form(form):
            return False
        return form in self.initial_forms or form.has_changed()

    def rows_data(self) -> list[dict[str, Any]]:
        """The saved rows as script clients see them: name and columns."""
        return [{"name": row.pk, **{column: _plain(getattr(row, column)) for column in self.table.columns}}
                for row in self.get_queryset()]


def _plain(value: Any) -> Any:
    return getattr(value, "pk", value)


def _formfield(table: TableSpec, user: Any) -> Any:
    def make(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
        if model_field.is_relation:
            target = get_doctype_for_model(model_field.related_model)
            if target is None:
                return None
            return forms.ModelChoiceField(queryset=target.get_permitted_queryset(user), required=not model_field.blank,
                                          to_field_name=target.name_field)
        if isinstance(model_field, models.TextField) and model_field.max_length is None:
            kwargs["max_length"] = MAX_TEXT_LENGTH
        if isinstance(model_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        if isinstance(model_field, models.DateField):
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return model_field.formfield(**kwargs)
    return make


def build_formset(table: TableSpec, user: Any, parent: models.Model | None, data: Any = None,
                  files: Any = None, extra: int = 1) -> ChildRowsFormSet:
    """The formset of ``table``'s rows of ``parent`` (a new, unsaved parent has none)."""
    formset_class = forms.inlineformset_factory(
        table.relation.model, table.child_model, formset=ChildRowsFormSet, fk_name=table.fk_name,
        fields=table.columns, formfield_callback=_formfield(table, user), extra=extra, can_delete=True,
        # Room to delete every row and add as many new ones in one POST; more is refused unread.
        max_num=table.max_rows, absolute_max=2 * table.max_rows + 1, validate_max=True,
    )
    formset_class.table = table
    instance = parent if parent is not None else table.relation.model()
    return formset_class(data=data, files=files, instance=instance, prefix=table.fieldname)


def rows_to_formset_data(table: TableSpec, rows: Any, existing: list[models.Model]) -> dict[str, Any]:
    """A script client's rows (a list of dicts, as Frappe's ``accept``) as the formset's POST data.

    The list replaces the table: a row with the ``name`` of an existing row updates it (columns
    it leaves out keep their value), one without a name is added, existing rows not listed are
    deleted. Raises ``ValueError`` naming the problem.
    """
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ValueError(f"data[{table.fieldname!r}] must be a list of objects (the table's rows)")
    if len(rows) > table.max_rows:
        raise ValueError(f"{table.label}: at most {table.max_rows} rows")
    by_pk = {str(obj.pk): obj for obj in existing}
    updates, new_rows = {}, []
    for number, row in enumerate(rows, 1):
        unknown = sorted(set(row) - set(table.columns) - {"name", "doctype", "idx", "parent", "parentfield"})
        if unknown:
            raise ValueError(f"{table.label} row {number}: {', '.join(unknown)} is not a column of this table")
        if row.get("name") is None:
            new_rows.append(row)
        elif str(row["name"]) in by_pk:
            updates[str(row["name"])] = row
        else:
            raise ValueError(f"{table.label} row {number}: {row['name']!r} is not a row of this response")
    prefix, data = table.fieldname, {}
    for index, obj in enumerate(existing):
        values = {column: _plain(getattr(obj, column)) for column in table.columns}
        values.update(updates.get(str(obj.pk), {}))
        data.update(_row_fields(table, prefix, index, values))
        data[f"{prefix}-{index}-id"] = str(obj.pk)
        if str(obj.pk) not in updates:
            data[f"{prefix}-{index}-DELETE"] = "on"
    for offset, row in enumerate(new_rows):
        data.update(_row_fields(table, prefix, len(existing) + offset, row))
    data.update({f"{prefix}-TOTAL_FORMS": str(len(existing) + len(new_rows)),
                 f"{prefix}-INITIAL_FORMS": str(len(existing))})
    return data


def _row_fields(table: TableSpec, prefix: str, index: int, values: dict[str, Any]) -> dict[str, Any]:
    data = {}
    for column in table.columns:
        if column not in values or values[column] is None:
            continue
        value = values[column]
        if isinstance(value, (dict, list)):
            raise ValueError(f"{table.label} row {index + 1}: {column} must be a plain value")
        if isinstance(table.child_model._meta.get_field(column), models.BooleanField):
            value = "true" if to_flag(value) else "false"  # Frappe's 0/1; Django reads "0" as ticked
        data[f"{prefix}-{index}-{column}"] = str(value)
    return data
