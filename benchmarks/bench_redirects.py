"""How redirect resolution scales with the number of rules.

Run ``python benchmarks/bench_redirects.py`` (or ``python -m benchmarks.bench_redirects``).

Rule sets of 10 and 10,000 rules, half literal (``old-page-<i>``), half regex
(``blog/(\\d+)/post-<i>``), resolve paths that match no rule:

* **cold**: every path is distinct, so the resolver's memo cannot hide the index work; the paths
  are a mix of unrelated paths, paths that share the regex rules' ``blog/`` prefix, and near misses
  that reach a regex bucket and fail in it (``blog/x/post-<i>``);
* **warm**: the same paths again, now answered by the memo.

It prints the time per lookup for each size and the ratio 10,000 / 10 (the requirement is < 1.5),
plus the build time of the 10,000-rule resolver and, for scale, a naive linear scan.

Then whole requests, against Django's ``django.contrib.redirects`` (``RedirectFallbackMiddleware``,
one indexed query per 404, literal paths only), with 10 and 10,000 rules stored as rows on each side:

* **after a change**: the first request after a redirect row is saved, which rebuilds our table from
  the rows (the contrib middleware has nothing to rebuild: it queries on every 404);
* **a matching path** (301 on both sides; the last literal rule, the worst case for a scan);
* **a path matching no rule**, distinct on every request (404 on both sides: ours renders the site's
  404 page through the catch-all, Django its plain one).
Both sides run Django's middleware chain; ours with FrappeMiddleware and the catch-all, the peer's
with ``RedirectFallbackMiddleware`` and an empty URLconf.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools
import statistics

from benchmarks.common import compare, make_handler, report, setup_django

# The resolver is pure, but importing the ``website`` package loads renderers that need Django.
setup_django()

from django_frappe_web.website.redirects import RedirectResolver, RedirectRule

SIZES = (10, 10_000)
PATHS = 30_000  # distinct non-matching paths per cold run
REPEATS = 7


def make_rules(count: int) -> list[RedirectRule]:
    rules = []
    for i in range(count):
        if i % 2:
            rules.append(RedirectRule(rf"blog/(\d+)/post-{i}", rf"/articles/\1/{i}", origin="bench"))
        else:
            rules.append(RedirectRule(f"old-page-{i}", f"/new-page-{i}", origin="bench"))
    return rules


KINDS = ("unrelated", "shared prefix", "near miss")


def make_paths(count: int, seed: int, kind: str | None = None) -> list[str]:
    """Distinct paths matching no rule; ``kind=None`` mixes the three kinds evenly."""
    paths = []
    for k in range(count):
        which = kind or KINDS[k % 3]
        if which == "unrelated":
            paths.append(f"/nothing/here-{seed}-{k}")
        elif which == "shared prefix":
            paths.append(f"/blog/{k}/other-{seed}")
        else:  # same prefix and suffix as a regex rule, so its bucket's regex runs and fails
            paths.append(f"/blog/x{seed}-{k}/post-{(k % 5) * 2 + 1}")
    return paths


def time_lookups(resolver: RedirectResolver, paths: list[str]) -> float:
    """Seconds per lookup."""
    resolve = resolver.resolve
    start = time.perf_counter()
    for path in paths:
        if resolve(path) is not None:  # pragma: no cover - the paths are chosen not to match
            raise AssertionError(f"{path} unexpectedly matched")
    return (time.perf_counter() - start) / len(paths)


def build(count: int) -> tuple[RedirectResolver, float, float]:
    re.purge()
    start = time.perf_counter()
    rules = make_rules(count)
    middle = time.perf_counter()
    resolver = RedirectResolver(rules, memo_size=4096)
    return resolver, middle - start, time.perf_counter() - middle


def measure() -> dict[int, dict[str, float]]:
    """Per-lookup times; the two sizes are timed alternately, and the best of ``REPEATS`` runs is
    kept, so a busy machine slows both sides alike instead of skewing the ratio."""
    resolvers = {}
    results: dict[int, dict[str, float]] = {}
    for count in SIZES:
        resolver, rules_time, build_time = build(count)
        resolvers[count] = resolver
        results[count] = {"rules": rules_time, "build": build_time}
    timings: dict[tuple[int, str], list[float]] = {}
    for repeat in range(REPEATS):
        for kind in (None, *KINDS):
            paths = make_paths(PATHS, seed=repeat, kind=kind)
            for count in SIZES:
                resolvers[count].cache_clear()
                timings.setdefault((count, kind or "mixed"), []).append(time_lookups(resolvers[count], paths))
        hot = make_paths(2000, seed=repeat)  # fits in the memo
        for count in SIZES:
            time_lookups(resolvers[count], hot)
            timings.setdefault((count, "warm"), []).append(time_lookups(resolvers[count], hot * 10))
    for (count, name), values in timings.items():
        results[count][name] = min(values)
    return results


def naive_per_lookup(count: int, sample: int = 200) -> float:
    compiled = [re.compile(r.pattern) for r in make_rules(count)]
    paths = [p.strip("/") for p in make_paths(sample, seed=99)]
    start = time.perf_counter()
    for path in paths:
        for regex in compiled:
            if regex.fullmatch(path):
                break
    return (time.perf_counter() - start) / len(paths)


urlpatterns: list = []  # the peer's URLconf: every path is a 404 for RedirectFallbackMiddleware
CONTRIB_MIDDLEWARE = "django.contrib.redirects.middleware.RedirectFallbackMiddleware"


def store_rules(count: int) -> None:
    """``count`` rules as rows on both sides: ours as :func:`make_rules` (half literal, half regex),
    the peer's the same number of literal paths (the only kind it has)."""
    from django.contrib.redirects.models import Redirect
    from django.contrib.sites.models import Site

    from django_frappe_web.models import WebsiteRedirect

    WebsiteRedirect.objects.all().delete()
    Redirect.objects.all().delete()
    WebsiteRedirect.objects.bulk_create(
        WebsiteRedirect(source=rule.source, target=rule.target, priority=i) for i, rule in enumerate(make_rules(count))
    )
    site = Site.objects.get_current()
    Redirect.objects.bulk_create(
        Redirect(site=site, old_path=f"/old-page-{i}", new_path=f"/new-page-{i}") for i in range(count)
    )
    touch_a_rule()


