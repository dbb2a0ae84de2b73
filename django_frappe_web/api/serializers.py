"""Documents on the wire: the fields of a registered doctype, links by name, Frappe's bookkeeping ignored.

:class:`DocTypeSerializer` is a ``ModelSerializer`` (so schema generators and the
browsable tools see every field with its type), but reading and writing go through
:class:`~django_frappe_web.document.Document`, so the API, ``frappe.get_doc`` and the
website share one set of rules: links as the linked document's name, ``owner`` and
``modified_by`` set from the user, ``full_clean`` validation, permission checks, unique
clashes as ``DuplicateEntryError`` (409).

A doctype may name its own class (``DocType.serializer_class``, a class or a dotted
path); its instances are model instances, as with any DRF serializer.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rest_framework import serializers

from ..doctypes import DocType, get_doctype_for_model
from ..document import Document
from ..exceptions import DoesNotExistError, ValidationError
from ..meta import standard_fieldnames

# Keys a Frappe document carries that are not fields here; a client sending a document back is not wrong.
FRAPPE_BOOKKEEPING = frozenset({"doctype", "docstatus", "idx", "flags", "parent", "parentfield", "parenttype"})


def resolve_class(value: Any) -> Any:
    """A class given as itself or as a dotted path (``DocType.serializer_class`` / ``viewset_class``)."""
    return import_string(value) if isinstance(value, str) else value


def read_only_fieldnames(doctype: DocType) -> set[str]:
    """Fields a client cannot write: the standard ones, non-editable ones and an automatic primary key."""
    names = standard_fieldnames(doctype)
    for name, field in doctype.field_map.items():
        if not field.editable or isinstance(field, models.AutoField):
            names.add(name)
    return names


class DocTypeSerializer(serializers.ModelSerializer):
    """One document of the doctype registered for ``Meta.model``: ``{"doctype", "name", <fields>}``."""

    @property
    def doctype(self) -> DocType:
        return get_doctype_for_model(self.Meta.model)

    def to_representation(self, instance: models.Model) -> dict[str, Any]:
        return Document(self.doctype, instance).as_dict()

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """The writable values in ``data``; unknown fields and values of the wrong shape are a 417."""
        doctype = self.doctype
        if not isinstance(data, Mapping):
            raise ValidationError(_("A {doctype} document must be a JSON object, not {type}").format(
                doctype=doctype.name, type=type(data).__name__))
        read_only = read_only_fieldnames(doctype)
        values, unknown = {}, []
        for key, value in data.items():
            if (key in FRAPPE_BOOKKEEPING and not (key == "docstatus" and doctype.is_submittable)) \
                    or key.startswith("_") or key in read_only:
                continue
            field = doctype.get_field(key)
            if field is None:
                unknown.append(key)
                continue
            _check_value(doctype, key, field, value)
            values[key] = value
        if unknown:
            raise ValidationError(_("{doctype} has no field {fields}").format(
                doctype=doctype.name, fields=', '.join(sorted(map(repr, unknown)))))
        return values

    def create(self, validated_data: dict[str, Any]) -> models.Model:
        doc = Document(self.doctype)
        _update(doc, validated_data)
        return doc.insert().instance

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        doc = Document(self.doctype, instance)
        _update(doc, validated_data)
        return doc.save().instance

    def get_validators(self) -> list:
        return []  # Document.save() validates (full_clean), and unique clashes must stay 409s

    def build_relational_field(self, field_name: str, relation_info: Any) -> tuple[type, dict]:
        """Links are the target doctype's name (a slug field), as in Frappe, when the name is not the key."""
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        target = get_doctype_for_model(relation_info.related_model)
        if target is not None and target.name_field != target.opts.pk.name and not relation_info.to_many:
            kwargs["slug_field"] = target.name_field
            return serializers.SlugRelatedField, kwargs
        return field_class, kwargs


def _update(doc: Document, values: dict[str, Any]) -> None:
    try:
        doc.update(values)
    except DoesNotExistError as exc:  # a link to a document that does not exist is bad input, not a 404
        raise ValidationError(_("Invalid link: {message}").format(message=exc.message)) from None


def _check_value(doctype: DocType, key: str, field: models.Field, value: Any) -> None:
    if isinstance(value, (dict, list)) and not isinstance(field, models.JSONField):
        raise ValidationError(_("{doctype}: {key} must be a single value, not {type}").format(
            doctype=doctype.name, key=key, type=type(value).__name__))
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(_("{doctype}: {key} must not contain NUL characters").format(
            doctype=doctype.name, key=key))


def _name_field(doctype: DocType) -> serializers.Field:
    """A read-only ``name`` of the name field's type (for doctypes whose name field is not called ``name``)."""
    model_field = doctype.opts.get_field(doctype.name_field)
    field_class = next(
        (cls for model_class, cls in serializers.ModelSerializer.serializer_field_mapping.items()
         if isinstance(model_field, model_class)),
        serializers.CharField,
    )
    return field_class(read_only=True, help_text=f"The document's name (its {doctype.name_field}).")


def serializer_class_for(doctype: DocType) -> type[serializers.BaseSerializer]:
    """The serializer of the doctype's documents, wherever the API reads or writes one: its
    ``viewset_class``'s ``serializer_class``, else its own ``serializer_class``, else a
    :class:`DocTypeSerializer` built for it (once)."""
    viewset = resolve_class(doctype.viewset_class) if doctype.viewset_class is not None else None
    declared = getattr(viewset, "serializer_class", None) or doctype.serializer_class
    if declared is not None:
        return resolve_class(declared)
    return _generated_serializer_class(doctype)


def serialized(doctype: DocType, instance: models.Model) -> dict[str, Any]:
    """One document as the doctype's serializer sends it (a field it hides is not there)."""
    return serializer_class_for(doctype)(instance).data


@functools.cache
def _generated_serializer_class(doctype: DocType) -> type[DocTypeSerializer]:
    fields = ["name", *(name for name in doctype.fieldnames if name != "name")]
    meta = type("Meta", (), {"model": doctype.model, "fields": fields,
                             "read_only_fields": sorted(read_only_fieldnames(doctype) - {"name"})})
    attrs: dict[str, Any] = {"Meta": meta, "__module__": __name__,
                             "__doc__": f"One {doctype.name} document."}
    if "name" not in doctype.field_map:
        attrs["name"] = _name_field(doctype)
    return type(f"{doctype.model.__name__}Serializer", (DocTypeSerializer,), attrs)
