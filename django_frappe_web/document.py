"""Frappe's document API over registered doctypes: ``frappe.get_doc``, ``new_doc`` and friends.

A :class:`Document` wraps one model instance. Fields read and write as
attributes (``doc.title = "x"``); link (foreign-key) fields read and accept the
linked document's *name*, as in Frappe; ``doc.instance`` is the model object.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction

from . import docstatus
from .doctypes import DocType, get_doctype, get_doctype_for_model
from .exceptions import (
    DocstatusTransitionError,
    DoesNotExistError,
    DuplicateEntryError,
    PermissionError,
    ValidationError,
)
from .local import get_local, resolve_user
from .meta import standard_fieldnames
from .permissions import no_permission_message
from .query import DatabaseQuery
from .translate import _
from .whitelist import whitelist

BLANK_IS_NULL = (models.DateField, models.TimeField, models.DurationField)  # DateTimeField is a DateField
DATE_LIKE = (str, datetime.date, datetime.time, datetime.timedelta, type(None))  # what their to_python takes
UNIQUE_CODES = {"unique", "unique_together", "unique_for_date", "unique_for_month", "unique_for_year"}
_OWN_ATTRS = {"meta", "instance", "_link_cache", "_expected_action"}


def _ignore(ignore_permissions: bool | None) -> bool:
    return bool(ignore_permissions) or bool(get_local().flags.ignore_permissions)


class Document:
    """One document of a registered doctype."""

    def __init__(self, doctype: str | DocType, instance: models.Model | None = None, **values: Any):
        object.__setattr__(self, "meta", get_doctype(doctype))
        object.__setattr__(self, "instance", instance if instance is not None else self.meta.model())
        self.update(values)

    def __repr__(self) -> str:
        return f"<Document {self.doctype} {self.name!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and other.meta is self.meta and other.instance == self.instance

    __hash__ = None  # mutable

    # -- attribute access ---------------------------------------------------------

    @property
    def doctype(self) -> str:
        return self.meta.name

    @property
    def name(self) -> Any:
        return self.meta.get_name(self.instance)

    @name.setter
    def name(self, value: Any) -> None:
        self.set(self.meta.name_field, value)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        field = self.meta.get_field(key)
        if field is None:
            return getattr(self.instance, key)
        return self._read_field(field)

    def __setattr__(self, key: str, value: Any) -> None:
        if key in _OWN_ATTRS or isinstance(getattr(type(self), key, None), property):
            object.__setattr__(self, key, value)
        else:
            self.set(key, value)

    def _read_field(self, field: models.Field) -> Any:
        if field.is_relation and field.many_to_one:
            value_id = getattr(self.instance, field.attname)
            if value_id is None:
                return None
            target = self._target_doctype(field)
            return target.get_name(getattr(self.instance, field.name)) if target else value_id
        return getattr(self.instance, field.attname)

    @staticmethod
    def _target_doctype(field: models.Field) -> DocType | None:
        return get_doctype_for_model(field.related_model)

    def get(self, key: str | dict, default: Any = None) -> Any:
        if isinstance(key, dict):  # Frappe's doc.get({"field": value}) filters child rows; unsupported
            raise ValidationError(_("Child tables are not supported"))
        try:
            value = getattr(self, key)
        except AttributeError:
            return default
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        field = self.meta.get_field(key)
        if field is None:
            if key in ("doctype",):
                return
            raise ValidationError(_("{key} is not a field of {doctype}").format(key=key, doctype=self.doctype))
        if field.is_relation and field.many_to_one:
            setattr(self.instance, field.name, self._resolve_link(field, value))
        else:
            setattr(self.instance, field.attname, _decimal_if_float(field, value))

    def _resolve_link(self, field: models.Field, value: Any) -> models.Model | None:
        if value in (None, "") or isinstance(value, models.Model):
            return value or None
        target = self._target_doctype(field)
        if target is not None:
            return target.get_object(value, target.get_queryset())
        try:
            return field.related_model._default_manager.get(pk=value)
        except (field.related_model.DoesNotExist, ValueError, DjangoValidationError):
            raise DoesNotExistError(_("{doctype} {name} not found").format(
                doctype=field.related_model._meta.verbose_name, name=value)) from None

    def update(self, values: dict[str, Any]) -> Document:
        for key, value in values.items():
            if key == "doctype":
                continue
            if key == "name" and not self._name_is_settable(value):
                continue  # renaming goes through rename_doc; auto keys are the database's to choose
            self.set(key, value)
        return self

    def _name_is_settable(self, value: Any) -> bool:
        name_field = self.meta.opts.get_field(self.meta.name_field)
        return value is not None and self.is_new() and not isinstance(name_field, models.AutoField)

    def as_dict(self) -> dict[str, Any]:
        data = {"doctype": self.doctype, "name": self.name}
        for fieldname, field in self.meta.field_map.items():
            data[fieldname] = self._read_field(field)
        if self.meta.is_submittable:
            data.setdefault("docstatus", self.docstatus)  # Frappe's clients read it by this name
        return data

    def is_new(self) -> bool:
        return self.instance._state.adding

    # -- permissions --------------------------------------------------------------

    def has_permission(self, ptype: str = "read", user: Any = None) -> bool:
        return self.meta.has_permission(ptype, resolve_user(user), None if self.is_new() else self.instance)

    def check_permission(self, ptype: str = "read") -> None:
        if not self.has_permission(ptype):
            raise PermissionError(no_permission_message(ptype, self.doctype, None if self.is_new() else self.name))

    # -- persistence --------------------------------------------------------------

    def insert(self, ignore_permissions: bool | None = None) -> Document:
        if not self.is_new():
            raise DuplicateEntryError(_("{doctype} {name} already exists").format(doctype=self.doctype, name=self.name))
        if not _ignore(ignore_permissions):
            self.check_permission("create")
        self._set_standard_fields(creating=True)
        self._validate_and_save(_ignore(ignore_permissions))
        return self

    def save(self, ignore_permissions: bool | None = None) -> Document:
        if self.is_new():
            return self.insert(ignore_permissions=ignore_permissions)
        if not _ignore(ignore_permissions):
            self.check_permission("write")
        self._set_standard_fields(creating=False)
        self._validate_and_save(_ignore(ignore_permissions))
        return self

    def delete(self, ignore_permissions: bool | None = None) -> None:
        if self.is_new():
            raise DoesNotExistError(_("{doctype} has not been saved").format(doctype=self.doctype))
        if not _ignore(ignore_permissions):
            self.check_permission("delete")
        if docstatus.get_docstatus(self.meta, self.instance) == docstatus.SUBMITTED:
            raise DocstatusTransitionError(_("Cannot delete submitted {doctype} {name}: cancel it first").format(
                doctype=self.doctype, name=self.name))
        self.instance.delete()

    # -- submittable doctypes (docstatus.py) --------------------------------------

    @whitelist(methods=["POST"])
    def submit(self) -> Document:
        """Submit a draft (docstatus 0 → 1), with the ``submit`` permission; a new document is inserted submitted."""
        return self._move_to(docstatus.SUBMITTED, "submit")

    @whitelist(methods=["POST"])
    def cancel(self) -> Document:
        """Cancel a submitted document (docstatus 1 → 2), with the ``cancel`` permission."""
        return self._move_to(docstatus.CANCELLED, "cancel")

    def amend(self, ignore_permissions: bool | None = None) -> Document:
        """A new draft copy of this cancelled document, linked to it by ``amended_from``, inserted."""
        self._require_submittable()
        if self.is_new() or docstatus.get_docstatus(self.meta, self.instance) != docstatus.CANCELLED:
            raise DocstatusTransitionError(_("Only a cancelled {doctype} can be amended").format(doctype=self.doctype))
        copy = Document(self.meta)
        for field in self.meta.field_map.values():
            if not field.primary_key and field.name not in standard_fieldnames(self.meta):
                setattr(copy.instance, field.attname, getattr(self.instance, field.attname))
        copy.set(self.meta.docstatus_field, docstatus.DRAFT)
        if not isinstance(self.meta.opts.get_field(self.meta.name_field), models.AutoField):
            is_amendment = bool(self.meta.amended_from_field and self.get(self.meta.amended_from_field))
            copy.set(self.meta.name_field, docstatus.amended_name(self.name, is_amendment))
        if self.meta.amended_from_field:
            copy.set(self.meta.amended_from_field, self.instance)
        return copy.insert(ignore_permissions=ignore_permissions)

    def _move_to(self, status: int, action: str) -> Document:
        self._require_submittable()
        self.set(self.meta.docstatus_field, status)
        object.__setattr__(self, "_expected_action", action)
        try:
            return self.save()
        finally:
            object.__delattr__(self, "_expected_action")

    def _require_submittable(self) -> None:
        if not self.meta.is_submittable:
            raise ValidationError(_("{doctype} is not submittable").format(doctype=self.doctype))

    def reload(self) -> Document:
        self.instance.refresh_from_db()
        return self

    def db_set(self, fieldname: str | dict, value: Any = None) -> None:
        """Write fields straight to the database, skipping validation (Frappe's ``db_set``)."""
        values = fieldname if isinstance(fieldname, dict) else {fieldname: value}
        for key, val in values.items():
            self.set(key, val)
        names = [self.meta.get_field(key).name for key in values]
        self.instance.save(update_fields=names)

    def _set_standard_fields(self, creating: bool) -> None:
        user = get_local().user
        real_user = user if getattr(user, "pk", None) is not None else None
        if creating and self.meta.owner_field and getattr(self.instance, f"{self.meta.owner_field}_id", None) is None:
            setattr(self.instance, self.meta.owner_field, real_user)
        if self.meta.modified_by_field:
            setattr(self.instance, self.meta.modified_by_field, real_user)

    def _validate_and_save(self, ignore_permissions: bool = False) -> None:
        _blank_dates_to_null(self.instance)
        try:
            _check_field_values(self.instance)
            self.instance.full_clean()
        except DjangoValidationError as exc:
            raise _translate_validation_error(exc, self.doctype) from None
        self._check_docstatus(ignore_permissions)
        try:
            with transaction.atomic():
                self.instance.save()
        except IntegrityError as exc:
            raise DuplicateEntryError(_("{doctype} could not be saved: {exc}").format(
                doctype=self.doctype, exc=exc)) from None


    def _check_docstatus(self, ignore_permissions: bool) -> None:
        """Refuse a docstatus move or an edit Frappe refuses; ``submit`` / ``cancel`` need their permission."""
        action = docstatus.transition(self.meta, self.instance)
        expected = getattr(self, "_expected_action", None)
        if expected is not None and action != expected:  # submit() of a submitted document
            message = (_("Cannot submit {doctype} {name}: it is already submitted") if expected == "submit"
                       else _("Cannot cancel {doctype} {name}: it is already cancelled"))
            raise DocstatusTransitionError(message.format(doctype=self.doctype, name=self.name))
        if action in docstatus.ACTIONS and not ignore_permissions:
            self.check_permission(action)


def _decimal_if_float(field: models.Field, value: Any) -> Any:
    """A float for a decimal field as the decimal it was written as (``0.1`` → ``Decimal("0.1")``).

    Decimals travel as JSON numbers, which arrive as floats; Django would take the float's
    binary expansion (``0.1000000000`` at the field's precision) and refuse its decimal places,
    so a document read through the API could not be saved back. ``repr`` is the shortest text
    that reads back as the same float: what the client sent.
    """
    if isinstance(value, float) and isinstance(field, models.DecimalField):
        return decimal.Decimal(repr(value))
    return value


def _check_field_values(instance: models.Model) -> None:
    """What ``full_clean`` does not check, as field errors: a ``TextField``'s ``max_length`` (Django's
    forms and DRF enforce it, and the schema tells clients the limit), and a date or time field
    given neither text nor a date (``full_clean`` would raise a ``TypeError``: a 500)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.TextField) and field.max_length and isinstance(value, str):
            if len(value) > field.max_length:
                errors[field.name] = [f"Ensure this value has at most {field.max_length} characters "
                                      f"(it has {len(value)})."]
        elif isinstance(field, BLANK_IS_NULL) and not isinstance(value, DATE_LIKE):
            errors[field.name] = [f"{value!r} is not a date or time."]
    if errors:
        raise DjangoValidationError(errors)


def _blank_dates_to_null(instance: models.Model) -> None:
    """"" in an optional date, datetime or time field is null, as Frappe stores it: full_clean lets a blank
    value of a ``blank=True`` field through, and the database layer would then refuse it (a 500)."""
    for field in instance._meta.concrete_fields:
        if field.null and isinstance(field, BLANK_IS_NULL) and getattr(instance, field.attname) == "":
            setattr(instance, field.attname, None)


def _translate_validation_error(exc: DjangoValidationError, doctype: str) -> Exception:
    """Django's field errors as one readable Frappe error; unique clashes become DuplicateEntryError."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    parts, codes = [], set()
    for field, field_errors in errors.items():
        for error in field_errors:
            codes.add(error.code)
            text = " ".join(error.messages)
            parts.append(text if field == "__all__" else f"{field}: {text}")
    message = "; ".join(parts)
    error_class = DuplicateEntryError if codes and codes <= UNIQUE_CODES else ValidationError
    result = error_class(f"{doctype}: {message}")
    result.field_errors = {field: [" ".join(e.messages) for e in errs] for field, errs in errors.items()}
    return result


# -- module-level API (re-exported by the ``frappe`` facade) ---------------------------


def get_doc(doctype: str | dict | DocType, name: Any = None, **kwargs: Any) -> Document:
    """``get_doc("Article", "hello")``, ``get_doc({"doctype": "Article", ...})`` (unsaved),
    ``get_doc("Article", {"slug": "hello"})`` (first match), or ``get_doc("Site Settings")`` for singles."""
    if isinstance(doctype, dict):
        values = dict(doctype)
        return Document(values.pop("doctype"), **values)
    meta = get_doctype(doctype)
    if name is None and not kwargs:
        return get_single(meta)
    if isinstance(name, dict) or kwargs:
        rows = DatabaseQuery(meta).execute(filters={**(name or {}), **kwargs}, fields=["name"], limit_page_length=1, ignore_permissions=True)
        if not rows:
            raise DoesNotExistError(_("{0} not found").format(meta.name))
        name = rows[0]["name"]
    return Document(meta, meta.get_object(name))


def new_doc(doctype: str | DocType, **values: Any) -> Document:
    return Document(doctype, **values)


def get_single(doctype: str | DocType) -> Document:
    """The one row of a single doctype (a settings model), or a new unsaved one."""
    meta = get_doctype(doctype)
    instance = meta.get_queryset().order_by("pk").first()
    return Document(meta, instance)
