"""frappe.enqueue on Django's Tasks framework (the immediate backend in tests)."""

import pytest

from django_frappe_web import frappe
from tests.testapp import api

pytestmark = pytest.mark.django_db


def test_job_runs_as_the_enqueuing_user(user):
    api.calls.clear()
    with frappe.init(user="alice"):
        result = frappe.enqueue("tests.testapp.api.record_user", label="first")
    assert api.calls == [("first", "alice")]
    assert result.return_value == "alice"


def test_callable_method_and_guest(db):
    api.calls.clear()
    with frappe.init():
        frappe.enqueue(api.record_user, label="second")
    assert api.calls == [("second", "Guest")]


def test_unknown_queue_is_refused():
    with frappe.init(), pytest.raises(Exception, match="Queue"):
        frappe.enqueue(api.record_user, queue="no-such-queue", label="x")
