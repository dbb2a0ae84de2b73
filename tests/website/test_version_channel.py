"""Each process keeps the page versions it read, told of writes on a Redis channel (issue 12, section 6:
no cache round trip where nothing is cached), and sets its copy aside whenever the channel may
have missed a message: a dropped subscription, a paused Redis, a message that arrives during a read.

Each test runs on a redis-server of its own (never the machine's), on both suites' databases.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.test import Client, override_settings

from django_frappe_web.models import RouteGeneration, WebPage
from django_frappe_web.settings import web_settings
from django_frappe_web.website import generation, version_channel
from harness.redis_server import RedisServer
from tests.private_redis import cache_on, private_redis
from tests.waiting import wait_until
from tests.website.doc_pages import text
from tests.website.test_narrow_invalidation import CountingCache

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis(tmp_path, monkeypatch):
    """A redis-server of this test as the site's cache, the page cache off (every request renders).
    Redis's answers are trusted for 30 s, not 1: a loaded machine may stall a second between two
    steps of a test (the pause test sets it back)."""
    monkeypatch.setattr(version_channel, "ANSWER_WITHIN", 30.0)
    with private_redis(tmp_path) as server, override_settings(CACHES=cache_on(server),
                                                              FRAPPE_WEB={"PAGE_CACHE_TIMEOUT": 0}):
        yield server


@pytest.fixture
def team():
    """A web page rendered once, so its row and the versions are kept by this process."""
    page = WebPage.objects.create(title="Team", route="team", main_section="Version one")
    assert "Version one" in text(Client().get("/team"))
    return page


def written_elsewhere(page: WebPage, content: str) -> list[int]:
    """What another process's write leaves behind: the row and its versions changed in the
    database, the shared copies dropped, and no word to this process. The slots it bumped."""
    topics = [generation.model_topic(WebPage), generation.route_topic("team"),
              generation.document_topic(WebPage, page.pk)]  # what the save signal would bump
    slots = sorted({generation.slot_of(topic) for topic in topics})
    with transaction.atomic():
        WebPage.objects.filter(pk=page.pk).update(main_section=content)  # no signal: not this process's write
        RouteGeneration.objects.filter(pk__in=slots).update(value=F("value") + 1)
    caches[web_settings.CACHE_ALIAS].delete_many([generation.copy_key(), generation.routes_key()])
    return slots


def announce(server: RedisServer, slots: list[int]) -> None:
    """The other process's after-commit message, sent with a client of its own."""
    assert version_channel.send(server.client(), slots) == 1


def test_a_page_that_is_not_cached_asks_the_cache_nothing_once_warm(redis, team, monkeypatch):
    counting = CountingCache(caches[web_settings.CACHE_ALIAS])
    monkeypatch.setattr(generation, "_cache", lambda: counting)
    assert Client().get("/team").status_code == 200
    assert counting.calls == []


def test_another_process_s_write_is_seen_on_the_next_request_once_announced(redis, team):
    slots = written_elsewhere(team, "Version two")
    assert "Version one" in text(Client().get("/team"))  # unannounced, the kept versions still look current
    announce(redis, slots)
    assert "Version two" in text(Client().get("/team"))


def test_every_announcement_is_readable_by_the_subscriber_once_sent(redis, team):
    """Redis answers a PUBLISH a moment before it writes the message to the subscribers: without
    the PING that follows it, about 1 announcement in 2,000 was not yet readable here."""
    channel = version_channel.get_channel()
    other_process = redis.client()
    slot, started, missed = generation.SITE_SLOT, time.monotonic(), []
    for attempt in range(10_000):
        channel.keep(channel.sync(), {slot: (attempt, generation._now_ms())})
        assert slot in channel.entries
        version_channel.send(other_process, [slot])
        channel.sync()
        if slot in channel.entries:
            missed.append(attempt)
        if time.monotonic() - started > 30:
            break
    assert missed == [] and attempt > 1_000


def test_this_process_s_own_write_is_seen_at_once(redis, team):
    team.main_section = "Version two"
    team.save()
    assert "Version two" in text(Client().get("/team"))


def test_versions_read_while_a_message_arrives_are_not_kept(redis, team):
    channel = version_channel.get_channel()
    epoch = channel.sync()
    assert epoch is not None
    announce(redis, [generation.SITE_SLOT])  # readable here once sent: no wait
    channel.keep(epoch, {generation.SITE_SLOT: (1, generation._now_ms())})  # read before the message: maybe old
    assert generation.SITE_SLOT not in channel.entries


def test_a_dropped_subscription_drops_the_copy_and_subscribes_again(redis, team):
    channel = version_channel.get_channel()
    assert channel.entries
    redis.client().client_kill_filter(_id=channel.client_id)
    time.sleep(0.05)
    assert channel.sync() is None and channel.entries == {}  # it may have missed a message
    assert "Version one" in text(Client().get("/team"))  # answered without the channel meanwhile
    trusted_again(channel, within=version_channel.RETRY_AFTER + 5)  # subscribed again: a retry a second later
    slots = written_elsewhere(team, "Version two")
    announce(redis, slots)
    assert "Version two" in text(Client().get("/team"))


def test_a_paused_redis_sets_the_copy_aside_within_a_second(redis, team, monkeypatch):
    monkeypatch.setattr(version_channel, "ANSWER_WITHIN", 1.0)
    channel = version_channel.get_channel()
    trusted_again(channel, within=5)  # a stall since the fixture's request may have set it aside already
    redis.pause()
    try:
        started = time.monotonic()
        while channel.sync() is not None:
            assert time.monotonic() - started < version_channel.ANSWER_WITHIN + 1
            time.sleep(0.05)
        assert channel.entries == {}
    finally:
        redis.resume()
    trusted_again(channel, within=5)  # the PING sent during the pause is answered now


def trusted_again(channel: version_channel.VersionChannel, within: float) -> None:
    wait_until(lambda: channel.sync() is not None, within, "trusted again")


def test_on_local_memory_the_process_keeps_its_copy_without_a_channel():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert isinstance(version_channel.get_channel(), version_channel.ProcessLocalVersions)


def test_the_channel_is_off_on_a_cache_that_keeps_nothing():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        assert version_channel.get_channel() is None


def test_the_channel_is_off_when_the_setting_says_so(redis):
    with override_settings(FRAPPE_WEB={"PAGE_VERSION_CHANNEL": False}):
        assert version_channel.get_channel() is None
