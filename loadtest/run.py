"""``make load``: two app servers under the request mix, then a soak; the report printed and written.

    python -m loadtest.run [--soak-seconds 300] [--min-requests 20000] [--threads 8] [--tracemalloc]

Phases, each bounded in time: warm-up (every page rendered and cached once per worker), then the
soak: at least ``--soak-seconds`` and at least ``--min-requests`` requests (at most
``--max-seconds``), RSS sampled every 30 s. The report (``load-report/report.json`` and
``report.txt``) gives requests/s, p50/p90/p99, statuses per kind and server, rows written against
2xx answers for every create, and each worker's RSS at start, after warm-up and over the soak.
With ``--tracemalloc`` every worker traces its allocations, and the report adds what grew in
each gunicorn worker between the end of the warm-up and the end of the soak, by traceback
(tracing slows the workers: the throughput of such a run is not the site's).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from .driver import drive
from .mix import Mix, prepare
from .report import as_text, compare_rows, first_errors, marked_rows, summarize
from .site import LoadSite, load_site
from .tracing import compare

ROOT = Path(__file__).resolve().parent.parent
RSS_EVERY = 30.0


def run_phase(load: LoadSite, mix: Mix, *, threads: int, requests: int, seconds: float,
              min_seconds: float = 0.0, samples: dict | None = None, label: str = "",
              servers: list[str] | None = None) -> tuple[list, float]:
    """Drive the mix until ``requests`` calls and ``min_seconds`` are both done (at most ``seconds``).

    While it runs, every worker's RSS is sampled every ``RSS_EVERY`` seconds into ``samples``.
    """
    outcomes: list = []
    stop = threading.Event()
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("run", drive(
        servers or load.urls, mix, threads=threads, max_requests=10**9, max_seconds=seconds, stop=stop, outcomes=outcomes)))
    started = next_sample = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(0.2)
        elapsed = time.monotonic() - started
        if len(outcomes) >= requests and elapsed >= min_seconds:
            stop.set()
        if samples is not None and time.monotonic() >= next_sample + RSS_EVERY:
            next_sample += RSS_EVERY
            record_rss(load, samples, f"{label}+{elapsed:.0f}s")
    return list(outcomes), result["run"].seconds


def record_rss(load: LoadSite, samples: dict, label: str) -> None:
    for name, workers in load.rss().items():
        for pid, kb in workers.items():
            samples.setdefault(name, {}).setdefault(str(pid), []).append((label, kb))


def snapshot(load: LoadSite, folder: Path, wait: float = 30.0) -> dict[int, Path]:
    """SIGUSR2 to every gunicorn worker; the snapshot file each wrote (bounded wait)."""
    before = set(folder.glob("*.snap"))
    pids = load.workers("gunicorn")
    for pid in pids:
        os.kill(pid, signal.SIGUSR2)
    deadline, found = time.monotonic() + wait, {}
    while time.monotonic() < deadline and len(found) < len(pids):
        time.sleep(0.5)
        for path in set(folder.glob("*.snap")) - before:
            pid = int(path.name.split("-")[0])
            if pid in pids and path.stat().st_size and time.monotonic() - path.stat().st_mtime > 1:
                found[pid] = path
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--warmup-requests", type=int, default=2000)
    parser.add_argument("--min-requests", type=int, default=20000)
    parser.add_argument("--soak-seconds", type=float, default=300)
    parser.add_argument("--max-seconds", type=float, default=1500)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--uvicorn-workers", type=int, default=2)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "load-report")
    args = parser.parse_args(argv)
    # `timeout` (make load) and Ctrl-C stop the run through its finally blocks: every server stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args.out.mkdir(parents=True, exist_ok=True)
    run_id = f"L{int(time.time())}"
    report: dict = {"run_id": run_id, "args": {k: str(v) for k, v in vars(args).items()}, "phases": {}}
    samples: dict = {}
    with tempfile.TemporaryDirectory(prefix="frappe-load-") as tmp:
        traces = Path(tmp) / "traces"
        traces.mkdir()
        variables = {"LOAD_TRACEMALLOC": str(traces)} if args.tracemalloc else {}
        with load_site(Path(tmp), gunicorn_workers=args.gunicorn_workers, uvicorn_workers=args.uvicorn_workers,
                       **variables) as load:
            report["servers_text"] = ", ".join(f"{name} {server.url} workers {load.workers(name)}"
                                               for name, server in load.servers.items())
            record_rss(load, samples, "start")
            mix = Mix(prepare(load.urls[0], load.token), run_id)
            print(f"warm-up: {args.warmup_requests} requests ...", flush=True)
            warm, seconds = run_phase(load, mix, threads=args.threads, requests=args.warmup_requests, seconds=120)
            report["phases"]["warm-up"] = summarize(warm, seconds)
            record_rss(load, samples, "warm")
            before = snapshot(load, traces) if args.tracemalloc else {}
            print(f"soak: at least {args.soak_seconds:.0f} s and {args.min_requests} requests ...", flush=True)
            soak, seconds = run_phase(load, mix, threads=args.threads, requests=args.min_requests,
                                      seconds=args.max_seconds, min_seconds=args.soak_seconds,
                                      samples=samples, label="soak")
            report["phases"]["soak"] = summarize(soak, seconds)
            record_rss(load, samples, "end")
            after = snapshot(load, traces) if args.tracemalloc else {}
            report["rows"] = compare_rows(warm + soak, marked_rows(load.database_url, run_id))
            report["first_errors"] = first_errors(warm + soak)
            report["rss_kb"] = samples
            report["growth"] = {str(pid): compare(before[pid], after[pid]) for pid in before if pid in after}
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    text = as_text(report) + "".join(f"\n\ntracemalloc, gunicorn worker {pid}:\n{growth}"
                                     for pid, growth in report["growth"].items())
    (args.out / "report.txt").write_text(text + "\n")
    print(text)
    print(f"\nwritten: {args.out / 'report.json'}, {args.out / 'report.txt'}")
    soak_summary = report["phases"]["soak"]
    ok = report["rows"]["ok"] and soak_summary["errors"] == 0 and soak_summary["requests"] >= args.min_requests
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
