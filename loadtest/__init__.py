"""Load and fault runs against real app servers (``make load``; the short forms in tests/load/).

* :mod:`loadtest.driver`: threads sending a request mix over kept-alive connections, bounded
  in count and time, with one outcome per request;
* :mod:`loadtest.mix`: what is sent (pages, API, web forms) and the credentials it needs;
* :mod:`loadtest.report`: throughput, percentiles, statuses, rows against answers, RSS;
* :mod:`loadtest.tracing`: tracemalloc snapshots taken inside a worker on a signal;
* :mod:`loadtest.run`: the full run (two servers, warm-up, measure, soak).
"""
