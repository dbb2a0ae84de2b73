"""Settings of the scheduler processes that tests/test_scheduler_processes.py starts.

The tests' settings on a database shared between processes: PostgreSQL when ``DATABASE_URL``
is set (the test creates and drops its own database), else the SQLite file ``SCHEDULER_SQLITE``.
Jobs go to the database backend (django-tasks-db, the tests' "database" alias), run by a
``manage.py db_worker`` the test starts beside the schedulers.
"""

import os

from tests.settings import *  # noqa: F403 - these settings extend the tests' own

if not os.environ.get("DATABASE_URL"):
    # Django's defaults but a longer lock wait: two schedulers and the test write to one file.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SCHEDULER_SQLITE"],
                             "OPTIONS": {"timeout": 20}}}
FRAPPE_WEB = {**FRAPPE_WEB, "JOB_BACKEND": "database"}  # noqa: F405 - from tests.settings
SILENCED_SYSTEM_CHECKS = ["django_frappe_web.W003"]  # one process per test: a private cache is fine
