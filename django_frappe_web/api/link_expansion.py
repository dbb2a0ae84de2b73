"""``expand_links`` / ``expand`` on v2 reads: link fields replaced by the linked documents themselves.

``expand_links=1`` expands every link field of the answer; ``expand=["category"]`` (JSON, or
``category,owner``) the ones named. A linked document comes as the target doctype's exposed
fields (its ``as_dict``), and only when the user may read it: otherwise the value stays the
name. One query per expanded link field, whatever the number of rows (never one per row).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from ..doctypes import DocType, get_doctype_for_model, with_link_names
from ..document import Document
from ..exceptions import ValidationError
from ..json_input import parse_json
from ..utils import to_flag


def requested_links(doctype: DocType, args: Mapping[str, Any]) -> list[str]:
    """The link fields ``args`` asks to expand (unknown or non-link names are a 417)."""
    if to_flag(args.get("expand_links") or False):
        return list(doctype.link_fields)
    wanted = args.get("expand")
    if wanted in (None, "", []):
        return []
    if isinstance(wanted, str):
        text = wanted.strip()
        wanted = parse_json(text, "expand", not_json="expand must be a JSON list of link fields") \
            if text[:1] in ("[", '"') else [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, list) or not all(isinstance(name, str) for name in wanted):
        raise ValidationError(_("expand must be a list of link field names"))
    if "*" in wanted:
        return list(doctype.link_fields)
    unknown = [name for name in wanted if name not in doctype.link_fields]
    if unknown:
        raise ValidationError(_("{doctype} has no link field {fields} to expand").format(
            doctype=doctype.name, fields=', '.join(map(repr, unknown))))
    return list(dict.fromkeys(wanted))


def _linked_documents(field: models.Field, names: set, user: Any) -> dict[Any, dict]:
    """The documents of ``field``'s doctype called ``names`` that ``user`` may read, by name (one query)."""
    target = get_doctype_for_model(field.related_model)
    if target is None or not names or not target.has_permission("read", user):
        return {}
    rows = with_link_names(target, target.get_permitted_queryset(user)).filter(**{f"{target.name_field}__in": names})
    return {target.get_name(row): Document(target, row).as_dict() for row in rows}


def expand_links(doctype: DocType, rows: list, args: Mapping[str, Any], user: Any) -> None:
    """Replace, in place, the requested link values of ``rows`` (dicts) by the linked documents."""
    fields = requested_links(doctype, args)
    rows = [row for row in rows if isinstance(row, dict)]  # rows asked for as lists stay as they are
    for fieldname in fields:
        names = {row[fieldname] for row in rows if row.get(fieldname) is not None}
        linked = _linked_documents(doctype.link_fields[fieldname], names, user)
        for row in rows:
            if row.get(fieldname) in linked:
                row[fieldname] = linked[row[fieldname]]
