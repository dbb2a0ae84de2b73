"""``manage.py list_scheduled_jobs``: each scheduled event with its queue, last and next run."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...models import ScheduledJobType
from ...scheduled_events import SchedulerEventsError
from ...scheduler import declared_events, job_key, job_queue, next_run_of

COLUMNS = ("method", "frequency", "queue", "last enqueued", "last run", "next run")


class Command(BaseCommand):
    help = "List the scheduled events of the installed apps' hooks: method, frequency, queue, last and next run."

    def handle(self, *args, **options):
        try:
            events = declared_events()
        except SchedulerEventsError as exc:
            raise CommandError(str(exc)) from exc
        # Read only: an event the scheduler has not recorded yet is listed from the hooks.
        rows = {job_key(row): row for row in ScheduledJobType.objects.all()}
        lines = []
        for event in events:
            row = rows.pop(job_key(event), None)
            job = row or ScheduledJobType(method=event.method, frequency=event.frequency,
                                          cron_format=event.cron_format, creation=timezone.now())
            lines.append(self._line(job, recorded=row is not None))
        for row in rows.values():  # recorded, but gone from the hooks: the next scheduler start deletes it
            lines.append(self._line(row, recorded=True, note="not in hooks"))
        if lines:
            header = [c.upper() for c in COLUMNS]
            widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(COLUMNS))]
            for line in [header, *lines]:
                self.stdout.write("  ".join(value.ljust(w) for value, w in zip(line, widths, strict=True)).rstrip())
        self.stdout.write(f"{len(lines)} scheduled events")

    @staticmethod
    def _line(job: ScheduledJobType, recorded: bool, note: str = "") -> list[str]:
        frequency = f"Cron {job.cron_format}" if job.cron_format else job.frequency
        if job.stopped:
            next_run = "stopped"
        elif note:
            next_run = note
        else:
            next_run = _when(next_run_of(job)) + ("" if recorded else " (after scheduler start)")
        return [job.method, frequency, job_queue(job), _when(job.last_enqueued), _when(job.last_execution), next_run]


def _when(moment) -> str:
    if not moment:
        return "-"
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime("%Y-%m-%d %H:%M:%S")
