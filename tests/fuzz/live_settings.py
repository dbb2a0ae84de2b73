"""The example project as a production-like server for the fuzzers: DEBUG off, SQLite file from DEMO_DATABASE.

Run from ``example_project/`` (gunicorn ``--chdir``) with the repository root on PYTHONPATH.
"""

from example_project.settings import *  # noqa: F403 - the example project, then the differences below

DEBUG = False
# Error pages and envelopes must never carry a traceback: DEBUG off is what production runs.
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"stderr": {"class": "logging.StreamHandler"}},
           "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}}}
