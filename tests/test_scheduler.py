"""The scheduler on the database: rows synced from the test app's hooks, due events claimed and
enqueued once, missed periods enqueued once, the commands, the admin and the system checks.

Time is frozen by passing ``now``: a row's ``last_enqueued`` and ``creation`` are set, then
``enqueue_due_jobs(now)`` is asked what is due at that moment.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from django_frappe_web import scheduler
from django_frappe_web.background_jobs import get_job_status
from django_frappe_web.checks import check_scheduler_events
from django_frappe_web.models import ScheduledJobType
from django_frappe_web.scheduler import enqueue_due_jobs, next_run_of, sync_jobs
from tests.testapp import hooks, scheduled
from tests.testapp.models import Note

pytestmark = pytest.mark.django_db

TASKS_PACKAGE = "django.tasks" if find_spec("django.tasks") else "django_tasks"
NOW = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)  # a Wednesday
TESTAPP_EVENTS = 11


@pytest.fixture
def queued(settings):
    """The task backend records each enqueued job without running it; returns its list of results."""
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_PACKAGE}.backends.dummy.DummyBackend", "QUEUES": []}}
    backend = __import__(TASKS_PACKAGE, fromlist=["task_backends"]).task_backends["default"]
    backend.clear()
    return backend.results


def row(method: str, frequency: str | None = None) -> ScheduledJobType:
    rows = ScheduledJobType.objects.filter(method=f"tests.testapp.scheduled.{method}")
    return rows.get(frequency=frequency) if frequency else rows.get()


def last_enqueued(method: str, when: datetime | None, created: datetime = NOW - timedelta(days=90)) -> None:
    ScheduledJobType.objects.filter(method=f"tests.testapp.scheduled.{method}").update(
        last_enqueued=when, creation=created)


def enqueued_methods(results) -> list[tuple[str, str]]:
    """``(method's name, queue)`` of each job: frappe.enqueue passes the method's kwargs as one dict argument."""
    kwargs = [next(arg for arg in r.args if isinstance(arg, dict)) for r in results]
    return sorted((k["job_type"].rsplit(".", 1)[1], r.task.queue_name) for k, r in zip(kwargs, results, strict=True))


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# Syncing the rows with the hooks

def test_sync_records_one_row_per_declared_event():
    jobs = sync_jobs()
    assert len(jobs) == ScheduledJobType.objects.count() == TESTAPP_EVENTS
    assert row("weekday_mornings").cron_format == "30 9 * * 1-5"
    assert row("daily_long").frequency == "Daily Long" and row("daily_long").app == "tests.testapp"


def test_a_restart_keeps_last_enqueued_and_drops_events_gone_from_the_hooks(monkeypatch):
    sync_jobs()
    last_enqueued("hourly", NOW)
    monkeypatch.setattr(hooks, "scheduler_events", {"hourly": ["tests.testapp.scheduled.hourly"]})
    assert [job.method for job in sync_jobs()] == ["tests.testapp.scheduled.hourly"]
    assert ScheduledJobType.objects.get().last_enqueued == NOW


def test_a_new_event_waits_for_its_first_due_time_after_it_was_recorded(queued):
    sync_jobs()
    ScheduledJobType.objects.update(creation=NOW)
    assert enqueue_due_jobs(NOW + timedelta(minutes=1)) == []
    assert enqueued_methods(queued) == []
    assert next_run_of(row("daily")) == datetime(2026, 12, 3, tzinfo=UTC)


# Due events, claims and missed periods

def test_due_events_are_enqueued_on_their_queue_once(queued):
    sync_jobs()
    ScheduledJobType.objects.update(creation=NOW)
    at_midnight = datetime(2026, 12, 3, 0, 0, 5, tzinfo=UTC)
    assert sorted(job.method.rsplit(".", 1)[1] for job in enqueue_due_jobs(at_midnight)) == [
        "daily", "daily_long", "every_five_minutes", "every_tick", "hourly", "hourly_long"]
    assert ("daily_long", "long") in enqueued_methods(queued) and ("daily", "default") in enqueued_methods(queued)
    assert enqueue_due_jobs(at_midnight + timedelta(seconds=30)) == []
    assert len(queued) == 6
    assert row("daily").last_enqueued == at_midnight


def test_an_event_missed_for_many_periods_is_enqueued_once(queued):
    sync_jobs()
    last_enqueued("hourly", NOW - timedelta(days=3))  # 72 missed hours while no scheduler ran
    ScheduledJobType.objects.exclude(method__endswith=".hourly").update(stopped=True)
    assert [job.method for job in enqueue_due_jobs(NOW)] == ["tests.testapp.scheduled.hourly"]
    assert enqueue_due_jobs(NOW + timedelta(minutes=29)) == []
    assert enqueued_methods(queued) == [("hourly", "default")]
    assert next_run_of(row("hourly")) == datetime(2026, 12, 2, 11, tzinfo=UTC)


def test_a_scheduler_that_read_the_row_before_another_claimed_it_enqueues_nothing(queued):
    sync_jobs()
    last_enqueued("weekly", NOW - timedelta(days=8))
    stale = row("weekly")
    assert scheduler.claim_and_enqueue(row("weekly"), NOW)  # the other scheduler wins
    assert not scheduler.claim_and_enqueue(stale, NOW + timedelta(seconds=1))
    assert len(queued) == 1 and row("weekly").last_enqueued == NOW


@pytest.mark.parametrize("backend", ["dummy.DummyBackend", "immediate.ImmediateBackend"])
def test_a_refused_enqueue_leaves_the_event_due_for_the_next_tick(settings, backend):
    """In the claim's transaction (a queueing backend) or after it (the immediate backend): no claim is kept."""
    sync_jobs()
    last_enqueued("monthly", NOW - timedelta(days=40))
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_PACKAGE}.backends.{backend}", "QUEUES": ["not-default"]}}
    ScheduledJobType.objects.exclude(method__endswith=".monthly").update(stopped=True)
    assert enqueue_due_jobs(NOW) == []
    assert row("monthly").last_enqueued == NOW - timedelta(days=40)


