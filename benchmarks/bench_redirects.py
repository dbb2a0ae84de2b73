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
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import setup_django

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


def main() -> int:
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
