"""``manage.py recover_jobs``: jobs whose worker was killed are marked failed (or queued again)."""

import math

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Mark failed the django-tasks-db jobs left running by a worker that stopped (on PostgreSQL: "
            "their worker's lock is gone), or every job running longer than --older-than seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=None, metavar="SECONDS",
                            help="count every job running longer than this as lost (any database, e.g. SQLite)")
        parser.add_argument("--requeue", action="store_true",
                            help="queue lost jobs again instead of marking them failed (only for jobs safe to re-run)")

    def handle(self, *args, older_than=None, requeue=False, **options):
        if older_than is not None and not (0 <= older_than < math.inf):
            # A negative age would count every running job as lost, live workers' included.
            raise CommandError(f"--older-than must be a number of seconds, 0 or more (got {older_than}).")
        if not apps.is_installed("django_tasks_db"):
            raise CommandError("recover_jobs works on django-tasks-db's jobs: add 'django_tasks_db' to INSTALLED_APPS.")
        from ...job_recovery import recover_lost_jobs  # imports django-tasks-db's models

        lost = recover_lost_jobs(older_than=older_than, requeue=requeue)
        verb = "queued again" if requeue else "marked failed"
        self.stdout.write(f"{len(lost)} job(s) of lost workers {verb}" + "".join(f"\n  {job}" for job in lost))
