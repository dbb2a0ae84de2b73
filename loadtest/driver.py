"""A bounded HTTP load driver: threads sending calls over kept-alive connections, one outcome each.

Each thread keeps one ``http.client`` connection per server and sends calls to the servers in
turn. A call that fails at the connection (refused, reset, timed out, closed before an answer)
is an outcome with status 0 and the error's name, and the connection is opened again for the
next call. The run stops at ``max_requests`` or ``max_seconds``, whichever comes first, or
when ``stop`` is set: never unbounded.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Call:
    """One request to send. ``markers`` name the rows a create should write (checked afterwards)."""

    kind: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What one call got: ``status`` 0 when no answer came (``error`` says why)."""

    kind: str
    server: str
    status: int
    started: float  # time.monotonic() when sent
    seconds: float
    markers: tuple[str, ...] = ()
    error: str = ""
    retry_after: str | None = None
    body: bytes = b""  # kept for answers outside 2xx/3xx only, to report what went wrong


class Connection:
    """One kept-alive connection to one server, opened again after any failure."""

    def __init__(self, base_url: str, timeout: float):
        parts = urlsplit(base_url)
        self.base_url = base_url
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def send(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request(call.method, call.path, body=call.body, headers=call.headers)
            response = self.conn.getresponse()
            body = response.read()
        except BaseException:
            self.close()
            raise
        headers = {key.lower(): value for key, value in response.getheaders()}
        if response.will_close:
            self.close()
        return response.status, headers, body

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def send(connection: Connection, call: Call) -> Outcome:
    """Send ``call`` and describe what came back (or why nothing did)."""
    started = time.monotonic()
    try:
        status, headers, body = connection.send(call)
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(call.kind, connection.base_url, 0, started, time.monotonic() - started, call.markers,
                       error=type(exc).__name__)
    return Outcome(call.kind, connection.base_url, status, started, time.monotonic() - started, call.markers,
                   retry_after=headers.get("retry-after"), body=b"" if status < 400 else body[:2000])


@dataclass
class Run:
    """The outcomes of one bounded run, in the order they finished."""

    outcomes: list[Outcome]
    seconds: float


def drive(servers: Sequence[str], next_call: Callable[[int], Call], *, threads: int = 8,
          max_requests: int = 1000, max_seconds: float = 30.0, timeout: float = 10.0,
          stop: threading.Event | None = None, outcomes: list[Outcome] | None = None) -> Run:
    """Send calls made by ``next_call(thread_index)`` from ``threads`` threads, to ``servers`` in turn.

    Stops after ``max_requests`` calls, after ``max_seconds``, or when ``stop`` is set. Outcomes
    are appended to ``outcomes`` as they come (a caller's list lets it watch the run).
    """
    stop = stop or threading.Event()
    budget = itertools.count()
    outcomes = [] if outcomes is None else outcomes
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker(index: int) -> None:
        connections = [Connection(url, timeout) for url in servers]
        turn = itertools.cycle(range(index % len(servers), index % len(servers) + len(servers)))
        try:
            while not stop.is_set() and time.monotonic() < deadline and next(budget) < max_requests:
                outcome = send(connections[next(turn) % len(servers)], next_call(index))
                with lock:
                    outcomes.append(outcome)
        finally:
            for connection in connections:
                connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(index,), name=f"load-{index}", daemon=True)
            for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        # A call can outlast the deadline by at most its socket timeout.
        thread.join(max(0.0, deadline - time.monotonic()) + timeout + 5)
    stop.set()
    with lock:
        return Run(list(outcomes), time.monotonic() - started)


class Background:
    """``with Background(servers, next_call, ...) as load:`` drives while the body runs (a fault);
    ``load.outcomes`` fills as answers come, ``load.seconds`` is set on exit. Stops on exit, bounded."""

    def __init__(self, servers: Sequence[str], next_call: Callable[[int], Call], *, threads: int = 4,
                 max_seconds: float = 60.0, timeout: float = 10.0):
        self.outcomes: list[Outcome] = []
        self.seconds = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="load-background", daemon=True)
        self.args = (servers, next_call)
        self.options = {"threads": threads, "max_seconds": max_seconds, "timeout": timeout}

    def _run(self) -> None:
        run = drive(*self.args, max_requests=10**9, stop=self.stop, outcomes=self.outcomes, **self.options)
        self.seconds = run.seconds

    def since(self, moment: float) -> list[Outcome]:
        """The outcomes of calls sent at or after ``moment`` (``time.monotonic()``)."""
        return [outcome for outcome in list(self.outcomes) if outcome.started >= moment]

    def wait_for(self, count: int, seconds: float) -> None:
        """Until ``count`` more outcomes came, or ``seconds`` passed."""
        target, deadline = len(self.outcomes) + count, time.monotonic() + seconds
        while len(self.outcomes) < target and time.monotonic() < deadline and self.thread.is_alive():
            time.sleep(0.05)

    def __enter__(self) -> Background:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        self.thread.join(self.options["max_seconds"] + self.options["timeout"] + 10)