def test_an_event_the_backend_refuses_does_not_stop_the_others(settings, caplog):
    sync_jobs()
    last_enqueued("weekly", NOW - timedelta(days=8))
    last_enqueued("weekly_long", NOW - timedelta(days=8))
    ScheduledJobType.objects.exclude(method__contains=".weekly").update(stopped=True)
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_PACKAGE}.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    assert [job.method for job in enqueue_due_jobs(NOW)] == ["tests.testapp.scheduled.weekly"]
    assert "could not enqueue tests.testapp.scheduled.weekly_long on the 'long' queue" in caplog.text
    assert row("weekly_long", "Weekly Long").last_enqueued == NOW - timedelta(days=8)


def test_a_job_that_raises_is_not_enqueued_again_until_its_next_due_time(monkeypatch):
    def broken():
        raise RuntimeError("the daily job failed")

    monkeypatch.setattr(scheduled, "daily", broken)
    sync_jobs()
    last_enqueued("daily", NOW - timedelta(days=2))
    ScheduledJobType.objects.exclude(method__endswith=".daily").update(stopped=True)
    assert len(enqueue_due_jobs(NOW)) == 1  # the backend records the failure; the claim stands
    assert enqueue_due_jobs(NOW + timedelta(minutes=1)) == []
    assert row("daily").last_enqueued == NOW and row("daily").last_execution is not None


def test_a_database_error_costs_one_tick_and_is_reported():
    reports = []
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("DROP TABLE django_frappe_web_scheduledjobtype")
    assert scheduler.tick(report=reports.append) == []
    assert len(reports) == 1 and reports[0].startswith("scheduler: database error, retrying next tick:")


def test_an_event_whose_previous_job_is_still_queued_is_skipped_not_piled_up(settings):
    """As Frappe's is_job_in_queue: with no worker running, the database backend's job stays queued."""
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "JOB_BACKEND": "database"}
    sync_jobs()
    last_enqueued("hourly", NOW - timedelta(hours=3))
    ScheduledJobType.objects.exclude(method__endswith=".hourly").update(stopped=True)
    assert len(enqueue_due_jobs(NOW)) == 1
    assert get_job_status("scheduled_job::tests.testapp.scheduled.hourly") == "queued"
    an_hour_later = NOW + timedelta(hours=1)
    assert enqueue_due_jobs(an_hour_later) == []  # still queued: not enqueued a second time
    assert row("hourly").last_enqueued == an_hour_later  # that due time is skipped, the next one counts
    assert DBTaskResult.objects.count() == 1


def test_a_stopped_event_is_never_enqueued(queued):
    sync_jobs()
    last_enqueued("daily", NOW - timedelta(days=2))
    ScheduledJobType.objects.update(stopped=True)
    assert enqueue_due_jobs(NOW) == [] and queued == []