def touch_a_rule() -> None:
    """Save one of our rows, as an editor would: the next request rebuilds the table."""
    from django_frappe_web.models import WebsiteRedirect

    WebsiteRedirect.objects.order_by("pk").first().save()


def requests(count: int) -> list[str]:
    from django.conf import settings
    from django.test import RequestFactory

    from django_frappe_web.checks import MIDDLEWARE_PATH

    store_rules(count)
    factory = RequestFactory()
    ours_handler = make_handler(list(settings.MIDDLEWARE))
    base_handler = make_handler([*(m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH), CONTRIB_MIDDLEWARE])
    matching = f"/old-page-{(count - 1) // 2 * 2}"  # the last literal rule
    misses = itertools.count()

    def ours(path=None):
        return ours_handler.get_response(factory.get(path or f"/nothing/here-{next(misses)}"))

    def peer(path=None):
        request = factory.get(path or f"/nothing/here-{next(misses)}")
        request.urlconf = __name__
        return base_handler.get_response(request)

    assert ours(matching).status_code == 301 and peer(matching).status_code == 301
    assert ours(matching)["Location"] == peer(matching)["Location"]
    assert ours().status_code == 404 and peer().status_code == 404
    lines = []
    rebuilds = []
    for _ in range(7):
        touch_a_rule()
        start = time.perf_counter()
        ours(matching)
        rebuilds.append(time.perf_counter() - start)
    line = (f"[{backend_name()}] {count:,} rules: first request after a redirect row is saved (table rebuilt): "
            f"{statistics.median(rebuilds) * 1e3:.1f} ms median of 7 (the peer rebuilds nothing)")
    print(line)
    lines.append(line)
    o, b, ratio = compare(lambda: ours(matching), lambda: peer(matching), number=200, rounds=9)
    lines.append(report(f"{count:,} rules, a matching path (301) vs contrib redirects", o, b, ratio,
                        "throughput >= 1.0x"))
    o, b, ratio = compare(ours, peer, number=60, rounds=9)
    lines.append(report(f"{count:,} rules, distinct paths matching no rule (404) vs contrib redirects", o, b, ratio,
                        "information"))
    return lines


def backend_name() -> str:
    from benchmarks.common import backend

    return backend()


def main() -> int:
    for count in SIZES:
        requests(count)
    results = measure()
    small, large = (results[c] for c in SIZES)
    print(
        f"10,000 rules: validating and compiling the rules {large['rules'] * 1000:.0f} ms,"
        f" building the resolver {large['build'] * 1000:.0f} ms"
    )
    print(f"{'us per lookup':<44}{'10 rules':>10}{'10,000':>10}{'ratio':>8}")
    rows = [("cold, mixed distinct non-matching paths", "mixed")]
    rows += [(f"cold, {kind} only", kind) for kind in KINDS]
    rows += [("memo warm (repeated paths)", "warm")]
    for label, key in rows:
        ratio = large[key] / small[key]
        print(f"{label:<44}{small[key] * 1e6:>10.2f}{large[key] * 1e6:>10.2f}{ratio:>8.2f}")
    naive = naive_per_lookup(10_000)
    print(f"for scale, a naive linear scan of 10,000 rules: {naive * 1e6:.0f} us per lookup")
    cold_ratio = large["mixed"] / small["mixed"]
    print(f"RESULT cold ratio {cold_ratio:.2f} (must be < 1.5)")
    return 0 if cold_ratio < 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
