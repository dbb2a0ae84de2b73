"""Run the test suite once per backend combination and print one summary.

    python scripts/run_suites.py [--tox ENV] [-- PYTEST_ARGS...]

Without ``--tox`` (what ``make test`` does):

1. ``sqlite+locmem``: SQLite in memory + local-memory cache (DATABASE_URL and
   REDIS_URL removed from the environment);
2. ``postgres+redis``: ``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` (defaults below),
   when a tiny probe (psycopg connect, Redis PING) succeeds. Otherwise it prints
   ``SKIPPED: PostgreSQL+Redis suite (reason)`` -- or fails, when ``CI=true``.

With ``--tox ENV`` it runs ``tox -e ENV`` (SQLite + locmem) as one more suite.

Browser tests (marker ``browser``) run inside the suites when Chromium is found;
``tests/conftest.py`` skips them otherwise (and fails them when ``CI=true``).

Why a script and not a few Makefile lines: we need to stream pytest's output while
keeping its closing line, treat exit code 5 ("no tests collected") as a pass, and
print totals over every suite -- CI reads the last line, so it must be a
``N passed, N failed`` line covering everything that ran. ``SUITE_RESULTS=FILE``
keeps results across several invocations (``.ci/run`` runs ``make test`` and then
the tox suite), so the last summary covers all of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"

# pytest's closing line, e.g. "==== 3 passed, 1 skipped in 0.52s ====" (or without
# the "=" padding under -q); "no tests ran in 0.01s" when nothing was collected.
CLOSING_RE = re.compile(
    r"^=*\s*((?:\d+ \w+(?:, )?)+|no tests ran) in [\d.]+s(?: \([^)]*\))?\s*=*$"
)
COUNT_RE = re.compile(r"(\d+) (\w+)")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def find_chromium() -> str | None:
    """Same rule as tests/conftest.py: $CHROMIUM_PATH, /usr/bin/chromium, or `chromium` on PATH."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return (
        f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
    )


