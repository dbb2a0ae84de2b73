"""frappe.enqueue on real workers: django-tasks-db's ``db_worker`` and RQ's ``rqworker`` processes.

On PostgreSQL (the workers share the test database; the tests are transactional so rows are
committed). RQ gets its own redis-server on a free port. Each test starts its workers and
stops them in a ``finally``; every wait is bounded.
"""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.db import transaction

from django_frappe_web import frappe
from django_frappe_web.background_jobs import get_job
from django_frappe_web.models import BackgroundJob
from tests.job_workers import Worker, db_worker, rq_worker
from tests.private_redis import private_redis
from tests.testapp.models import Note
from tests.waiting import wait_until

pytestmark = [pytest.mark.workers, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RECORD = "tests.testapp.api.record_user_row"


@pytest.fixture
def database_jobs(settings):
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "JOB_BACKEND": "database"}


def notes() -> list[tuple[str, str]]:
    return list(Note.objects.order_by("id").values_list("title", "content"))


def status_is(job_id: str, *statuses: str):
    return lambda: frappe.get_job_status(job_id) in statuses


def kill_mid_job(worker: Worker, job_id: str, tmp_path, while_running=lambda: None) -> None:
    """Enqueue a job that waits on a gate file, let ``worker`` start it, SIGKILL the worker, open the gate."""
    gate = tmp_path / f"{job_id}.gate"
    gate.touch()
    with frappe.init():
        frappe.enqueue("tests.testapp.api.record_after_gate", job_id=job_id, label=job_id, gate=str(gate))
    worker.start()
    try:
        wait_until(status_is(job_id, "started"), 40, "started", worker)
        while_running()
        worker.kill()
    finally:
        worker.stop()
    gate.unlink()  # a job still running somewhere would now write its row


# --- the database backend (django-tasks-db, manage.py db_worker) -------------------------


def test_a_db_worker_runs_the_job_as_the_enqueuing_user(database_jobs, user, tmp_path):
    with frappe.init(user="alice"):
        result = frappe.enqueue(RECORD, job_id="greeting", label="hello")
    assert frappe.get_job_status("greeting") == "queued" and notes() == []
    with db_worker(tmp_path / "worker.log") as worker:
        wait_until(status_is("greeting", "finished"), 40, "finished", worker)
    assert notes() == [("hello", "alice")]
    assert get_job("greeting").return_value == "alice"
    assert frappe.get_job_status(str(result.id)) == "finished"  # the backend's own id works too


def test_a_failing_job_is_recorded_failed_with_its_traceback(database_jobs, tmp_path, admin_client):
    with frappe.init():
        frappe.enqueue("tests.testapp.api.fail_job", job_id="broken", label="b")
    with db_worker(tmp_path / "worker.log", "--batch") as worker:
        worker.wait()
    assert frappe.get_job_status("broken") == "failed"
    [error] = get_job("broken").errors
    assert error.exception_class_path == "builtins.ValueError"
    assert "in fail_job" in error.traceback and "ValueError: job b failed on purpose" in error.traceback
    listing = admin_client.get("/admin/django_frappe_web/backgroundjob/").content.decode()
    assert "broken" in listing and "failed" in listing
    row = BackgroundJob.objects.get(job_id="broken")
    detail = admin_client.get(f"/admin/django_frappe_web/backgroundjob/{row.pk}/change/").content.decode()
    assert "ValueError: job b failed on purpose" in detail


def test_a_live_job_id_is_refused_until_its_job_ended(database_jobs, tmp_path):
    with frappe.init():
        first = frappe.enqueue(RECORD, job_id="daily", deduplicate=True, label="first")
        assert frappe.is_job_enqueued("daily")
        assert frappe.enqueue(RECORD, job_id="daily", deduplicate=True, label="again") is None
        with db_worker(tmp_path / "worker.log", "--batch") as worker:
            worker.wait()
        assert not frappe.is_job_enqueued("daily")
        third = frappe.enqueue(RECORD, job_id="daily", deduplicate=True, label="third")
    assert third is not None and third.id != first.id
    assert notes() == [("first", "Guest")]
    assert frappe.get_job_status("daily") == "queued"


def test_enqueue_after_commit_sends_nothing_when_the_transaction_rolls_back(database_jobs):
    from django_tasks_db.models import DBTaskResult

    with frappe.init():
        with pytest.raises(RuntimeError), transaction.atomic():
            frappe.enqueue(RECORD, enqueue_after_commit=True, job_id="rolled-back", label="never")
            raise RuntimeError("rolled back")
        with transaction.atomic():
            frappe.enqueue(RECORD, enqueue_after_commit=True, job_id="committed", label="kept")
    assert frappe.get_job_status("rolled-back") is None
    assert frappe.get_job_status("committed") == "queued"
    assert DBTaskResult.objects.count() == 1


