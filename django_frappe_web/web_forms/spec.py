"""A ``WebForm`` row resolved against its doctype: its usable fields, child tables, conditions and layout.

Rows that cannot work (refused by the admin, but saved another way: a shell, a fixture, a
model that lost a field) are skipped and logged, so they never take the page down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..doctypes import DocType, get_doctype
from ..exceptions import PermissionError
from .conditions import Condition, ConditionError, parse
from .fields import allowed_fieldtypes, default_fieldtype, form_fields_of, options_list
from .layout import Page, build_pages
from .tables import TableSpec, table_spec

logger = logging.getLogger("django_frappe_web.web_forms")


@dataclass(frozen=True)
class FieldSpec:
    """One usable field of a web form: the admin's row resolved against the model."""

    fieldname: str
    label: str
    fieldtype: str
    reqd: bool
    default: str
    options: list[str]
    description: str
    hidden: bool
    read_only: bool
    model_field: models.Field
    depends_on: Condition | None = None
    mandatory_depends_on: Condition | None = None

    @property
    def fixed(self) -> bool:
        """Visitors cannot fill it: the server writes the default."""
        return self.hidden or self.read_only


@dataclass
class WebFormSpec:
    """A web form row with its doctype, its usable fields and tables, in order, and its pages."""

    web_form: Any
    doctype: DocType
    fields: list[FieldSpec] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    @property
    def visible_fields(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if not spec.hidden]

    @property
    def attach_fieldnames(self) -> list[str]:
        return [spec.fieldname for spec in self.fields if spec.fieldtype == "Attach"]

    @property
    def owner_field(self) -> str | None:
        return self.doctype.owner_field

    @property
    def is_multi_step(self) -> bool:
        return len(self.pages) > 1

    def hidden_values_read(self) -> dict[str, str]:
        """Hidden fields' defaults that a condition reads: the server decides with them, so the
        page's script, which sees only the fields shown, is given them too."""
        conditions = [condition for spec in self.fields for condition in (spec.depends_on, spec.mandatory_depends_on)]
        conditions += [table.depends_on for table in self.tables]
        conditions += [section.depends_on for page in self.pages for section in page.sections]
        read = {name for condition in conditions if condition is not None for name in condition.fieldnames}
        return {spec.fieldname: spec.default for spec in self.fields if spec.hidden and spec.fieldname in read}

    def fixed_values(self) -> dict[str, str]:
        """Hidden and read-only fields' defaults, written when a response is created."""
        return {spec.fieldname: spec.default for spec in self.fields if spec.fixed and spec.default != ""}


def load_spec(web_form: Any) -> WebFormSpec:
    """Resolve ``web_form``'s rows against its doctype; rows that cannot work are skipped and logged."""
    doctype = get_doctype(web_form.doctype)
    if doctype.read_only:  # saved around the admin, which does not offer it: the form saves without permission checks
        raise PermissionError(_("Documents of {doctype} cannot be created through a web form.").format(
            doctype=doctype.name))
    usable = form_fields_of(doctype)
    spec, items = WebFormSpec(web_form, doctype), []
    for row in web_form.fields.all():
        if row.is_break:
            condition = _condition(web_form, row, "depends_on") if row.fieldtype == "Section Break" else None
            items.append(("break", row.fieldtype, row.label, row.description, condition))
        elif row.fieldtype == "Table":
            table = table_spec(doctype, row, _condition(web_form, row, "depends_on"))
            if table is None:
                logger.warning("Web form %r: skipping table %r (not a usable child table)", web_form.route, row.fieldname)
                continue
            spec.tables.append(table)
            items.append(("table", table.fieldname))
        else:
            field_spec = _field_spec(web_form, row, usable.get(row.fieldname))
            if field_spec is not None:
                spec.fields.append(field_spec)
                if not field_spec.hidden:
                    items.append(("field", field_spec.fieldname))
    spec.pages = build_pages(items)
    return spec


def _field_spec(web_form: Any, row: Any, model_field: models.Field | None) -> FieldSpec | None:
    fieldtype = row.fieldtype or (default_fieldtype(model_field) if model_field is not None else "")
    if model_field is None or fieldtype not in allowed_fieldtypes(model_field):
        logger.warning("Web form %r: skipping field %r (%s)", web_form.route, row.fieldname,
                       "not a usable field of the model" if model_field is None else f"{fieldtype} does not fit it")
        return None
    return FieldSpec(
        fieldname=row.fieldname,
        label=row.label or capfirst(model_field.verbose_name),
        fieldtype=fieldtype,
        reqd=row.reqd,
        default=row.default,
        options=options_list(row.options),
        description=row.description or str(model_field.help_text or ""),
        hidden=row.hidden,
        read_only=row.read_only,
        model_field=model_field,
        depends_on=_condition(web_form, row, "depends_on"),
        mandatory_depends_on=_condition(web_form, row, "mandatory_depends_on"),
    )


def _condition(web_form: Any, row: Any, attribute: str) -> Condition | None:
    try:
        return parse(getattr(row, attribute))
    except ConditionError as exc:
        logger.warning("Web form %r: ignoring %s of %r (%s)", web_form.route, attribute, row.fieldname, exc)
        return None
