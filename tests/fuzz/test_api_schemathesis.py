"""schemathesis over /api/schema/ against a live gunicorn: no 5xx, and every answer fits the schema.

Each requester fuzzes the schema it is shown (the document is per requester): the admin's
API key (every doctype and method), alice's key (a user with no model permissions) and a
guest -- ``FUZZ_REQUESTERS`` picks them (CI: the admin only; ``make fuzz``: all three).
A run is bounded by ``FUZZ_EXAMPLES`` cases per operation and ``FUZZ_MAX_TIME`` seconds.

The server runs on its own SQLite file whatever the suite's database, so the suite that
runs on PostgreSQL (``DATABASE_URL`` set) skips it: it would repeat the same run; so does
a tox environment (CI time), unless ``FUZZ_RANDOM=1``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FUZZ_EXAMPLES, FUZZ_MAX_TIME, FUZZ_RANDOM

CHECKS = "not_a_server_error,response_schema_conformance"


REQUESTERS = [name.strip() for name in os.environ.get("FUZZ_REQUESTERS", "admin").split(",") if name.strip()]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the live server uses its own SQLite file: "
                    "this run would repeat the SQLite suite's")
@pytest.mark.skipif(bool(os.environ.get("TOX_ENV_NAME")) and not FUZZ_RANDOM,
                    reason="CI time: the live server's fuzz runs once, in `make test`'s SQLite suite")
@pytest.mark.parametrize("requester", REQUESTERS)
def test_the_api_answers_every_generated_request_as_its_schema_says(live_api, requester, tmp_path):
    url, tokens, log_path = live_api
    st = Path(sys.executable).with_name("st")
    command = [str(st), "run", f"{url}/api/schema/", "--checks", CHECKS, "--max-examples", str(FUZZ_EXAMPLES),
               "--max-time", str(FUZZ_MAX_TIME), "--phases", "examples,coverage,fuzzing", "--workers", "1",
               "--request-timeout", "30", "--no-color", "--output-truncate", "false", "--continue-on-failure"]
    # Deterministic (and no example database) in CI; fresh random inputs under `make fuzz`.
    command += ["--generation-database", "none"] if FUZZ_RANDOM else ["--seed", "0", "--generation-deterministic"]
    if requester != "guest":
        command += ["--header", f"Authorization: {tokens[requester]}"]
    log_start = log_path.stat().st_size
    result = subprocess.run(command, capture_output=True, text=True, timeout=FUZZ_MAX_TIME + 120,
                            cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    server_log = log_path.read_text()[log_start:]
    report_dir = os.environ.get("FUZZ_REPORT_DIR")  # keep the full output (make fuzz sets it)
    if report_dir:
        Path(report_dir).mkdir(parents=True, exist_ok=True)
        Path(report_dir, f"schemathesis-{requester}.txt").write_text(result.stdout + result.stderr)
        Path(report_dir, f"server-{requester}.log").write_text(server_log)
    assert result.returncode == 0, (
        f"schemathesis found failures as {requester}:\n{result.stdout[-20000:]}\n{result.stderr[-3000:]}"
        f"\n--- server log ---\n{server_log[-8000:]}")
    assert "Traceback" not in server_log, server_log[-8000:]
