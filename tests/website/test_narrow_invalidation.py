"""A write drops only the cached pages and memos that read what it changed (issue 12, section 4
and section 6): www pages survive writes to documents, redirect tables survive writes that are
no redirects, a request costs one cache round trip, a 404 no query and no cache key."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from django_frappe_web.models import WebPage, WebsiteRedirect, WebsiteSettings
from django_frappe_web.settings import web_settings
from django_frappe_web.website import generation, router, version_channel
from tests.testapp.models import Article
from tests.website.doc_pages import make_article, no_page_cache, text
from tests.website.router_site import WWW

pytestmark = pytest.mark.django_db


def from_cache(response) -> str | None:
    return response.headers.get("X-From-Cache")


@pytest.fixture
def www(tmp_path):
    """A www folder: a static page, a page whose controller counts articles with the plain ORM."""
    (tmp_path / "plain.html").write_text("<h1>Plain</h1>")
    (tmp_path / "counter.html").write_text("<p id='n'>{{ articles }}</p>")
    (tmp_path / "counter.py").write_text(
        "from tests.testapp.models import Article\n\n"
        "def get_context(context):\n    context.articles = Article.objects.count()\n")
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path), str(WWW)]}):
        yield


def test_a_www_page_that_reads_no_document_survives_writes_to_documents(client, commit, www):
    client.get("/plain")
    assert from_cache(client.get("/plain")) == "True"
    with commit():
        make_article("fresh")
    assert from_cache(client.get("/plain")) == "True"


def test_a_page_whose_controller_reads_a_model_is_dropped_by_a_write_to_it(client, commit, www):
    assert "<p id='n'>0</p>" in text(client.get("/counter"))
    assert from_cache(client.get("/counter")) == "True"
    with commit():
        make_article("counted")
    response = client.get("/counter")
    assert from_cache(response) == "False" and "<p id='n'>1</p>" in text(response)


def test_a_document_published_at_a_cached_www_route_takes_it_over(client, commit, www):
    client.get("/plain")
    assert from_cache(client.get("/plain")) == "True"
    with commit():
        make_article("takeover", title="Taken over", route="plain")  # documents come before www pages
    response = client.get("/plain")
    assert from_cache(response) == "False" and "Taken over" in text(response)


def test_a_document_page_is_dropped_by_a_write_to_its_document_only(client, commit, www):
    with commit():
        article = make_article("story", title="Story one")
    client.get("/articles/story")
    with commit():
        WebPage.objects.create(title="Elsewhere", route="elsewhere", main_section="x")
        make_article("another-story", title="Another story")
    assert from_cache(client.get("/articles/story")) == "True"
    with commit():
        article.title = "Story two"
        article.save()
    assert "Story two" in text(client.get("/articles/story"))


def test_the_redirect_table_survives_writes_that_are_no_redirects(client, commit, www):
    WebsiteRedirect.objects.create(source="old", target="/plain")
    client.get("/old")
    compiled = router._routers.entries["router"][1]
    with commit():
        make_article("unrelated")
    assert client.get("/old")["Location"] == "/plain"
    assert router._routers.entries["router"][1] is compiled  # not rebuilt
    with commit():
        WebsiteRedirect.objects.create(source="older", target="/plain")
    assert client.get("/older")["Location"] == "/plain"
    assert router._routers.entries["router"][1] is not compiled


class CountingCache:
    """The configured cache, counting the calls (each one cache round trip)."""

    def __init__(self, cache):
        self.cache, self.calls, self.keys = cache, [], []

    def __getattr__(self, name):
        attribute = getattr(self.cache, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append(name)
            if args:
                self.keys.extend(args[0] if isinstance(args[0], list | tuple | dict) else [args[0]])
            return attribute(*args, **kwargs)
        return call


@pytest.fixture
def counting(monkeypatch):
    counter = CountingCache(caches[web_settings.CACHE_ALIAS])
    monkeypatch.setattr(generation, "_cache", lambda: counter)
    monkeypatch.setattr("django_frappe_web.website.page_cache._cache", lambda: counter)
    return counter


def test_a_cached_page_is_one_cache_round_trip(client, www, counting):
    client.get("/plain")
    client.get("/plain")
    counting.calls.clear()
    assert from_cache(client.get("/plain")) == "True"
    assert counting.calls == ["get_many"]


def uncached_request_calls() -> list[str]:
    """What a request whose page is not cached asks the cache once warm: nothing with django-redis
    (each process keeps the versions, told of writes on a channel), one ``get_many`` else."""
    return [] if version_channel.get_channel() is not None else ["get_many"]


def test_an_uncached_page_asks_the_cache_once_at_most_once_warm(client, www, counting):
    with no_page_cache(WWW_DIRS=[str(WWW)]):
        client.get("/about")
        counting.calls.clear()
        assert client.get("/about").status_code == 200
        assert counting.calls == uncached_request_calls()


def test_an_uncached_document_page_asks_the_cache_once_at_most_once_warm(client, counting):
    make_article("counted-trips")
    with no_page_cache():
        client.get("/articles/counted-trips")
        counting.calls.clear()
        assert client.get("/articles/counted-trips").status_code == 200
        assert counting.calls == uncached_request_calls()


def test_a_404_for_a_new_path_asks_the_cache_for_no_page(client, www, counting):
    assert client.get("/first-miss").status_code == 404
    counting.calls.clear()
    for number in range(5):
        assert client.get(f"/never-asked-{number}").status_code == 404
    assert counting.calls == uncached_request_calls() * 5
    assert set(counting.keys) <= {generation.copy_key(), generation.routes_key()}  # versions, never a page


def test_a_guests_404_page_is_rendered_once_for_every_missing_path(client, www):
    first = client.get("/missing-one")
    assert first.status_code == 404 and first.templates  # rendered
    second = client.get("/missing-two/deeper")
    assert second.status_code == 404 and second.templates == [] and second.content == first.content


def test_a_guests_404_page_shows_the_website_settings_of_the_moment(client, commit, www):
    client.get("/missing-one")
    with commit():
        WebsiteSettings.objects.update_or_create(pk=1, defaults={"footer_text": "New footer"})
    response = client.get("/missing-two")
    assert response.status_code == 404 and "New footer" in text(response)


def test_a_logged_in_visitors_404_is_rendered_for_them(admin_client, www):
    admin_client.get("/missing-one")
    response = admin_client.get("/missing-two")
    assert response.status_code == 404 and response.templates


def test_a_page_another_process_cached_is_served_from_the_cache_once_resolved(client, www, counting):
    client.get("/plain")  # rendered and stored
    generation.forget_process_state()  # a process that never served it: the path is resolved first
    counting.calls.clear()
    assert from_cache(client.get("/plain")) == "True"
    assert "get" in counting.calls
    counting.calls.clear()
    assert from_cache(client.get("/plain")) == "True"  # and looked up first from now on: one round trip
    assert counting.calls == ["get_many"]


def test_a_web_page_runs_no_query_once_warm(client, django_assert_num_queries):
    WebPage.objects.create(title="Team", route="team", main_section="# The team")
    with no_page_cache():
        client.get("/team")
        with django_assert_num_queries(0):
            response = client.get("/team")
    assert response.status_code == 200 and "The team" in text(response)


def test_a_404_for_a_new_path_runs_no_query_once_the_route_tables_are_warm(client, www, django_assert_num_queries):
    make_article("present")
    assert client.get("/first-miss").status_code == 404
    with django_assert_num_queries(0):
        for number in range(20):
            assert client.get(f"/never-seen-{number}/x").status_code == 404


def test_missing_paths_add_no_cache_key(www):
    cache = caches[web_settings.CACHE_ALIAS]
    guest = Client()
    guest.get("/warm-up")
    keys_before = len(cache._cache) if hasattr(cache, "_cache") else len(cache.keys("*"))
    for number in range(200):
        assert guest.get(f"/crawler/{number}").status_code == 404
    keys_after = len(cache._cache) if hasattr(cache, "_cache") else len(cache.keys("*"))
    assert keys_after - keys_before <= 2  # at most version copies expiring and written again


def test_an_article_write_bumps_its_model_and_its_route_only(commit):
    topics = [generation.SITE, generation.model_topic(WebsiteRedirect), generation.model_topic(Article),
              generation.route_topic("articles/bumped")]
    before = [generation.get_version(topic) for topic in topics]
    with commit():
        make_article("bumped")
    after = [generation.get_version(topic) for topic in topics]
    assert after[:2] == before[:2] and after[2] > before[2] and after[3] > before[3]
