"""FrappeMiddleware's per-request overhead on a trivial view, against the same stack without it.

Target (issue 2): FrappeMiddleware adds under 10% to a trivial view's request time. The
handler runs Django's real middleware chain (sessions, CSRF, auth, messages) for a guest.
The last line isolates the middleware: a chain of FrappeMiddleware alone against a chain of one
pass-through middleware (what any middleware costs in Django's chain), whose difference is what
FrappeMiddleware's own work costs per request, in microseconds.
"""

from __future__ import annotations

import time

from .common import backend, compare, make_handler, report, setup_django


class PassThrough:
    """A middleware doing nothing: the peer of FrappeMiddleware alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class URLconf:
    """A URLconf object (Django takes any object with ``urlpatterns``), hashed by identity."""

    def __init__(self, urlpatterns: list) -> None:
        self.urlpatterns = urlpatterns


def main() -> list[str]:
    setup_django()
    from django.conf import settings
    from django.test import RequestFactory

    from django_frappe_web.checks import MIDDLEWARE_PATH

    from . import urls

    with_frappe = list(settings.MIDDLEWARE)
    without = [m for m in with_frappe if m != MIDDLEWARE_PATH]
    factory = RequestFactory()
    lines = []
    cases = (
        ("trivial view", "/bench/trivial/", "/bench/trivial/"),
        ("frappe.session.user vs request.user", "/bench/user/", "/bench/django-user/"),
    )
    # Each request resolves its path in a URLconf of its own view alone: in benchmarks.urls one
    # view sits further down the list than the other, which would be timed as middleware cost.
    urlconfs = {path: URLconf([match for match in urls.urlpatterns
                                                   if getattr(match.pattern, "_route", None) == path.lstrip("/")])
                for _, *paths in cases for path in paths}
    assert all(len(conf.urlpatterns) == 1 for conf in urlconfs.values()), urlconfs

    def get(path):
        request = factory.get(path)
        request.urlconf = urlconfs[path]
        return request

    ours_handler, base_handler = make_handler(with_frappe), make_handler(without)
    # CPU time of this thread where the request waits on nothing (the session and user of a guest
    # come from no server): a busy machine's preemption then weighs on neither side.
    clock = time.thread_time if backend() == "sqlite" else time.perf_counter
    for label, path, base_path in cases:
        ours, base, ratio = compare(lambda path=path: ours_handler.get_response(get(path)),
                                    lambda path=base_path: base_handler.get_response(get(path)), clock=clock)
        lines.append(report(f"middleware overhead, {label}", ours, base, ratio, "time ratio < 1.10"))
    alone, bare = make_handler([MIDDLEWARE_PATH]), make_handler([f"{__name__}.PassThrough"])
    ours, base, ratio = compare(lambda: alone.get_response(get("/bench/trivial/")),
                                lambda: bare.get_response(get("/bench/trivial/")), number=2000, clock=clock)
    lines.append(report(f"FrappeMiddleware alone vs a pass-through middleware, trivial view "
                        f"({(ours - base) * 1e6:.2f} µs a request)",
                        ours, base, ratio, "information"))
    return lines


if __name__ == "__main__":
    main()
