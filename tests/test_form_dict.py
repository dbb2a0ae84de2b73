"""frappe.form_dict: Frappe's merge of query args, form fields and JSON bodies."""

import pytest
from django.test import RequestFactory

from django_frappe_web.exceptions import ValidationError
from django_frappe_web.form_dict import build_form_dict

rf = RequestFactory()


def test_query_args():
    assert build_form_dict(rf.get("/x?a=1&b=two")) == {"a": "1", "b": "two"}


def test_form_fields_update_query_args():
    request = rf.post("/x?a=1&b=query", data={"b": "form", "c": "3"})
    assert build_form_dict(request) == {"a": "1", "b": "form", "c": "3"}


def test_json_body_alone():
    request = rf.post("/x?a=1", data='{"b": {"nested": [1, 2]}}', content_type="application/json")
    assert build_form_dict(request) == {"b": {"nested": [1, 2]}}


def test_empty_json_body_falls_back_to_query_args():
    request = rf.post("/x?a=1", data="", content_type="application/json")
    assert build_form_dict(request) == {"a": "1"}


def test_repeated_key_keeps_first_value_and_underscore_dropped():
    assert build_form_dict(rf.get("/x?a=1&a=2&_=123")) == {"a": "1"}


def test_missing_key_reads_none():
    assert build_form_dict(rf.get("/x")).missing is None


def test_json_list_body_is_data():
    """Frappe's make_form_dict: a JSON list body becomes ``form_dict.data``."""
    request = rf.post("/x?a=1", data='[{"title": "one"}, {"title": "two"}]', content_type="application/json")
    assert build_form_dict(request) == {"data": [{"title": "one"}, {"title": "two"}]}


@pytest.mark.parametrize("body", ["{not json", '"text"', "3", "null", "[" * 5000 + "]" * 5000])
def test_bad_json_bodies(body):
    request = rf.post("/x", data=body, content_type="application/json")
    with pytest.raises(ValidationError):
        build_form_dict(request)


def test_malformed_multipart_is_validation_error():
    request = rf.generic("POST", "/x", data=b"--xx\r\nbroken", content_type="multipart/form-data; boundary=")
    with pytest.raises(ValidationError):
        build_form_dict(request)
