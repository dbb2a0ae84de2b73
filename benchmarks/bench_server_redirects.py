"""Redirect resolution through gunicorn: our ``WebsiteRedirect`` rules against Wagtail's redirects
app and ``django.contrib.redirects``, with 10 and 10,000 rules.

Each side holds the same literal rules ``old-page-<i>`` -> ``/new-page-<i>`` (benchmarks/server/
seed.py) and answers two paths: one that matches no rule (a 404 on every side: ours renders its
404 page, the peers Django's default one) and the last rule of the set (a 301). Ours runs as
production does, page cache on; Wagtail's ``RedirectMiddleware`` and Django's
``RedirectFallbackMiddleware`` look the path up in the database on every 404. Between the two
sizes every server restarts on a new cache prefix, so no table or page outlives its rules.

Goals (issue #12): at least 1.0x Wagtail and 0.8x plain Django; ours flat from 10 to 10,000 rules.
Run: ``make bench-server`` or ``make bench ARGS=server_redirects`` (PostgreSQL only).
"""

from __future__ import annotations

import statistics

from .server.compare import Target, Timing, alternate, check, summary, verdict
from .server.project import Project, shared_project

BACKENDS = ("postgres",)
SIZES = (10, 10_000)
SIDES = {"ours": "ours", "Wagtail redirects": "wagtail", "Django redirects": "django"}


def run(current: Project, timing: Timing, sizes: tuple[int, ...] = SIZES) -> list[str]:
    lines, medians = [], {}
    for size in sizes:
        current.seed("--redirects", str(size))
        servers = current.serve(*SIDES.values())
        targets = []
        for name, side in SIDES.items():
            url = servers[side].url
            targets.append(Target(f"{name}, {size} rules, no match", f"{url}/nothing-here/", 404))
            targets.append(Target(f"{name}, {size} rules, match", f"{url}/old-page-{size - 1}/", 301))
        sizes_seen = {target.label: check(target) for target in targets}
        results = alternate(targets, timing)
        lines += summary(results, sizes_seen)
        for kind in ("no match", "match"):
            ours = f"ours, {size} rules, {kind}"
            lines.append(verdict(results, ours, f"Wagtail redirects, {size} rules, {kind}", 1.0))
            lines.append(verdict(results, ours, f"Django redirects, {size} rules, {kind}", 0.8))
            medians[size, kind] = statistics.median(r.per_second for r in results[ours])
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for kind in ("no match", "match"):
            lines.append(f"ours, {kind}: {large} rules at {medians[large, kind] / medians[small, kind]:.2f}x "
                         f"the requests/s of {small} (flat: about 1.0; separate phases, so noisier)")
    return lines


def main() -> list[str]:
    lines = run(shared_project(), Timing.from_env())
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()
