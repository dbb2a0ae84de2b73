"""The route generation survives cache faults: its truth is a database row bumped in the write's
transaction, the shared cache holds a short-lived copy, and a write is answered as committed
even when the cache fails after the commit (django-redis with and without IGNORE_EXCEPTIONS)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import OperationalError, transaction
from django.test import Client

from django_frappe_web.api_keys import create_api_key
from django_frappe_web.models import RouteGeneration, WebPage, WebsiteRedirect
from django_frappe_web.settings import web_settings
from django_frappe_web.website import fulltext, generation, page_cache
from tests.api.conftest import TokenClient
from tests.cache_outage import OutageCache, outage_cache
from tests.testapp.models import Article
from tests.website.router_site import WWW

MODES = pytest.mark.parametrize("ignore_exceptions", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"])


@pytest.fixture(autouse=True)
def shared_copies_only(settings):
    """These tests play the shared cache's copies alone (a copy restored from disk, expired, lost):
    each process's own copy, which a Redis restart drops, has its tests in test_version_channel.py."""
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "PAGE_VERSION_CHANNEL": False}


def cache():
    return caches[web_settings.CACHE_ALIAS]


def from_cache(response) -> str | None:
    return response.headers.get("X-From-Cache")


def database_generation() -> int:
    return RouteGeneration.objects.get(pk=1).value


def database_version(topic: str) -> int:
    return RouteGeneration.objects.get(pk=generation.slot_of(topic)).value


@pytest.fixture
def site_on_outage_cache(request):
    """The router site on an OutageCache, which tests take down and bring back with its data."""
    with outage_cache(request.param, WWW_DIRS=[str(WWW)]):
        yield


def down():
    OutageCache.down = True


def back_with_old_data():
    OutageCache.down = False


