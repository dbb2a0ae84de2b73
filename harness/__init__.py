"""Real processes for tests, load runs and benchmarks (not part of the package).

* ``harness.site``: a site as environment (settings module, PostgreSQL database, Redis prefix);
* ``harness.servers``: gunicorn, uvicorn and ``manage.py`` commands as processes;
* ``harness.redis_server`` / ``harness.postgres_server``: private Redis and PostgreSQL servers
  that fault tests may stop, pause and restart.
"""
