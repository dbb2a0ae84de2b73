"""Apps' ``scheduler_events`` read into events, and when each frequency is next due (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from django_frappe_web.scheduled_events import (
    ScheduledEvent,
    SchedulerEventsError,
    all_cron,
    cron_for,
    next_run,
    queue_for,
    read_scheduler_events,
)

# A Wednesday, mid-hour.
NOW = datetime(2026, 12, 2, 10, 30, 15, tzinfo=UTC)


def test_every_key_becomes_frappes_frequency_and_cron_strings_keep_their_own():
    events = read_scheduler_events([("shop", {
        "all": ["shop.tasks.tick"],
        "hourly_long": ["shop.tasks.reindex"],
        "monthly": "shop.tasks.invoice",  # a single path is accepted as Frappe's hooks do
        "cron": {"*/15 9-17 * * 1-5": ["shop.tasks.sync"]},
    })])
    assert events == [
        ScheduledEvent("shop", "shop.tasks.tick", "All"),
        ScheduledEvent("shop", "shop.tasks.reindex", "Hourly Long"),
        ScheduledEvent("shop", "shop.tasks.invoice", "Monthly"),
        ScheduledEvent("shop", "shop.tasks.sync", "Cron", "*/15 9-17 * * 1-5"),
    ]


def test_an_event_declared_twice_is_one_event_but_one_method_may_have_two_schedules():
    events = read_scheduler_events([
        ("a", {"daily": ["x.tasks.f"], "cron": {"0 6 * * *": ["x.tasks.f"]}}),
        ("b", {"daily": ["x.tasks.f"]}),
    ])
    assert [(e.app, e.frequency, e.cron_format) for e in events] == [("a", "Daily", ""), ("a", "Cron", "0 6 * * *")]


@pytest.mark.parametrize(("mapping", "message"), [
    ({"every_minute": ["x.f"]}, "unknown key 'every_minute'"),
    ({"cron": {"61 * * * *": ["x.f"]}}, "invalid cron string '61 \\* \\* \\* \\*'"),
    ({"cron": ["x.f"]}, "must map cron strings to lists"),
    ({"daily": [None]}, "expected a list of dotted paths"),
    ({"daily": ["no_dots"]}, "expected a list of dotted paths"),
])
def test_a_malformed_hook_is_refused_naming_the_app_and_key(mapping, message):
    with pytest.raises(SchedulerEventsError, match=f"^shop.hooks.scheduler_events.*{message}"):
        read_scheduler_events([("shop", mapping)])


def test_long_frequencies_go_on_the_long_queue():
    assert [queue_for(f) for f in ("All", "Hourly", "Daily Long", "Weekly Long", "Monthly Long", "Cron")] == [
        "default", "default", "long", "long", "long", "default"]


def test_all_runs_every_interval_in_whole_minutes_at_least_one():
    assert all_cron(240) == "*/4 * * * *"  # Frappe's default scheduler_interval
    assert all_cron(60) == all_cron(59) == all_cron(1) == "* * * * *"
    assert cron_for("All", "", 600) == "*/10 * * * *"


@pytest.mark.parametrize(("frequency", "expected"), [
    ("Hourly", datetime(2026, 12, 2, 11, 0, tzinfo=UTC)),
    ("Hourly Long", datetime(2026, 12, 2, 11, 0, tzinfo=UTC)),
    ("Daily", datetime(2026, 12, 3, 0, 0, tzinfo=UTC)),
    ("Weekly", datetime(2026, 12, 6, 0, 0, tzinfo=UTC)),  # the next Sunday
    ("Monthly Long", datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
    ("All", datetime(2026, 12, 2, 10, 32, tzinfo=UTC)),
])
def test_each_frequency_is_next_due_at_frappes_time(frequency, expected):
    assert next_run(cron_for(frequency), NOW) == expected


def test_a_cron_event_is_due_at_its_next_match():
    assert next_run(cron_for("Cron", "*/15 9-17 * * 1-5"), NOW) == datetime(2026, 12, 2, 10, 45, tzinfo=UTC)
    friday_evening = datetime(2026, 12, 4, 17, 50, tzinfo=UTC)
    assert next_run("*/15 9-17 * * 1-5", friday_evening) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_due_time_is_strictly_after_the_last_run():
    on_the_hour = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert next_run(cron_for("Hourly"), on_the_hour) == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
