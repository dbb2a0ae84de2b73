"""Faults under load, across processes: Redis stopped, restarted and paused, the database's
connections terminated and the database stopped, app server workers killed mid-write.

Each test drives gunicorn and uvicorn with pages and creates from four threads while it breaks
one service of the shared site (tests/load/conftest.py), then checks every answer and every row:

* no 500, ever: a Redis fault is invisible (the database has what matters), a database that is
  down is a 503 with ``Retry-After``, and cached guest pages are still served meanwhile;
* rows against answers (:func:`loadtest.report.compare_rows`): every create answered 2xx has its
  rows; no row for a create answered with an error; no half-saved ``insert_many`` batch; a row
  without an answer only for a call whose connection was cut (a worker killed after its commit),
  counted and printed;
* once the service is back, everything answers normally again.

The in-process variants (test client, one process) are tests/test_cache_faults.py and
tests/test_database_outage.py; these are the same faults against real servers under load.
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from loadtest.driver import Background, Call, Connection
from loadtest.mix import Mix, only, prepare
from loadtest.report import compare_rows, first_errors, is_error, marked_rows, summarize

pytestmark = [pytest.mark.load, pytest.mark.postgres, pytest.mark.redis]

THREADS = 4
BUDGET = 60  # seconds of load a test may drive at most
READS_AND_WRITES = only("home", "home_uncached", "document", "list", "user_document", "user_form", "api_list",
                        "api_create", "insert_many", "form", "form_post")
WRITES = only("api_create", "insert_many", "form_post")


def mix_for(site, weights: dict[str, int]) -> Mix:
    return Mix(prepare(site.urls[0], site.token), f"F{time.time_ns()}", weights=weights)


def check_rows(site, mix: Mix, outcomes) -> dict:
    rows = compare_rows(outcomes, marked_rows(site.database_url, mix.run_id))
    print(f"\n{summarize(outcomes, 1)['statuses']}; rows: {json.dumps(rows)}")
    assert rows["ok"], rows
    assert rows["creates_answered"] > 0
    return rows


def assert_no_errors(outcomes) -> None:
    errors = [outcome for outcome in outcomes if is_error(outcome)]
    assert not errors, json.dumps(first_errors(errors), indent=1)


def assert_no_server_errors(outcomes) -> None:
    """Nothing but 2xx/3xx, or a 503 that says when to come back."""
    wrong = [o for o in outcomes if is_error(o) and not (o.status == 503 and o.retry_after)]
    assert not wrong, json.dumps(first_errors(wrong), indent=1)


def still_logged_in(site, mix: Mix) -> None:
    """The login-required form answers the session's user (a guest would be sent to /login)."""
    for url in site.urls:
        connection = Connection(url, timeout=10)
        try:
            status, _, _ = connection.send(Call("check", "GET", "/talks/new", {"Cookie": mix.credentials.session_cookie}))
        finally:
            connection.close()
        assert status == 200, f"{url}: {status}"


# -- Redis -------------------------------------------------------------------------------


@pytest.mark.parametrize("keep_data", [False, True], ids=["without its data", "with its data"])
def test_redis_stopped_and_restarted_under_load_costs_no_answer_and_no_session(site, keep_data):
    mix = mix_for(site, READS_AND_WRITES)
    with Background(site.urls, mix, threads=THREADS, max_seconds=BUDGET) as load:
        load.wait_for(60, 15)
        site.redis.stop(keep_data=keep_data)
        down = time.monotonic()
        load.wait_for(60, 15)
        site.redis.start()
        back = time.monotonic()
        load.wait_for(80, 15)
    assert load.since(down) and load.since(back)
    assert_no_errors(load.outcomes)
    check_rows(site, mix, load.outcomes)
    still_logged_in(site, mix)


