"""Site search on 100,000 documents (issue 17): PostgreSQL full-text search against the LIKE fallback,
on the same data, on PostgreSQL.

Creates ``BENCH_SEARCH_DOCS`` (100,000) published articles (the test app's web-view doctype, searched
here by title and body) with ``bulk_create`` (no signals), times ``rebuild_search_index``, then
times ``website.search.search`` as a guest for each query below, full text and LIKE alternately,
and full text for a German visitor (who reads Web Pages' German entries first: issue 15),
``BENCH_SEARCH_REPEAT`` (30) times each: median and p95 per query. Words are drawn from a fixed
vocabulary with a seeded generator, so every run has the same documents: the common word is in
about half of them, the rare word in about 10, the two words of the multi-word query in about 5%
each, the last word in none.

``make bench-search`` (PostgreSQL only; figures in benchmarks/RESULTS.md). The CI form
(``tests/test_bench_search.py``) calls :func:`run` with 1,000 documents and 2 repetitions.
"""

from __future__ import annotations

import os
import random
import statistics
import time

BACKENDS = ("postgres",)
DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "30"))
BATCH = 5000
COMMON, RARE, PAIR, MISSING = "garden", "quetzal", ("copper", "lantern"), "xylophonist"
QUERIES = {"common word": COMMON, "rare word": RARE, "multi-word": " ".join(PAIR), "no match": MISSING}
FILLER = [f"{a}{b}{c}" for a in ("ba", "ko", "mi", "su", "te", "ra", "lo", "ne") for b in ("r", "n", "l", "s", "t")
          for c in ("a", "en", "is", "um", "o", "ing")]  # 240 pseudo-words


def make_documents(count: int, seed: int = 17) -> None:
    """``count`` published articles with a 60-word body, in batches (bounded memory, no signals)."""
    from tests.testapp.models import Article

    rng = random.Random(seed)
    rare_every = max(1, count // 10)
    for start in range(0, count, BATCH):
        rows = []
        for i in range(start, min(count, start + BATCH)):
            words = rng.choices(FILLER, k=60)
            if rng.random() < 0.5:
                words[rng.randrange(60)] = COMMON
            for word in PAIR:
                if rng.random() < 0.05:
                    words[rng.randrange(60)] = word
            if i % rare_every == 0:
                words[rng.randrange(60)] = RARE
            rows.append(Article(title=" ".join(rng.choices(FILLER, k=4)).capitalize(), slug=f"s-{i:06d}",
                                route=f"s/{i:06d}", published=True, body=" ".join(words)))
        Article.objects.bulk_create(rows)


def timed(fn, repeat: int, clock=time.perf_counter) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return times, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(docs: int = DOCS, repeat: int = REPEAT) -> list[str]:
    """Create the documents, build the index, time each query both ways; the report's lines."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.utils import translation

    from django_frappe_web.doctypes import site
    from django_frappe_web.models import SearchEntry
    from django_frappe_web.website import fulltext
    from django_frappe_web.website.search import search

    article = site.get("Article")
    searched, article.search_fields = article.search_fields, ["title", "body"]
    lines = []
    try:
        started = time.perf_counter()
        make_documents(docs)
        lines.append(f"{docs:,} articles created in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        call_command("rebuild_search_index", "--doctype", "Article", stdout=open(os.devnull, "w"))
        lines.append(f"rebuild_search_index: {SearchEntry.objects.count():,} entries in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        guest = AnonymousUser()
        like = override_settings(FRAPPE_WEB={"SEARCH_FULL_TEXT": False})
        assert fulltext.enabled()
        for label, query in QUERIES.items():
            full_times, like_times, german_times = [], [], []
            for _ in range(repeat):  # alternately, so load from elsewhere hits all alike
                more, found = timed(lambda q=query: search(q, guest), 1)
                full_times += more
                with translation.override("de"):  # another language: its translations' entries first
                    more, german_found = timed(lambda q=query: search(q, guest), 1)
                german_times += more
                with like:  # last: leaving override_settings renews the settings the next search reads
                    more, like_found = timed(lambda q=query: search(q, guest), 1)
                like_times += more
            index_times, _ = timed(lambda q=query: fulltext.ranked_candidates(q), repeat)
            lines.append(f"{label} {query!r}: full text {_ms(full_times)} ({len(found)} results; the index "
                         f"query alone {_ms(index_times)}), LIKE {_ms(like_times)} ({len(like_found)} results), "
                         f"full text in German {_ms(german_times)} ({len(german_found)} results)")
        lines.append("plan of the index query: " + plan(fulltext, RARE))
    finally:
        article.search_fields = searched
    for line in lines:
        print(line, flush=True)
    return lines


def plan(fulltext, query: str) -> str:
    """PostgreSQL's plan for the ranked candidates of ``query`` (the GIN index should be in it)."""
    from .common import explain

    return explain("default", fulltext.candidates_queryset(query))


def _ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.1f} ms, p95 {p95(times) * 1000:.1f} ms"


def main() -> list[str]:
    from .common import setup_django

    setup_django()
    return run()


if __name__ == "__main__":
    main()
