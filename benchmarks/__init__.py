"""Benchmarks: each ``bench_*.py`` module here has a ``main()``; run them with ``make bench``."""