def test_redis_paused_under_load_slows_answers_but_fails_none(site):
    mix = mix_for(site, READS_AND_WRITES)
    with Background(site.urls, mix, threads=THREADS, max_seconds=BUDGET) as load:
        load.wait_for(60, 15)
        site.redis.pause()
        paused = time.monotonic()
        time.sleep(4)
        site.redis.resume()
        load.wait_for(60, 15)
    assert load.since(paused)
    assert_no_errors(load.outcomes)
    check_rows(site, mix, load.outcomes)


# -- the database ------------------------------------------------------------------------


def test_database_connections_terminated_under_load(site):
    mix = mix_for(site, READS_AND_WRITES)
    terminated = 0
    with Background(site.urls, mix, threads=THREADS, max_seconds=BUDGET) as load:
        load.wait_for(60, 15)
        for _ in range(3):
            terminated += site.postgres.terminate_connections(site.database_name)
            load.wait_for(30, 10)
        after = time.monotonic()
        time.sleep(1.5)
        load.wait_for(40, 15)
    assert terminated > 0
    assert_no_server_errors(load.outcomes)
    check_rows(site, mix, load.outcomes)
    settled = [o for o in load.since(after) if o.started > after + 1]
    assert settled and not any(is_error(o) for o in settled)


def test_database_stopped_for_seconds_under_load_is_503_with_retry_after_then_back(site):
    mix = mix_for(site, READS_AND_WRITES)
    with Background(site.urls, mix, threads=THREADS, max_seconds=BUDGET) as load:
        load.wait_for(80, 15)
        site.postgres.stop(mode="fast")
        down = time.monotonic()
        time.sleep(3)
        up = time.monotonic()
        site.postgres.start()
        back = time.monotonic()
        time.sleep(2.5)  # what follows is judged from 2 s after the restart
        load.wait_for(60, 20)
    during = [o for o in load.since(down) if o.started < up]
    assert any(o.status == 503 for o in during), summarize(during, 1)["statuses"]
    assert_no_server_errors(load.outcomes)
    check_rows(site, mix, load.outcomes)
    settled = [o for o in load.since(back) if o.started > back + 2]
    assert settled and not any(is_error(o) for o in settled), json.dumps(first_errors(settled))
    still_logged_in(site, mix)


def test_cached_guest_pages_are_served_while_the_database_is_stopped(site):
    """Reads only: the pages cached before the stop are served from the cache while it lasts."""
    mix = mix_for(site, only("home", "docs", "web_page", "document"))
    with Background(site.urls, mix, threads=THREADS, max_seconds=BUDGET) as load:
        load.wait_for(80, 15)  # every page cached by now, on each server
        site.postgres.stop(mode="fast")
        down = time.monotonic()
        load.wait_for(80, 10)
        up = time.monotonic()
        site.postgres.start()
    during = [o for o in load.since(down) if o.started < up]
    assert len(during) >= 20
    assert_no_errors(load.outcomes)  # without a database, a 200 can only come from the page cache


# -- app server workers killed mid-write ---------------------------------------------------


def test_workers_killed_mid_creates_leave_no_half_saved_row_and_no_answer_without_its_row(site):
    mix = mix_for(site, WRITES)
    killed = []
    with Background(site.urls, mix, threads=THREADS + 2, max_seconds=BUDGET) as load:
        load.wait_for(40, 15)
        for _ in range(3):
            pid = site.workers("gunicorn")[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            load.wait_for(40, 15)
        uvicorn = site.servers["uvicorn"]
        uvicorn.kill()  # one worker, no master: the server itself (a supervisor would start it again)
        load.wait_for(20, 10)
        uvicorn.start()
        load.wait_for(40, 15)
    cut = [o for o in load.outcomes if o.status == 0]
    assert cut, "no call was cut: the kills hit no request"
    assert_no_server_errors([o for o in load.outcomes if o.status])
    rows = check_rows(site, mix, load.outcomes)
    print(f"killed gunicorn workers {killed} and uvicorn; {len(cut)} calls cut, "
          f"{rows['rows_of_cut_connections']} of their rows committed before the kill")
    assert set(killed).isdisjoint(site.workers("gunicorn"))  # the master replaced them
