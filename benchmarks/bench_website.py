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

    # The same body as a WebPage row (issue 12: a query by primary key per request made it 0.35x).
    from django_frappe_web.models import WebPage

    body = "".join(f'<p>Paragraph {i} with <a href="/x/{i}">a link</a>.</p>' for i in range(60))
    WebPage.objects.update_or_create(route="bench-web-page", defaults={
        "title": "Benchmark page", "content_type": "html", "main_section": f"<h1>Benchmark page</h1>{body}"})
    with override_settings(FRAPPE_WEB={**settings.FRAPPE_WEB, "PAGE_CACHE_TIMEOUT": 0}):
        assert b"Paragraph 59" in ours_handler.get_response(factory.get("/bench-web-page")).content
        ours, base, ratio = compare(get(ours_handler, "/bench-web-page"), get(base_handler, "/bench/template/"))
    lines.append(report("uncached WebPage vs TemplateView", ours, base, ratio, "throughput >= 0.7x"))
    return lines


if __name__ == "__main__":
    main()
