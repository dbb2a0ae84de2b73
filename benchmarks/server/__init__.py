"""The project the server benchmarks (benchmarks/bench_server_*.py) run: settings and URLconfs of
each side, a Wagtail site, the seed, and the measuring (gunicorn via the harness, wrk, rounds).
See benchmarks/RESULTS.md."""