def test_at_front_jobs_run_first(database_jobs, tmp_path):
    with frappe.init():
        for label in ("a", "b"):
            frappe.enqueue(RECORD, label=label)
        frappe.enqueue(RECORD, at_front=True, label="urgent")
    with db_worker(tmp_path / "worker.log", "--batch") as worker:
        worker.wait()
    assert [title for title, _ in notes()] == ["urgent", "a", "b"]


def test_a_job_whose_worker_is_killed_is_marked_failed_by_the_next_worker(database_jobs, tmp_path):
    kill_mid_job(db_worker(tmp_path / "first.log"), "cut-short", tmp_path)
    assert frappe.get_job_status("cut-short") == "started"  # what django-tasks-db alone would leave for ever
    # The next worker may boot in under a second: past JOB_RECOVERY_GRACE (1 s in the tests' settings)
    # before it starts its first job, when it looks for lost ones.
    time.sleep(1.2)
    with frappe.init():
        frappe.enqueue(RECORD, job_id="next", label="next")
    with db_worker(tmp_path / "second.log") as second:
        wait_until(status_is("next", "finished"), 40, "finished", second)
        wait_until(status_is("cut-short", "failed"), 5, "failed", second)
    [error] = get_job("cut-short").errors
    assert error.exception_class_path == "django_frappe_web.job_recovery.WorkerLost"
    assert "stopped before it ended" in error.traceback
    assert notes() == [("next", "Guest")]  # the killed job never half-ran to a row


def test_recover_jobs_can_queue_a_killed_workers_job_again(database_jobs, tmp_path, capsys):
    def a_live_workers_job_is_left_alone():
        call_command("recover_jobs")
        assert frappe.get_job_status("retry-me") == "started"

    kill_mid_job(db_worker(tmp_path / "first.log"), "retry-me", tmp_path, a_live_workers_job_is_left_alone)
    wait_until(lambda: call_command("recover_jobs", requeue=True) or "1 job(s)" in capsys.readouterr().out,
               5, "requeued")
    assert frappe.get_job_status("retry-me") == "queued"
    with db_worker(tmp_path / "second.log", "--batch") as second:
        second.wait()
    assert frappe.get_job_status("retry-me") == "finished"
    assert notes() == [("retry-me", "Guest")]


# --- RQ (django-tasks-rq, manage.py rqworker) ----------------------------------------------


@pytest.fixture
def rq_jobs(settings, tmp_path):
    with private_redis(tmp_path) as server:
        settings.RQ_QUEUES = {name: {**config, "URL": server.url} for name, config in settings.RQ_QUEUES.items()}
        settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "JOB_BACKEND": "rq"}
        yield server.url


def test_an_rq_worker_runs_the_job_as_the_enqueuing_user(rq_jobs, user, tmp_path):
    with frappe.init(user="alice"):
        frappe.enqueue(RECORD, job_id="rq-greeting", label="hello")
        frappe.enqueue("tests.testapp.api.fail_job", job_id="rq-broken", label="b")
    assert frappe.get_job_status("rq-greeting") == "queued"
    with rq_worker(tmp_path / "worker.log", rq_jobs, "--burst") as worker:
        worker.wait()
    assert notes() == [("hello", "alice")]
    assert frappe.get_job_status("rq-greeting") == "finished"
    assert frappe.get_job_status("rq-broken") == "failed"
    [error] = get_job("rq-broken").errors
    assert "ValueError: job b failed on purpose" in error.traceback


def test_rq_honours_timeout_and_at_front(rq_jobs, tmp_path):
    with frappe.init():
        frappe.enqueue("tests.testapp.api.sleep_then_record", job_id="too-slow", timeout=1, label="slow", seconds=10)
        frappe.enqueue(RECORD, label="a")
        frappe.enqueue(RECORD, at_front=True, label="urgent")
    with rq_worker(tmp_path / "worker.log", rq_jobs, "--burst") as worker:
        worker.wait()
    assert [title for title, _ in notes()] == ["urgent", "a"]
    assert frappe.get_job_status("too-slow") == "failed"
    assert "JobTimeoutException" in get_job("too-slow").errors[0].traceback


def test_rq_marks_a_killed_workers_job_failed_once_its_heartbeat_expired(rq_jobs, tmp_path):
    import time

    import django_rq
    from django_tasks_rq import Job
    from rq.registry import StartedJobRegistry

    kill_mid_job(rq_worker(tmp_path / "worker.log", rq_jobs), "rq-cut-short", tmp_path)  # the worker and its horse
    assert frappe.get_job_status("rq-cut-short") == "started"
    # What the next worker's registry maintenance does once the job's heartbeat (at least 60 s) expired.
    queue = django_rq.get_queue("default", job_class=Job)
    StartedJobRegistry(queue=queue, job_class=Job).cleanup(timestamp=time.time() + 3600)
    assert frappe.get_job_status("rq-cut-short") == "failed"
    assert "AbandonedJobError" in get_job("rq-cut-short").errors[-1].traceback
    assert notes() == []
