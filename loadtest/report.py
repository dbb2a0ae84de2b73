"""What a load run measured: throughput, latency percentiles, statuses, rows against answers, RSS.

Everything here works on plain data (outcomes, row markers, RSS samples) and returns dicts that
``json.dumps`` writes as they are; :func:`as_text` prints the same report for people.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import psycopg

from .driver import Outcome
from .mix import MARKED_ROWS


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def latency(outcomes: Iterable[Outcome]) -> dict[str, float]:
    ordered = sorted(outcome.seconds for outcome in outcomes)
    return {name: round(percentile(ordered, fraction) * 1000, 1)
            for name, fraction in (("p50_ms", 0.50), ("p90_ms", 0.90), ("p99_ms", 0.99))}


def status_name(outcome: Outcome) -> str:
    return str(outcome.status) if outcome.status else f"no answer ({outcome.error})"


def is_error(outcome: Outcome) -> bool:
    """Anything but a 2xx or 3xx answer."""
    return not 200 <= outcome.status < 400


def summarize(outcomes: Sequence[Outcome], seconds: float) -> dict:
    """Requests, requests/s, percentiles and statuses, overall, per kind and per server."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    by_server: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
        by_server[outcome.server].append(outcome)

    def part(group: Sequence[Outcome]) -> dict:
        return {"requests": len(group), **latency(group),
                "statuses": dict(sorted(Counter(status_name(o) for o in group).items()))}

    return {
        "requests": len(outcomes),
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(outcomes) / seconds, 1) if seconds else 0.0,
        **latency(outcomes),
        "statuses": dict(sorted(Counter(status_name(o) for o in outcomes).items())),
        "errors": sum(is_error(o) for o in outcomes),
        "by_kind": {kind: part(group) for kind, group in sorted(by_kind.items())},
        "by_server": {server: part(group) for server, group in sorted(by_server.items())},
    }


def first_errors(outcomes: Sequence[Outcome], limit: int = 5) -> list[dict]:
    """A few answers outside 2xx/3xx, with the start of their bodies, to see what went wrong."""
    return [{"kind": o.kind, "server": o.server, "status": status_name(o), "retry_after": o.retry_after,
             "body": o.body[:300].decode(errors="replace")} for o in outcomes if is_error(o)][:limit]


def marked_rows(database_url: str, run_id: str) -> set[str]:
    """Markers of the rows the run's creates wrote (Feedback names, Article slugs)."""
    with psycopg.connect(database_url, connect_timeout=10) as conn:
        return {row[0] for row in conn.execute(MARKED_ROWS, {"prefix": f"{run_id}-%"})}


def compare_rows(outcomes: Sequence[Outcome], rows: set[str]) -> dict:
    """Rows against answers: every 2xx/3xx create has its rows, every row its answer.

    A row without an answer is explainable only when its call got no answer at all (the
    connection was cut, e.g. a worker killed after the commit): those are counted apart.
    A batch (``insert_many``) must have all its rows or none.
    """
    answered, unanswered, refused = set(), set(), set()
    half_saved = []
    for outcome in outcomes:
        if not outcome.markers:
            continue
        present = [marker in rows for marker in outcome.markers]
        if any(present) and not all(present):
            half_saved.append(outcome.markers[0])
        target = answered if not is_error(outcome) else unanswered if outcome.status == 0 else refused
        target.update(outcome.markers)
    return {
        "creates_answered": len(answered),
        "rows": len(rows),
        "answered_without_row": sorted(answered - rows)[:20],
        "rows_of_cut_connections": len(rows & unanswered),
        "rows_of_error_answers": sorted(rows & refused)[:20],
        "rows_without_any_call": sorted(rows - answered - unanswered - refused)[:20],
        "half_saved_batches": half_saved[:20],
        "ok": not (answered - rows) and not (rows & refused) and not (rows - answered - unanswered - refused)
        and not half_saved,
    }


def as_text(report: dict) -> str:
    """The report for people: one block per phase, then rows and RSS."""
    lines = [f"load run {report.get('run_id', '')}: {report.get('servers_text', '')}".rstrip()]
    for phase, summary in report.get("phases", {}).items():
        lines.append(f"\n{phase}: {summary['requests']} requests in {summary['seconds']} s = "
                     f"{summary['requests_per_s']} req/s; p50 {summary['p50_ms']} ms, p90 {summary['p90_ms']} ms, "
                     f"p99 {summary['p99_ms']} ms; errors {summary['errors']}; statuses {summary['statuses']}")
        for kind, part in summary["by_kind"].items():
            lines.append(f"  {kind:<16} {part['requests']:>7}  p50 {part['p50_ms']:>7} ms  p99 {part['p99_ms']:>7} ms"
                         f"  {part['statuses']}")
        for server, part in summary["by_server"].items():
            lines.append(f"  {server:<26} {part['requests']:>7}  p50 {part['p50_ms']:>7} ms  p99 {part['p99_ms']:>7} ms")
    if "rows" in report:
        rows = report["rows"]
        lines.append(f"\ncreates: {rows['creates_answered']} rows answered 2xx/3xx, {rows['rows']} rows written; "
                     f"answered without row {len(rows['answered_without_row'])}, rows of cut connections "
                     f"{rows['rows_of_cut_connections']}, rows of error answers {len(rows['rows_of_error_answers'])}, "
                     f"half-saved batches {len(rows['half_saved_batches'])}: {'OK' if rows['ok'] else 'MISMATCH'}")
    for server, workers in report.get("rss_kb", {}).items():
        for pid, samples in workers.items():
            text = ", ".join(f"{label} {kb / 1024:.1f}" for label, kb in samples)
            lines.append(f"RSS MB {server} worker {pid}: {text}")
    if report.get("first_errors"):
        lines.append("\nfirst errors:")
        lines.extend(f"  {error}" for error in report["first_errors"])
    return "\n".join(lines)