def probe_services(database_url: str, redis_url: str) -> str | None:
    """Return None when PostgreSQL and Redis both answer, else the reason they don't."""
    try:
        import psycopg

        with psycopg.connect(database_url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "can't run the suite"
        return f"PostgreSQL at {database_url}: {first_line(exc)}"
    try:
        import redis

        redis.Redis.from_url(
            redis_url, socket_connect_timeout=3, socket_timeout=3
        ).ping()
    except Exception as exc:  # noqa: BLE001 - likewise
        return f"Redis at {redis_url}: {first_line(exc)}"
    return None


def drop_stale_test_databases(database_url: str) -> None:
    """Drop ``test_frappe_web_<pid>`` databases whose pytest process is gone.

    FRAPPE_TEST_UNIQUE_DB names each run's test DB after its pid; when a run dies, or
    a test leaves a connection open (Django then can't drop the DB at teardown), the
    database would stay forever. Only local servers: the pid must be on this machine.
    """
    import psycopg

    host = (urlparse(database_url).hostname or "localhost").lower()
    if host not in ("127.0.0.1", "localhost", "::1"):
        return
    try:
        with psycopg.connect(database_url, connect_timeout=3, autocommit=True) as conn:
            names = [
                row[0]
                for row in conn.execute(
                    "select datname from pg_database where datname ~ '^test_frappe_web_[0-9]+$'"
                )
            ]
            for name in names:
                if not Path(f"/proc/{name.rsplit('_', 1)[1]}").exists():
                    print(f"dropping stale test database {name}")
                    conn.execute(f'drop database if exists "{name}" with (force)')
    except Exception as exc:  # noqa: BLE001 - housekeeping only: never fail the run for it
        print(f"NOTE: could not sweep stale test databases: {first_line(exc)}")


def run(name: str, cmd: list[str], env: dict[str, str]) -> dict:
    """Run one suite, streaming its output; return its result record."""
    print(f"\n>>> {name}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    closings: list[str] = []  # one per pytest run (tox may run several envs)
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        plain = ANSI_RE.sub("", line).strip()
        if CLOSING_RE.match(plain):
            closings.append(plain.strip("= "))
    code = proc.wait()
    counts: dict[str, int] = {}
    for closing in closings:
        for number, word in COUNT_RE.findall(closing.rsplit(" in ", 1)[0]):
            word = {"error": "errors", "warning": "warnings"}.get(word, word)
            counts[word] = counts.get(word, 0) + int(number)
    # Exit code 5 = "no tests collected" is not a failure of the harness; under tox
    # it shows as tox's own non-zero exit, so also look at what pytest printed.
    ran = sum(
        counts.get(k, 0)
        for k in ("passed", "failed", "errors", "skipped", "xfailed", "xpassed")
    )
    no_tests = code == 5 or (bool(closings) and ran == 0)
    ok = code == 0 or no_tests
    if no_tests:
        print(
            f"NOTE: {name}: pytest collected no tests (exit code 5), counted as a pass",
            flush=True,
        )
    return {
        "name": name,
        "ok": ok,
        "exit_code": code,
        "closing": "; ".join(closings) or f"no pytest summary line (exit code {code})",
        "counts": counts,
        "seconds": round(time.monotonic() - started, 1),
    }


def suite_env(database_url: str | None, redis_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in (("DATABASE_URL", database_url), ("REDIS_URL", redis_url)):
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    # Parallel runs (two checkouts, tox + make) must not share a PostgreSQL test DB.
    env.setdefault("FRAPPE_TEST_UNIQUE_DB", "1")
    return env


def main(argv: list[str]) -> int:
    pytest_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pytest_args = argv[:cut], argv[cut + 1 :]
    tox_env = None
    if argv[:1] == ["--tox"] and len(argv) == 2:
        tox_env = argv[1]
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2

    results: list[dict] = []
    notes: list[str] = []  # extra lines for the summary (skips, CI failures)
    failed = False

    chromium = find_chromium()
    if chromium:
        print(f"browser tests: will run with {chromium}")
    elif CI:
        notes.append(
            "FAILED: browser tests: no Chromium (/usr/bin/chromium or `chromium` on PATH) and CI=true"
        )
        failed = True
    else:
        notes.append(
            "SKIPPED: browser tests (no Chromium at /usr/bin/chromium or on PATH; `apt-get install chromium`)"
        )
    if notes:
        print(notes[-1])

    color = ["--color=yes"] if sys.stdout.isatty() else []
    if tox_env:
        # tox finds python3.X on PATH; pyenv's shims for non-global versions don't work,
        # so scripts/python_path.sh puts the real interpreters' directories first.
        prefix = subprocess.run(
            ["bash", str(ROOT / "scripts" / "python_path.sh")],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        env = suite_env(None, None)
        env["PATH"] = f"{prefix}:{env['PATH']}" if prefix else env["PATH"]
        tox = str(VENV_BIN / "tox") if (VENV_BIN / "tox").exists() else "tox"
        cmd = [tox, "-e", tox_env]
        if CI:
            # In CI a missing interpreter must fail the run, not be skipped silently.
            cmd.append("--skip-missing-interpreters=false")
        if pytest_args or color:
            cmd += ["--", *color, *pytest_args]
        results.append(run(f"tox {tox_env} (sqlite+locmem)", cmd, env))
    else:
        pytest = [sys.executable, "-m", "pytest", *color, *pytest_args]
        results.append(run("sqlite+locmem", pytest, suite_env(None, None)))

        database_url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL
        redis_url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL
        reason = probe_services(database_url, redis_url)
        if reason is None:
            drop_stale_test_databases(database_url)
            results.append(
                run("postgres+redis", pytest, suite_env(database_url, redis_url))
            )
        elif CI:
            notes.append(
                f"FAILED: PostgreSQL+Redis suite: unreachable and CI=true ({reason})"
            )
            failed = True
            print(notes[-1])
        else:
            notes.append(f"SKIPPED: PostgreSQL+Redis suite ({reason})")
            print(notes[-1])

    # Keep results across invocations (see module docstring).
    results_file = os.environ.get("SUITE_RESULTS")
    all_results = results
    if results_file:
        path = Path(results_file)
        earlier = (
            [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            if path.exists()
            else []
        )
        with path.open("a") as fh:
            for record in results:
                fh.write(json.dumps(record) + "\n")
            for note in notes:
                fh.write(
                    json.dumps({"note": note, "failed": note.startswith("FAILED")})
                    + "\n"
                )
        all_notes = [r["note"] for r in earlier if "note" in r]
        all_results = [r for r in earlier if "name" in r] + results
        failed = failed or any(r.get("failed") for r in earlier)
        notes = all_notes + notes

    totals = {"passed": 0, "failed": 0, "skipped": 0}
    print("\n==== summary ====")
    for record in all_results:
        status = (
            "" if record["ok"] else f"  <-- FAILED (exit code {record['exit_code']})"
        )
        print(f"{record['name']}: {record['closing']} [{record['seconds']}s]{status}")
        counts = record["counts"]
        totals["passed"] += counts.get("passed", 0)
        totals["failed"] += counts.get("failed", 0) + counts.get("errors", 0)
        totals["skipped"] += counts.get("skipped", 0)
        if not record["ok"]:
            failed = True
            if not counts.get("failed") and not counts.get("errors"):
                # e.g. crashed before the closing line: still count a failure
                totals["failed"] += 1
    for note in dict.fromkeys(notes):  # de-duplicated, in order
        print(note)
        if note.startswith("FAILED"):
            totals["failed"] += 1  # so the closing line agrees with the exit code
    # Last line: the plain form CI reads ("N passed, N failed, N skipped").
    print(
        f"total: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
