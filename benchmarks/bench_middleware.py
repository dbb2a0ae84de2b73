"""FrappeMiddleware's per-request overhead on a trivial view, against the same stack without it.

Target (issue 2): FrappeMiddleware adds under 10% to a trivial view's request time. The
handler runs Django's real middleware chain (sessions, CSRF, auth, messages) for a guest.
"""

from __future__ import annotations

from .common import compare, make_handler, report, setup_django


def main() -> list[str]:
    setup_django()
    from django.conf import settings
    from django.test import RequestFactory

    from django_frappe_web.checks import MIDDLEWARE_PATH

    with_frappe = list(settings.MIDDLEWARE)
    without = [m for m in with_frappe if m != MIDDLEWARE_PATH]
    factory = RequestFactory()
    lines = []
    cases = (
        ("trivial view", "/bench/trivial/", "/bench/trivial/"),
        ("frappe.session.user vs request.user", "/bench/user/", "/bench/django-user/"),
    )
    ours_handler, base_handler = make_handler(with_frappe), make_handler(without)
    for label, path, base_path in cases:
        ours, base, ratio = compare(lambda path=path: ours_handler.get_response(factory.get(path)),
                                    lambda path=base_path: base_handler.get_response(factory.get(path)))
        lines.append(report(f"middleware overhead, {label}", ours, base, ratio, "time ratio < 1.10"))
    return lines


if __name__ == "__main__":
    main()
