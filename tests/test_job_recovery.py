"""``manage.py recover_jobs`` on rows alone (no worker): what counts as lost, and what becomes of it.

The killed-worker tests with real ``db_worker`` processes are in tests/test_job_workers.py.
"""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from django_frappe_web import frappe

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_job(settings):
    """A job a worker claimed ten minutes ago and never finished (its worker was killed)."""
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "JOB_BACKEND": "database"}
    with frappe.init():
        result = frappe.enqueue("tests.testapp.api.record_user", job_id="stuck", label="x")
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=10), worker_ids=["gone-worker"])
    return result


def test_a_job_running_longer_than_older_than_is_marked_failed(running_job, capsys):
    call_command("recover_jobs", older_than=60)
    assert f"1 job(s) of lost workers marked failed\n  {running_job.id}" in capsys.readouterr().out
    assert frappe.get_job_status("stuck") == "failed"
    [error] = frappe.get_job("stuck").errors
    assert error.exception_class_path == "django_frappe_web.job_recovery.WorkerLost"
    assert "(gone-worker) stopped before it ended" in error.traceback


def test_requeue_puts_it_back_in_the_queue(running_job):
    call_command("recover_jobs", older_than=60, requeue=True)
    assert frappe.get_job_status("stuck") == "queued"


@pytest.mark.parametrize("older_than", [-60, float("nan"), float("inf")])
def test_a_negative_or_endless_older_than_is_refused_and_marks_nothing(running_job, older_than):
    DBTaskResult.objects.filter(id=running_job.id).update(started_at=timezone.now())  # a live worker's job
    with pytest.raises(CommandError, match="--older-than"):
        call_command("recover_jobs", older_than=older_than)
    assert frappe.get_job_status("stuck") == "started"


def test_a_job_running_for_less_time_is_left_alone(running_job):
    call_command("recover_jobs", older_than=3600)
    assert frappe.get_job_status("stuck") == "started"


def test_without_older_than_only_postgresql_can_tell_a_lost_worker(running_job):
    call_command("recover_jobs")
    # PostgreSQL: no worker holds the job's lock, so it is lost; SQLite has no such locks.
    expected = "failed" if connection.vendor == "postgresql" else "started"
    assert frappe.get_job_status("stuck") == expected
