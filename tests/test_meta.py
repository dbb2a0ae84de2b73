"""meta: the standard fields and Frappe's field types, shared by the API, web forms and pages."""

import pytest
from django.db import models

from django_frappe_web import meta
from django_frappe_web.doctypes import get_doctype
from django_frappe_web.exceptions import DoesNotExistError
from django_frappe_web.utils import to_bool, to_flag


def test_standard_fieldnames_are_the_bookkeeping_fields_the_model_has():
    assert meta.standard_fieldnames(get_doctype("Article")) == {"owner", "creation", "modified", "modified_by"}
    assert meta.standard_fieldnames(get_doctype("Note")) == set()


@pytest.mark.parametrize(("field", "fieldtype"), [
    (models.FileField(), "Attach"), (models.BooleanField(), "Check"), (models.DateTimeField(), "Datetime"),
    (models.DateField(), "Date"), (models.BigIntegerField(), "Int"), (models.DecimalField(), "Float"),
    (models.EmailField(), "Data"), (models.TextField(), "Text"), (models.UUIDField(), "Data"),
    (models.BinaryField(), "Data"),
])
def test_fieldtype_is_frappes_name_for_the_model_field(field, fieldtype):
    assert meta.fieldtype(field) == fieldtype


def test_get_doctype_takes_a_doctype_or_a_name():
    doctype = get_doctype("Article")
    assert get_doctype(doctype) is doctype
    assert get_doctype("article") is doctype
    with pytest.raises(DoesNotExistError):
        get_doctype("No Such DocType")


def test_to_bool_keeps_other_values_for_the_caller():
    assert to_bool(" Yes ") is True and to_bool("off") is False and to_bool("") is False
    assert to_bool("t") == "t" and to_bool("t", {"t"}, {"f"}) is True
    assert to_bool(0) == 0
    assert to_flag("maybe") is True and to_flag("0") is False and to_flag(0) is False
