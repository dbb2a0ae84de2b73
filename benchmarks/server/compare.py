"""Both sides in one run: wrk against each target in turn, round after round, and per-round ratios.

Each round runs every target once, in an order rotated by one from the previous round, so load
from other processes on the machine (and any drift) hits every side alike; a comparison's
figure is the median of its per-round throughput ratios, not a ratio of averages.
"""

from __future__ import annotations

import http.client
import os
import statistics
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import wrk


@dataclass(frozen=True)
class Timing:
    """How long to measure: ``make bench`` reads ``BENCH_SECONDS`` (per wrk run) and ``BENCH_ROUNDS``."""

    # Short runs, many rounds: the two sides of a ratio run seconds apart, so a burst of load
    # from elsewhere on the machine rarely falls on one side only; the median drops the rest.
    seconds: int = 1
    rounds: int = 10
    warmup: int = 1  # seconds of wrk per target before the first round (0: none)
    connections: int = 2  # one sync worker: a second connection waits in the backlog, so it never idles

    @classmethod
    def from_env(cls) -> Timing:
        return cls(seconds=int(os.environ.get("BENCH_SECONDS", cls.seconds)),
                   rounds=int(os.environ.get("BENCH_ROUNDS", cls.rounds)))


SMOKE = Timing(seconds=1, rounds=1, warmup=0)  # proves a benchmark runs; its figures mean nothing


@dataclass(frozen=True)
class Target:
    label: str
    url: str
    status: int = 200  # what every response must be; checked before timing
    new_paths: bool = False  # every request a path never asked before: ``url`` + a run's prefix + n


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed: ``(status, headers, body)``."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def check(target: Target) -> int:
    """The body size of ``target``'s answer, after checking its status."""
    status, _, body = fetch(f"{target.url}check/" if target.new_paths else target.url)
    if status != target.status:
        raise AssertionError(f"{target.label}: {target.url} answered {status}, expected {target.status}:\n"
                             f"{body[:500]!r}")
    return len(body)


def alternate(targets: list[Target], timing: Timing) -> dict[str, list[wrk.WrkResult]]:
    """wrk results per target label, one per round (after a warm-up run of each)."""
    if timing.warmup:
        for target in targets:
            wrk.run(target.url, timing.warmup, timing.connections, target.new_paths)
    results: dict[str, list[wrk.WrkResult]] = {target.label: [] for target in targets}
    for number in range(timing.rounds):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            result = wrk.run(target.url, timing.seconds, timing.connections, target.new_paths)
            unexpected = result.non_2xx_3xx if target.status < 400 else result.requests - result.non_2xx_3xx
            if unexpected or result.socket_errors:
                raise AssertionError(f"{target.label}: {unexpected} answers other than {target.status}, "
                                     f"{result.socket_errors} socket errors in {result.requests} requests")
            results[target.label].append(result)
    return results


def ratio(results: dict[str, list[wrk.WrkResult]], ours: str, peer: str) -> float:
    """Median over the rounds of ours' requests/s divided by the peer's (above 1: ours is faster)."""
    return statistics.median(o.per_second / p.per_second for o, p in zip(results[ours], results[peer], strict=True))


def summary(results: dict[str, list[wrk.WrkResult]], sizes: dict[str, int] | None = None) -> list[str]:
    """One line per target: median requests/s and latency percentiles over the rounds."""
    lines = [f"{'target':<48}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'bytes':>8}"]
    for label, runs in results.items():
        median = statistics.median
        lines.append(f"{label:<48}{median(r.per_second for r in runs):>9.1f}"
                     f"{median(r.p50 for r in runs) * 1e3:>9.2f}{median(r.p90 for r in runs) * 1e3:>9.2f}"
                     f"{median(r.p99 for r in runs) * 1e3:>9.2f}{(sizes or {}).get(label, 0):>8}")
    return lines


def verdict(results: dict[str, list[wrk.WrkResult]], ours: str, peer: str, goal: float) -> str:
    value = ratio(results, ours, peer)
    rounds = ", ".join(f"{o.per_second / p.per_second:.2f}" for o, p in zip(results[ours], results[peer], strict=True))
    met = "met" if value >= goal else "NOT met"
    return f"{ours} / {peer}: {value:.2f}x (goal >= {goal}x: {met}; rounds {rounds})"
