"""Settings of the site under load: the example project's production settings, plus what a load
run from one address needs.

All calls of a run come from 127.0.0.1, so the per-address web form limit (10 a minute by
default, right for a public site) is raised: the run measures the site, not its rate limiter.
With ``LOAD_TRACEMALLOC`` set (a folder), each worker traces its allocations and writes a
snapshot there on SIGUSR2 (:mod:`loadtest.tracing`).
"""

import os

from example_project.production import *  # noqa: F403 - production, then what a load run changes
from example_project.production import FRAPPE_WEB, INSTALLED_APPS

FRAPPE_WEB = {**FRAPPE_WEB, "WEB_FORM_RATE_LIMIT": {"limit": 1_000_000, "seconds": 60}}
if os.environ.get("LOAD_TRACEMALLOC"):
    INSTALLED_APPS = [*INSTALLED_APPS, "loadtest.tracing.TracingConfig"]