def test_the_job_runs_the_hook_as_administrator_and_records_its_start():
    sync_jobs()
    last_enqueued("monthly_long", NOW - timedelta(days=40))
    ScheduledJobType.objects.exclude(method__endswith=".monthly_long").update(stopped=True)
    assert len(enqueue_due_jobs(NOW)) == 1
    assert list(Note.objects.values_list("title", "content")) == [("monthly_long", "Administrator")]
    assert row("monthly_long").last_execution is not None


# Commands

def test_run_scheduler_once_syncs_and_enqueues_what_is_due(queued):
    sync_jobs()
    last_enqueued("every_five_minutes", datetime(2000, 1, 1, tzinfo=UTC))
    output = run("run_scheduler", "--once")
    assert "scheduler: 11 scheduled events" in output
    assert "enqueued tests.testapp.scheduled.every_five_minutes (*/5 * * * *) on default" in output
    assert ("every_five_minutes", "default") in enqueued_methods(queued)


def test_run_scheduler_refuses_a_malformed_hook_before_touching_the_rows(monkeypatch):
    monkeypatch.setattr(hooks, "scheduler_events", {"cron": {"every day": ["tests.testapp.scheduled.daily"]}})
    with pytest.raises(CommandError, match="invalid cron string 'every day'"):
        run("run_scheduler", "--once")
    assert not ScheduledJobType.objects.exists()


def test_run_scheduler_refuses_a_tick_that_is_not_positive():
    with pytest.raises(CommandError, match="--tick"):
        run("run_scheduler", "--tick", "0")


@pytest.mark.parametrize("tick", ["nan", "inf", "-1"])
def test_run_scheduler_refuses_a_tick_that_is_not_a_finite_positive_number(tick):
    with pytest.raises(CommandError, match="--tick"):
        run("run_scheduler", "--tick", tick)
    assert not ScheduledJobType.objects.exists()  # refused before the rows are touched


def test_list_scheduled_jobs_shows_queue_last_and_next_run():
    sync_jobs()
    ScheduledJobType.objects.filter(method__endswith=".hourly_long").update(
        last_enqueued=NOW, last_execution=NOW + timedelta(seconds=3))
    lines = run("list_scheduled_jobs").splitlines()
    assert lines[0].split() == ["METHOD", "FREQUENCY", "QUEUE", "LAST", "ENQUEUED", "LAST", "RUN", "NEXT", "RUN"]
    hourly_long = next(line for line in lines if ".hourly_long " in line)
    assert hourly_long.split()[1:] == ["Hourly", "Long", "long", "2026-12-02", "10:30:00", "2026-12-02", "10:30:03",
                                       "2026-12-02", "11:00:00"]
    assert any("Cron 30 9 * * 1-5" in line for line in lines)
    assert lines[-1] == "11 scheduled events"


def test_list_scheduled_jobs_reads_the_hooks_before_any_scheduler_ran():
    output = run("list_scheduled_jobs")
    assert "(after scheduler start)" in output and "11 scheduled events" in output
    assert not ScheduledJobType.objects.exists()


# Admin and checks

def test_the_admin_lists_events_with_their_next_run_and_adds_none(client, superuser):
    sync_jobs()
    client.force_login(superuser)
    listing = client.get("/admin/django_frappe_web/scheduledjobtype/")
    assert listing.status_code == 200
    assert b"tests.testapp.scheduled.weekday_mornings" in listing.content
    assert client.get("/admin/django_frappe_web/scheduledjobtype/add/").status_code == 403


def test_the_admin_may_stop_an_event_and_change_nothing_else(client, superuser):
    sync_jobs()
    daily = row("daily")
    client.force_login(superuser)
    url = f"/admin/django_frappe_web/scheduledjobtype/{daily.pk}/change/"
    assert b"next run" in client.get(url).content.lower()
    response = client.post(url, {"stopped": "on", "method": "os.system", "cron_format": "* * * * *", "_save": "Save"})
    assert response.status_code == 302
    assert (row("daily").stopped, row("daily").method, row("daily").cron_format) == (
        True, "tests.testapp.scheduled.daily", "")


def test_the_checks_pass_for_the_test_app_and_name_a_bad_hook(monkeypatch):
    assert check_scheduler_events() == []
    monkeypatch.setattr(hooks, "scheduler_events", {"dayly": ["tests.testapp.scheduled.daily"]})
    assert [e.id for e in check_scheduler_events()] == ["django_frappe_web.E040"]
    monkeypatch.setattr(hooks, "scheduler_events", {"daily": ["tests.testapp.scheduled.no_such_function"]})
    assert [e.id for e in check_scheduler_events()] == ["django_frappe_web.E041"]
