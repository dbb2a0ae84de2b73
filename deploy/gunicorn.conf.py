"""gunicorn's configuration for the site (WSGI): ``gunicorn --config deploy/gunicorn.conf.py``.

Run from the project's folder (the one with manage.py), with ``DJANGO_SETTINGS_MODULE`` and the
variables of example_project/example_project/production.py in the environment. Command-line
options override these values (the live tests pass ``--bind`` and ``--workers``).
"""

import multiprocessing
import os

wsgi_app = "example_project.wsgi:application"
# nginx (deploy/nginx/site.conf) proxies to this address; never expose gunicorn directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each, so Django's persistent connections (CONN_MAX_AGE)
# are one per worker. 2 x cores + 1 is gunicorn's rule of thumb for I/O-bound Django views.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request taking longer than this kills its worker (the client gets a 502 from nginx).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10  # SIGTERM: finish in-flight requests for at most this long
keepalive = 5  # nginx keeps upstream connections open (deploy/nginx/site.conf: keepalive)
# Trust X-Forwarded-* only from the proxy on this machine (Django reads them through
# SECURE_PROXY_SSL_HEADER and USE_X_FORWARDED_HOST).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access lines are nginx's job; errors and worker restarts go to stderr (journald).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = "info"
# gunicorn >= 24 opens a control socket at ~/.gunicorn/gunicorn.ctl: two gunicorns of one user
# (two sites, or a test run next to the site) would share it. Nothing here uses it.
control_socket_disable = True
