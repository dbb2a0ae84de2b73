"""The guest page through gunicorn: our www page and ``WebPage`` row against Wagtail 8 and Django.

The same ~5 KB body (benchmarks/server/www/guest-page.html) served four ways, each side by its
own gunicorn with one sync worker on the same database and cache (benchmarks/server/):

* cold: our www page and ``WebPage`` row with the page cache off, a Wagtail ``GuestPage``
  (rich text) through Wagtail's serve view, and a plain ``TemplateView`` (the ceiling);
* cached: ours with the page cache on (the default), Wagtail's serve view under Django's
  ``cache_page`` (Wagtail core has no page cache of its own), and the ``TemplateView`` under
  ``cache_page`` (the ceiling).

Goals (issue #12): at least 1.0x Wagtail, cold and cached; at least 0.8x the plain Django ceiling.
Run: ``make bench-server`` or ``make bench ARGS=server_pages``.
"""

from __future__ import annotations

from .server.compare import Target, Timing, alternate, check, fetch, summary, verdict
from .server.project import Project, run_shared


def run(current: Project, timing: Timing) -> list[str]:
    current.seed("--pages")
    servers = current.serve("ours-cold", "ours", "wagtail", "django")
    ours_cold, ours, wagtail, django = (servers[side].url for side in ("ours-cold", "ours", "wagtail", "django"))
    cold = [Target("ours: www page, cold", f"{ours_cold}/guest-page"),
            Target("ours: WebPage row, cold", f"{ours_cold}/guest-webpage"),
            Target("Wagtail page, cold", f"{wagtail}/guest-page/"),
            Target("TemplateView, cold", f"{django}/guest-page/")]
    cached = [Target("ours: www page, cached", f"{ours}/guest-page"),
              Target("ours: WebPage row, cached", f"{ours}/guest-webpage"),
              Target("Wagtail page + cache_page", f"{wagtail}/cached/guest-page/"),
              Target("TemplateView + cache_page", f"{django}/cached/guest-page/")]
    for target in cold + cached:
        check(target)  # also fills the caches
    for target in cold + cached:
        from_cache = fetch(target.url)[1].get("X-From-Cache")
        if (from_cache == "True") != (target in cached[:2]):
            raise AssertionError(f"{target.label}: X-From-Cache is {from_cache!r}")
    lines = []
    for group in (cold, cached):
        sizes = {target.label: check(target) for target in group}
        results = alternate(group, timing)
        lines += summary(results, sizes)
        ours_labels, (peer, ceiling) = [t.label for t in group[:2]], [t.label for t in group[2:]]
        lines += [verdict(results, label, peer, 1.0) for label in ours_labels]
        lines += [verdict(results, label, ceiling, 0.8) for label in ours_labels]
        lines.append(verdict(results, peer, ceiling, 0.0) + "  (for scale: Wagtail against the ceiling)")
    return lines


def main() -> list[str]:
    return run_shared(run)


if __name__ == "__main__":
    main()
