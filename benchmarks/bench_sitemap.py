"""``/sitemap.xml``: the hand-written XML against the same sitemap built on ``django.contrib.sitemaps``.

Issue 11, item 12 asked for the sitemap to build on Django's ``Sitemap`` classes and
``sitemap.xml`` template unless that is measured slower. It is (docs/decisions.md, "Sitemap"),
so the package keeps writing the XML; the contrib candidates live here, so the decision can
be measured again. Every side lists the same www pages and 1,000 published web pages.
"""

from __future__ import annotations

import functools

from .common import compare, report, setup_django

PAGES = 1_000


def contrib_candidates():
    """``(with Django's template, with Sitemap classes but hand-written XML)`` render functions."""
    from pathlib import Path

    import django.contrib.sitemaps
    from django.contrib.sitemaps import Sitemap
    from django.contrib.sites.requests import RequestSite
    from django.template import Context, Engine
    from django.utils.encoding import iri_to_uri
    from django.utils.html import escape

    from django_frappe_web.website.sitemap import iter_sitemap_routes

    class RouteSitemap(Sitemap):
        limit = 10**9  # one page, as the hand-written sitemap

        def items(self):
            return list(iter_sitemap_routes())

        def location(self, item):
            return iri_to_uri(f"/{item[0]}")

        def lastmod(self, item):
            return item[1].date() if hasattr(item[1], "date") else None

    template = Engine(dirs=[str(Path(django.contrib.sitemaps.__file__).parent / "templates")]).get_template(
        "sitemap.xml")

    def urls(request):
        return RouteSitemap().get_urls(site=RequestSite(request), protocol=request.scheme)

    def with_template(request):
        return template.render(Context({"urlset": urls(request)}))

    def with_classes(request):
        entries = [
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{url['lastmod'].isoformat()}</lastmod>" if url["lastmod"] else "") + "</url>"
            for url in urls(request)
        ]
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n")

    return with_template, with_classes


def main() -> list[str]:
    setup_django()
    from django.test import RequestFactory

    from django_frappe_web.models import WebPage
    from django_frappe_web.website.sitemap import render_sitemap

    WebPage.objects.bulk_create(
        WebPage(title=f"Page {i}", route=f"pages/page-{i:05d}", main_section="x") for i in range(PAGES)
    )
    request = RequestFactory().get("/sitemap.xml")
    with_template, with_classes = contrib_candidates()
    assert render_sitemap(request) == with_classes(request)
    assert with_template(request).count("<url>") == render_sitemap(request).count("<url>") >= PAGES
    lines = []
    for name, candidate in (("Sitemap + sitemap.xml template", with_template),
                            ("Sitemap classes, hand-written XML", with_classes)):
        ours, base, ratio = compare(lambda: render_sitemap(request), functools.partial(candidate, request), number=5, rounds=7)
        lines.append(report(f"sitemap.xml, {PAGES} pages: hand-written vs {name}", ours, base, ratio,
                            "time ratio < 1.0 keeps the hand-written XML"))
    return lines


if __name__ == "__main__":
    main()
