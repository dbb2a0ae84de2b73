"""frappe.enqueue on Django's Tasks framework: the immediate backend (tests/settings.py's default).

Real workers (the database backend, RQ) are in tests/test_job_workers.py.
"""

import pytest
from django.db import transaction

from django_frappe_web import frappe
from django_frappe_web.models import BackgroundJob
from tests.testapp import api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_calls():
    api.calls.clear()


def test_job_runs_as_the_enqueuing_user(user):
    with frappe.init(user="alice"):
        result = frappe.enqueue("tests.testapp.api.record_user", label="first")
    assert api.calls == [("first", "alice")]
    assert result.return_value == "alice"


def test_callable_method_and_guest():
    with frappe.init():
        frappe.enqueue(api.record_user, label="second")
    assert api.calls == [("second", "Guest")]


def test_frappes_queues_map_onto_the_backends_queues():
    with frappe.init():
        results = [frappe.enqueue(api.record_user, queue=queue, label=queue) for queue in ("short", "default", "long")]
    assert [result.task.queue_name for result in results] == ["short", "default", "long"]


def test_the_mapping_is_a_setting(settings):
    settings.FRAPPE_WEB = {"JOB_QUEUES": {"short": "default", "default": "default", "long": "default"}}
    with frappe.init():
        assert frappe.enqueue(api.record_user, queue="long", label="x").task.queue_name == "default"


def test_an_unknown_queue_is_refused_by_name():
    with frappe.init(), pytest.raises(ValueError, match="Unknown queue 'no-such-queue'.*default, long, short"):
        frappe.enqueue(api.record_user, queue="no-such-queue", label="x")
    assert api.calls == []


def test_a_queue_the_backend_does_not_list_is_refused(settings):
    settings.FRAPPE_WEB = {"JOB_QUEUES": {"default": "elsewhere"}}
    with frappe.init(), pytest.raises(Exception, match="[Qq]ueue"):
        frappe.enqueue(api.record_user, label="x")
    assert api.calls == []


def test_now_and_is_async_false_call_the_method_here():
    with frappe.init(user=None):
        assert frappe.enqueue(api.record_user, now=True, label="now") == "Guest"
        assert frappe.enqueue(api.record_user, is_async=False, label="sync") == "Guest"
    assert api.calls == [("now", "Guest"), ("sync", "Guest")]


def test_deduplicate_needs_a_job_id():
    with frappe.init(), pytest.raises(ValueError, match="job_id"):
        frappe.enqueue(api.record_user, deduplicate=True, label="x")
    assert api.calls == []


def test_a_job_id_names_the_job_it_last_enqueued():
    with frappe.init():
        first = frappe.enqueue(api.record_user, job_id="nightly", label="1")
        second = frappe.enqueue(api.record_user, job_id="nightly", deduplicate=True, label="2")
    row = BackgroundJob.objects.get(job_id="nightly")
    assert row.result_id == str(second.id) != str(first.id)
    assert (row.method, row.queue, row.user) == ("tests.testapp.api.record_user", "default", "Guest")
    # The immediate backend keeps no results: nothing is live, so the second ran too; no status to report.
    assert api.calls == [("1", "Guest"), ("2", "Guest")]
    assert frappe.get_job_status("nightly") is None and frappe.is_job_enqueued("nightly") is False


def test_enqueue_after_commit_waits_for_the_commit(transactional_db):
    with frappe.init():
        with transaction.atomic():
            assert frappe.enqueue(api.record_user, enqueue_after_commit=True, label="later") is None
            assert api.calls == []
        assert api.calls == [("later", "Guest")]


def test_enqueue_after_commit_in_a_rolled_back_transaction_enqueues_nothing(transactional_db):
    with frappe.init():
        with pytest.raises(RuntimeError), transaction.atomic():
            frappe.enqueue(api.record_user, enqueue_after_commit=True, job_id="lost", label="never")
            raise RuntimeError("rolled back")
    assert api.calls == []
    assert not BackgroundJob.objects.filter(job_id="lost").exists()
