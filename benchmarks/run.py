"""Run the benchmarks: ``python -m benchmarks.run [NAME ...]`` (what ``make bench`` does).

Discovers ``benchmarks/bench_*.py``, imports each as ``benchmarks.<name>`` and calls its
``main()``, which prints its own results. Names on the command line (``bench_render``
or just ``render``) select a subset. A benchmark that raises is reported and the others
still run; the exit code is 1 if any failed. With no benchmark modules it says so and
exits 0.

The runner sets up nothing else: each module configures Django (settings, database)
itself, so it can also be run alone with ``python -m benchmarks.bench_x``.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


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


def main(argv: list[str] | None = None) -> int:
    names = discover(sys.argv[1:] if argv is None else argv)
    if not names:
        print("no benchmarks found (benchmarks/bench_*.py)")
        return 0
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            module.main()
        except Exception:  # noqa: BLE001 - report any failure, then run the next benchmark
            traceback.print_exc()
            failed.append(name)
        print(
            f"--- {name}: {'FAILED' if name in failed else 'done'} in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
    print(
        f"\n{len(names) - len(failed)} of {len(names)} benchmarks succeeded"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
