"""Run the benchmarks: ``python -m benchmarks.run [NAME ...]`` (what ``make bench`` does).

Discovers ``benchmarks/bench_*.py``, imports each as ``benchmarks.<name>`` and calls its
``main()``, which prints its own results. Names on the command line (``bench_render``
or just ``render``) select a subset. A benchmark that raises is reported and the others
still run; the exit code is 1 if any failed. With no benchmark modules it says so and
exits 0.

Backends: without ``BENCH_BACKEND`` in the environment, the runner runs the selection twice,
each time in a child process with ``BENCH_BACKEND`` set: ``sqlite`` (SQLite in memory +
local memory) and ``postgres`` (PostgreSQL at ``TEST_DATABASE_URL`` + django-redis at
``TEST_REDIS_URL``, the servers ``make test`` uses). The PostgreSQL run is skipped with a
``SKIPPED`` line when those servers don't answer (a failure when ``CI=true``).
``BENCH_BACKEND=sqlite|postgres`` runs one backend in this process (``make bench
BENCH_BACKEND=postgres``). A module may declare ``BACKENDS = ("postgres",)`` to run on
some backends only (e.g. a scaling benchmark meaningful on PostgreSQL alone).

The runner sets up nothing else: each module configures Django (settings, database)
itself, so it can also be run alone with ``python -m benchmarks.bench_x``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELS = {"sqlite": "SQLite in memory + local-memory cache", "postgres": "PostgreSQL + django-redis"}


def discover(selected: list[str]) -> list[str]:
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if selected:
        wanted = {
            name if name.startswith("bench_") else f"bench_{name}" for name in selected
        }
        unknown = wanted - set(names)
        if unknown:
            raise SystemExit(
                f"unknown benchmark(s): {', '.join(sorted(unknown))}; have: {', '.join(names) or 'none'}"
            )
        names = [name for name in names if name in wanted]
    return names


def postgres_unavailable() -> str | None:
    """None when the PostgreSQL and Redis of ``TEST_DATABASE_URL``/``TEST_REDIS_URL`` answer, else why not."""
    spec = importlib.util.spec_from_file_location("run_suites", ROOT / "scripts" / "run_suites.py")
    run_suites = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_suites)
    return run_suites.probe_services(
        os.environ.get("TEST_DATABASE_URL") or run_suites.DEFAULT_DATABASE_URL,
        os.environ.get("TEST_REDIS_URL") or run_suites.DEFAULT_REDIS_URL,
    )


def run_each_backend(argv: list[str]) -> int:
    """Run the selection once per backend, each in its own process (Django's settings are per process)."""
    discover(argv)  # an unknown name fails before anything runs
    codes = []
    for backend, label in LABELS.items():
        print(f"\n##### backend: {backend} ({label}) #####", flush=True)
        if backend == "postgres" and (reason := postgres_unavailable()):
            print(f"SKIPPED: benchmarks on {label} ({reason})", flush=True)
            codes.append(1 if os.environ.get("CI", "").lower() in ("1", "true", "yes") else 0)
            continue
        child = subprocess.run([sys.executable, "-m", "benchmarks.run", *argv], cwd=ROOT,
                               env={**os.environ, "BENCH_BACKEND": backend}, check=False)
        codes.append(child.returncode)
    return max(codes)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    backend = os.environ.get("BENCH_BACKEND")
    if not backend:
        return run_each_backend(argv)
    names = discover(argv)
    if not names:
        print("no benchmarks found (benchmarks/bench_*.py)")
        return 0
    print(f"backend: {backend} ({LABELS.get(backend, 'unknown')})", flush=True)
    failed = []
    for name in names:
        print(f"\n=== {name} [{backend}] ===", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            if backend not in getattr(module, "BACKENDS", LABELS):
                print(f"skipped on {backend}: runs on {', '.join(module.BACKENDS)} only", flush=True)
                continue
            module.main()
        except Exception:  # noqa: BLE001 - report any failure, then run the next benchmark
            traceback.print_exc()
            failed.append(name)
        print(
            f"--- {name}: {'FAILED' if name in failed else 'done'} in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
    print(
        f"\n[{backend}] {len(names) - len(failed)} of {len(names)} benchmarks succeeded"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