# --- item 6: a committed write is answered as such ----------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("site_on_outage_cache", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_an_api_save_is_answered_as_saved_while_the_cache_is_down(site_on_outage_cache):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    row, secret = create_api_key(admin)
    api = TokenClient(row.api_key, secret)
    down()
    response = api.post_json("/api/resource/Article", {"title": "Saved", "slug": "saved", "published": 1})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["data"]["title"] == "Saved"
    assert Article.objects.filter(slug="saved").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("site_on_outage_cache", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_an_admin_save_is_answered_as_saved_while_the_cache_is_down(site_on_outage_cache):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    staff = Client()
    staff.login(username="admin", password="pw")
    down()
    response = staff.post("/admin/django_frappe_web/webpage/add/",
                          {"title": "Down", "route": "down", "content_type": "markdown", "main_section": "written while down",
                           "published": "on", "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
                           "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content[:300]
    assert WebPage.objects.filter(route="down").exists()


@pytest.mark.django_db(transaction=True)
def test_an_after_commit_hook_that_fails_is_logged_not_raised(caplog):
    from django_frappe_web.faults import forget_reported_faults, on_commit_safe

    forget_reported_faults()

    def broken():
        raise OSError("storage unreachable")

    with transaction.atomic():
        Article.objects.create(title="Kept", slug="kept")
        on_commit_safe(broken, "deleting an old file")
    assert Article.objects.filter(slug="kept").exists()
    assert "After commit, deleting an old file failed; the committed write stands" in caplog.text


# --- item 7: an edit made while the cache was unreachable is seen when it comes back -----------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("site_on_outage_cache", [True, False], ids=["IGNORE_EXCEPTIONS", "raising"], indirect=True)
def test_an_edit_made_during_an_outage_is_seen_when_the_cache_returns_with_its_old_data(site_on_outage_cache):
    guest = Client()
    page = WebPage.objects.create(title="News", route="news", main_section="old text", published=True)
    WebsiteRedirect.objects.create(source="promo", target="/news")
    for path in ("/news", "/later", "/promo"):  # a cached page, a 404 and a redirect (memoised)
        guest.get(path)
        assert from_cache(guest.get(path)) == {"/news": "True", "/later": "False", "/promo": None}[path]
    down()
    page.main_section = "new text"
    page.save()
    WebPage.objects.create(title="Later", route="later", main_section="now here", published=True)
    WebsiteRedirect.objects.filter(source="promo").update(target="/later")
    WebsiteRedirect.objects.get(source="promo").save()
    back_with_old_data()  # a Redis restarted from disk: the old copy and the old pages are back
    assert "new text" in guest.get("/news").content.decode()
    assert guest.get("/later").status_code == 200
    assert guest.get("/promo")["Location"] == "/later"


@pytest.mark.django_db(transaction=True)
def test_a_bump_is_in_the_database_as_soon_as_the_write_commits():
    topic = generation.model_topic(WebPage)
    before = generation.get_version(topic)
    WebPage.objects.create(title="Fresh", route="fresh", main_section="x")
    assert database_version(topic) > before
    assert generation.get_version(topic) == database_version(topic)


@pytest.mark.django_db(transaction=True)
def test_a_write_rolled_back_takes_its_bump_along():
    before = database_generation() if RouteGeneration.objects.exists() else generation.get_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        WebPage.objects.create(title="Gone", route="gone", main_section="x")
        raise RuntimeError("rolled back")
    assert database_generation() == before
    assert generation.get_generation() == before


@pytest.mark.django_db
def test_the_cache_holds_a_copy_of_the_database_value():
    value = generation.get_generation()
    assert value == database_generation()
    assert generation.copies()[1] == value


@pytest.mark.django_db
def test_a_copy_older_than_what_this_process_read_is_not_trusted(django_assert_num_queries):
    value = generation.get_generation()
    cache().set(generation.copy_key(), {1: (value - 1, generation._now_ms())})  # a cache restored from disk with an old copy
    with django_assert_num_queries(1):
        assert generation.get_generation() == value
    assert generation.copies()[1] == value  # repaired for every process
    with django_assert_num_queries(0):
        assert generation.get_generation() == value


@pytest.mark.django_db
def test_a_lost_copy_is_read_again_from_the_database(django_assert_num_queries):
    value = generation.get_generation()
    cache().delete(generation.copy_key())
    with django_assert_num_queries(1):
        assert generation.get_generation() == value


@pytest.mark.django_db
def test_the_copy_lives_a_few_seconds(settings, django_assert_num_queries):
    settings.FRAPPE_WEB = {"ROUTE_GENERATION_CACHE_TIMEOUT": 0}  # 0: always the database
    generation.get_generation()
    assert cache().get(generation.copy_key()) is None
    with django_assert_num_queries(1):
        generation.get_generation()


@pytest.mark.django_db
def test_with_the_database_down_the_last_known_generation_is_used(monkeypatch):
    value = generation.get_generation()
    cache().delete(generation.copy_key())

    def unreachable(slots):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(generation, "read_database", unreachable)
    assert generation.get_generation() == value  # cached pages of this generation are still served


@pytest.mark.django_db
def test_with_the_database_down_a_process_that_only_read_copies_keeps_the_last_version_it_used(monkeypatch):
    stale = generation.get_generation()  # read from the database by this process
    newer = stale + 5  # another process bumped it and wrote the copy this process then read
    cache().set(generation.copy_key(), {1: (newer, generation._now_ms())})
    assert generation.get_generation() == newer
    cache().delete(generation.copy_key())  # the copy's few seconds are over

    def unreachable(slots):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(generation, "read_database", unreachable)
    assert generation.get_generation() == newer  # the pages it cached for `newer` are served, not 503s


@pytest.mark.django_db
def test_with_the_database_down_a_process_that_never_read_it_serves_what_it_used(monkeypatch):
    value = generation.get_generation()
    generation.forget_process_state()  # a worker started after the copy was written: it never read the database
    assert generation.get_generation() == value
    cache().delete(generation.copy_key())

    def unreachable(slots):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(generation, "read_database", unreachable)
    assert generation.get_generation() == value


@pytest.mark.django_db
def test_with_the_database_down_a_process_that_never_used_a_version_serves_the_expired_copy(monkeypatch):
    value = generation.get_generation()
    held = cache().get(generation.copy_key())
    cache().set(generation.copy_key(), {slot: (entry[0], 0) for slot, entry in held.items()})  # read long ago
    generation.forget_process_state()  # a worker that never served a page of this version

    def unreachable(slots):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(generation, "read_database", unreachable)
    assert generation.get_generation() == value


def seconds_to_live(key: str) -> float:
    """How long the cache keeps ``key`` (django-redis' ``ttl``, or local memory's expiry time)."""
    if hasattr(cache(), "ttl"):
        return cache().ttl(key)
    return cache()._expire_info[cache().make_and_validate_key(key)] - time.time()


@pytest.mark.django_db
def test_the_copies_outlive_their_freshness_in_the_cache(django_assert_num_queries):
    value = generation.get_generation()
    held = cache().get(generation.copy_key())
    cache().set(generation.copy_key(), {slot: (entry[0], 0) for slot, entry in held.items()})
    with django_assert_num_queries(1):  # past its lifetime: read again while the database answers
        assert generation.get_generation() == value
    assert seconds_to_live(generation.copy_key()) > 3600  # kept for an outage of the database


@pytest.mark.django_db
def test_a_missing_row_is_created_again():
    RouteGeneration.objects.all().delete()
    cache().delete(generation.copy_key())
    value = generation.get_generation()
    assert database_generation() == value
    assert page_cache.bump_generation() > value


@pytest.mark.django_db
def test_a_warm_guest_page_runs_no_query_while_the_copy_lives(client, django_assert_num_queries):
    from tests.website.router_site import site

    with site():
        client.get("/about")
        with django_assert_num_queries(0):
            response = client.get("/about")
    assert from_cache(response) == "True"


@pytest.mark.django_db
def test_a_write_costs_one_update_per_topic_it_changes(django_assert_num_queries):
    page = WebPage.objects.create(title="One", route="one", main_section="x")
    # The row, then its model's, its own and its route's versions (and on PostgreSQL its search
    # entry, written in one statement with its translations' entries, which are read first).
    with django_assert_num_queries(4 if fulltext.enabled() else 2) as queries:
        page.save()
    topics = (generation.model_topic(WebPage), generation.document_topic(WebPage, page.pk), generation.route_topic("one"))
    slots = sorted(generation.slot_of(t) for t in topics)
    sql = queries.captured_queries[1]["sql"]
    assert sql.startswith('UPDATE "django_frappe_web_routegeneration"') and all(str(slot) in sql for slot in slots)


@pytest.mark.django_db
def test_a_write_leaves_the_site_version_and_other_models_alone():
    site, redirects = generation.get_generation(), generation.get_version(generation.model_topic(WebsiteRedirect))
    WebPage.objects.create(title="Two", route="two", main_section="x")
    assert database_generation() == site
    assert generation.get_version(generation.model_topic(WebsiteRedirect)) == redirects
