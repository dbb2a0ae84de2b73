"""One wrk run against one URL, parsed: requests/s, latency percentiles, statuses and errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"
NEW_PATHS = Path(__file__).resolve().parent / "new_paths.lua"
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


@dataclass
class WrkResult:
    requests: int
    per_second: float
    p50: float  # seconds
    p90: float
    p99: float
    non_2xx_3xx: int
    socket_errors: int


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def parse(output: str) -> WrkResult:
    percentiles = {int(p): _seconds(t) for p, t in re.findall(r"^\s+(50|90|99)%\s+(\S+)$", output, re.M)}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(re.search(r"^\s+(\d+) requests in", output, re.M).group(1)),
        per_second=float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M).group(1)),
        p50=percentiles[50], p90=percentiles[90], p99=percentiles[99],
        non_2xx_3xx=int(non_ok.group(1)) if non_ok else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def run(url: str, seconds: int, connections: int = 2, new_paths: bool = False) -> WrkResult:
    """``wrk -t1 -c<connections> -d<seconds>s --latency url``, bounded by a timeout of its own.

    ``new_paths``: every request asks ``<url's path><n>/`` with a prefix of this run, a path no
    run asked before (new_paths.lua)."""
    args = [WRK, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    if new_paths:
        prefix = re.sub(r"^https?://[^/]+", "", url)
        args += ["-s", str(NEW_PATHS), url, "--", f"{prefix}{time.time_ns()}-"]
    else:
        args.append(url)
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30, check=True)  # noqa: S603
    return parse(done.stdout)
