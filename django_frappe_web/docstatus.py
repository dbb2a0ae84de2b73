"""Submittable doctypes: Frappe's ``docstatus`` (0 draft, 1 submitted, 2 cancelled) and its rules.

A doctype with ``is_submittable = True`` keeps the status in a model field (``docstatus_field``,
``"docstatus"`` by default). :func:`transition` is what ``Document.save()`` asks before writing:
it compares the document with its stored row (one query, and only for submittable doctypes)
and answers the action the save is -- ``"submit"`` (0 → 1), ``"cancel"`` (1 → 2),
``"update_after_submit"`` (1 → 1) or ``None`` (a draft's edit) -- or raises, as Frappe's
``check_docstatus_transition`` and ``validate_update_after_submit`` do:

* a submitted document may change only the fields of ``allow_on_submit`` (``UpdateAfterSubmitError``);
* a cancelled document may not be saved at all, a draft may not be cancelled, a submitted one
  may not go back to draft (``DocstatusTransitionError``).

Saving through Django's ``Model.save()`` (a model method, the admin) is beneath these rules, as
Frappe's ``db_set`` is beneath its own.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .doctypes import DocType
from .exceptions import DocstatusTransitionError, DoesNotExistError, UpdateAfterSubmitError
from .meta import standard_fieldnames
from .utils import is_ascii_digits

DRAFT, SUBMITTED, CANCELLED = 0, 1, 2
STATUS_NAMES = {DRAFT: "Draft", SUBMITTED: "Submitted", CANCELLED: "Cancelled"}
ACTIONS = ("submit", "cancel")  # the permissions a submittable doctype adds: submit_<model>, cancel_<model>


def get_docstatus(doctype: DocType, instance: models.Model) -> int:
    """The document's docstatus as held in memory (0 for a doctype that is not submittable)."""
    if not doctype.is_submittable:
        return DRAFT
    value = getattr(instance, doctype.opts.get_field(doctype.docstatus_field).attname)
    try:
        status = int(value if value is not None else DRAFT)
    except (TypeError, ValueError):
        status = -1
    if status not in STATUS_NAMES:
        raise DocstatusTransitionError(_("docstatus must be 0, 1 or 2, not {value!r}").format(value=value))
    return status


def transition(doctype: DocType, instance: models.Model) -> str | None:
    """The action saving ``instance`` is (see the module), or the error that refuses it."""
    if not doctype.is_submittable:
        return None
    new = get_docstatus(doctype, instance)
    if instance._state.adding:
        if new == CANCELLED:
            raise DocstatusTransitionError(_("Cannot insert a cancelled {doctype}").format(doctype=doctype.name))
        return "submit" if new == SUBMITTED else None
    stored = _stored_row(doctype, instance)
    old = int(stored.pop(_docstatus_attname(doctype)) or DRAFT)
    label = f"{doctype.name} {doctype.get_name(instance)}"
    if old == CANCELLED:
        raise DocstatusTransitionError(_("Cannot edit cancelled {label}").format(label=label))
    if old == DRAFT:
        if new == CANCELLED:
            raise DocstatusTransitionError(_("Cannot cancel {label}: it is a draft, submit it first").format(
                label=label))
        return "submit" if new == SUBMITTED else None
    if new == DRAFT:
        raise DocstatusTransitionError(_("Cannot change submitted {label} back to draft: cancel and amend it").format(
            label=label))
    _check_update_after_submit(doctype, instance, stored, label)
    return "cancel" if new == CANCELLED else "update_after_submit"


def _docstatus_attname(doctype: DocType) -> str:
    return doctype.opts.get_field(doctype.docstatus_field).attname


def _content_fields(doctype: DocType) -> list[models.Field]:
    """The fields whose change after submission matters: all but bookkeeping, the key and docstatus."""
    skipped = standard_fieldnames(doctype) | {doctype.docstatus_field, doctype.opts.pk.name}
    return [field for name, field in doctype.field_map.items() if name not in skipped]


def _stored_row(doctype: DocType, instance: models.Model) -> dict[str, Any]:
    attnames = [field.attname for field in _content_fields(doctype)] + [_docstatus_attname(doctype)]
    row = doctype.model._base_manager.filter(pk=instance.pk).values(*attnames).first()
    if row is None:
        raise DoesNotExistError(_("{doctype} {name} not found").format(
            doctype=doctype.name, name=doctype.get_name(instance)))
    return row


def _check_update_after_submit(doctype: DocType, instance: models.Model, stored: dict[str, Any], label: str) -> None:
    allowed = set(doctype.allow_on_submit or ())
    changed = [field.name for field in _content_fields(doctype)
               if field.name not in allowed and getattr(instance, field.attname) != stored[field.attname]]
    if changed:
        raise UpdateAfterSubmitError(_("Not allowed to change {changed} after submission of {label}").format(
            changed=', '.join(changed), label=label))


def amended_name(name: Any, is_amendment: bool) -> str:
    """The name of an amendment, as Frappe gives it: ``X`` → ``X-1``; an amendment's ``X-1`` → ``X-2``."""
    base, _sep, suffix = str(name).rpartition("-")
    return f"{base}-{int(suffix) + 1}" if is_amendment and base and is_ascii_digits(suffix) else f"{name}-1"


def configuration_problems(doctype: DocType) -> list[str]:
    """What is wrong with a submittable doctype's options (for the system check), else nothing."""
    if not doctype.is_submittable:
        return []
    problems = []
    field = doctype.field_map.get(doctype.docstatus_field or "")
    if field is None:
        problems.append(f"{doctype.name} is submittable but has no docstatus field: add a SmallIntegerField "
                        f"'docstatus' (default 0) or name one in docstatus_field.")
    elif not isinstance(field, models.IntegerField):
        problems.append(f"{doctype.name}.docstatus_field {doctype.docstatus_field!r} must be an integer field.")
    unknown = sorted(set(doctype.allow_on_submit or ()) - set(doctype.field_map))
    if unknown:
        problems.append(f"{doctype.name}.allow_on_submit names unknown fields: {', '.join(unknown)}.")
    if doctype.amended_from_field and doctype.amended_from_field not in doctype.field_map:
        problems.append(f"{doctype.name}.amended_from_field {doctype.amended_from_field!r} is not a field.")
    return problems
