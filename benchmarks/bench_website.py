"""The website catch-all against plain Django serving the same page.

Targets (issue 3): a cached guest www page at least 0.8x the throughput of a
``TemplateView`` with ``cache_page``; uncached, at least 0.7x of the plain ``TemplateView``.
Both sides run Django's real middleware chain; the baseline's chain lacks FrappeMiddleware.
"""

from __future__ import annotations

from .common import compare, make_handler, report, setup_django


def main() -> list[str]:
    setup_django()
    from django.conf import settings
    from django.test import RequestFactory, override_settings

    from django_frappe_web.checks import MIDDLEWARE_PATH

    factory = RequestFactory()
    ours_handler = make_handler(list(settings.MIDDLEWARE))
    base_handler = make_handler([m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH])
    lines = []

    def get(handler, path):
        return lambda: handler.get_response(factory.get(path))

    first = ours_handler.get_response(factory.get("/bench-page"))
    assert first.status_code == 200 and b"Paragraph 19" in first.content, first.content[:300]
    assert ours_handler.get_response(factory.get("/bench-page"))["X-From-Cache"] == "True"
    ours, base, ratio = compare(get(ours_handler, "/bench-page"), get(base_handler, "/bench/cached-template/"))
    lines.append(report("cached www page vs TemplateView+cache_page", ours, base, ratio, "throughput >= 0.8x"))

    with override_settings(FRAPPE_WEB={**settings.FRAPPE_WEB, "PAGE_CACHE_TIMEOUT": 0}):
        assert "X-From-Cache" not in ours_handler.get_response(factory.get("/bench-page"))
        ours, base, ratio = compare(get(ours_handler, "/bench-page"), get(base_handler, "/bench/template/"))
    lines.append(report("uncached www page vs TemplateView", ours, base, ratio, "throughput >= 0.7x"))
    return lines


if __name__ == "__main__":
    main()
