"""Redirect resolution through gunicorn: our ``WebsiteRedirect`` rules against Wagtail's redirects
app and ``django.contrib.redirects``, with 10 and 10,000 rules.

Each side holds the same literal rules ``old-page-<i>`` -> ``/new-page-<i>`` (benchmarks/server/
seed.py) and answers two paths: one that matches no rule (a 404 on every side: ours renders its
404 page, the peers Django's default one) and the last rule of the set (a 301); with the
larger set also paths that match no rule and were never asked before (``new paths``: a crawler's
404s, nothing memoised or cached for one path helps the next; wrk with new_paths.lua). Ours runs as
production does, page cache on; Wagtail's ``RedirectMiddleware`` and Django's
``RedirectFallbackMiddleware`` look the path up in the database on every 404. The 10,000 rules
live in a copy of the database, served by servers of their own on a cache prefix of their own,
so all six servers run together and every round measures both sizes (scaling as a per-round
ratio, like the comparisons).

Goals (issue #12): at least 1.0x Wagtail and 0.8x plain Django; ours flat from 10 to 10,000 rules
(at least 0.77x the throughput, i.e. within 1.3x in time).
Run: ``make bench-server`` or ``make bench ARGS=server_redirects`` (PostgreSQL only).
"""

from __future__ import annotations

from .server.compare import Target, Timing, alternate, check, summary, verdict
from .server.project import Project, run_shared

BACKENDS = ("postgres",)
SIZES = (10, 10_000)
SIDES = {"ours": "ours", "Wagtail redirects": "wagtail", "Django redirects": "django"}
KINDS = ("no match", "match")


def run(current: Project, timing: Timing, sizes: tuple[int, ...] = SIZES) -> list[str]:
    # The first size in the default database, each other in a copy of it: all their servers run
    # at once, so one set of rounds alternates between every side and size.
    databases = {size: "default" if number == 0 else f"rules{size}" for number, size in enumerate(sizes)}
    for size, database in databases.items():
        if database != "default":
            current.copy_database(database)
        current.seed("--redirects", str(size), database=database)
    targets = []
    for size, database in databases.items():
        servers = current.serve(*SIDES.values(), database=database)
        for name, side in SIDES.items():
            url = servers[side].url
            targets.append(Target(f"{name}, {size} rules, no match", f"{url}/nothing-here/", 404))
            targets.append(Target(f"{name}, {size} rules, match", f"{url}/old-page-{size - 1}/", 301))
            if size == sizes[-1]:
                targets.append(Target(f"{name}, {size} rules, new paths", f"{url}/missing-", 404, new_paths=True))
    body_sizes = {target.label: check(target) for target in targets}
    results = alternate(targets, timing)
    lines = summary(results, body_sizes)
    for size in sizes:
        for kind in KINDS:
            ours = f"ours, {size} rules, {kind}"
            lines.append(verdict(results, ours, f"Wagtail redirects, {size} rules, {kind}", 1.0))
            lines.append(verdict(results, ours, f"Django redirects, {size} rules, {kind}", 0.8))
    small, large = sizes[0], sizes[-1]
    lines.append(verdict(results, f"ours, {large} rules, new paths", f"Wagtail redirects, {large} rules, new paths", 1.0))
    lines.append(verdict(results, f"ours, {large} rules, new paths", f"Django redirects, {large} rules, new paths", 0.8))
    if large != small:
        for name in SIDES:
            for kind in KINDS:
                goal = 0.77 if name == "ours" else 0.0  # flat: within 1.3x in time
                lines.append(verdict(results, f"{name}, {large} rules, {kind}", f"{name}, {small} rules, {kind}", goal)
                             + ("  (scaling)" if name == "ours" else "  (scaling, for scale)"))
    return lines


def main() -> list[str]:
    return run_shared(run)


if __name__ == "__main__":
    main()
