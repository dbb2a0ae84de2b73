"""The page cache as a visitor and an operator see it: ``X-From-Cache``, what is never cached,
invalidation when routes change (in this process and in others sharing the cache), and the
keys really present in the cache backend.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings

from django_frappe_web.models import WebPage, WebsiteRedirect, WebsiteSettings
from django_frappe_web.settings import web_settings
from django_frappe_web.website import generation, page_cache
from django_frappe_web.website.generation import (
    bump_in_transaction,
    get_version,
    model_topic,
    publish,
    route_topic,
)
from django_frappe_web.website.visitor_values import placeholder
from tests.website.router_site import site

pytestmark = pytest.mark.usefixtures("router_site")


def cache():
    return caches[web_settings.CACHE_ALIAS]


def generation_key() -> str:
    return f"{web_settings.CACHE_KEY_PREFIX}:{page_cache.GENERATION_KEY}"


def stored_page(path: str, host: str = "testserver"):
    """The entry the page cache holds for a guest GET of ``path`` (``None`` when nothing is stored)."""
    request = RequestFactory().get(path, HTTP_HOST=host)
    return cache().get(page_cache.page_key(request, request.path_info))


def from_cache(response) -> str | None:
    return response.headers.get("X-From-Cache")


# --- X-From-Cache --------------------------------------------------------------------------


def test_guest_page_is_rendered_once_then_served_from_the_cache(client):
    first = client.get("/about")
    second = client.get("/about")
    assert (first.status_code, from_cache(first)) == (200, "False")
    assert (second.status_code, from_cache(second)) == (200, "True")
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"


def calls(response) -> int:
    return int(response.content.decode().split("calls=")[1].split("<")[0])


def test_cached_page_does_not_run_the_controller_again(client):
    first = client.get("/counted")
    second = client.get("/counted")
    assert from_cache(second) == "True"
    assert second.content == first.content
    third = client.get("/counted?fresh=1")  # not cacheable: runs get_context() once more
    assert calls(third) == calls(first) + 1


def test_head_is_served_from_the_cached_get(client):
    client.get("/about")
    response = client.head("/about")
    assert from_cache(response) == "True"
    assert response.content == b""


def test_hosts_do_not_share_cached_pages(client):
    client.get("/about")
    other = client.get("/about", HTTP_HOST="localhost")
    assert from_cache(other) == "False"
    assert "http://localhost/about" in other.content.decode()  # its own canonical URL


def test_page_cache_can_be_switched_off(client):
    with site(PAGE_CACHE_TIMEOUT=0):
        client.get("/about")
        response = client.get("/about")
    assert response.status_code == 200
    assert from_cache(response) is None
    assert stored_page("/about") is None


def test_no_page_cache_with_debug(client, tmp_path):
    page = tmp_path / "live.md"
    page.write_text("# Version one\n")
    with override_settings(DEBUG=True, FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)]}):
        assert from_cache(client.get("/live")) is None
        page.write_text("# Version two, edited\n")  # same size would be fine too: nothing is cached
        response = client.get("/live")
        assert from_cache(response) is None
        assert "Version two, edited" in response.content.decode()


def test_controller_no_cache_page_is_never_stored(client):
    for _ in range(2):
        response = client.get("/fresh")
        assert response.status_code == 200
        assert from_cache(response) is None
    assert stored_page("/fresh") is None


# --- never cached ----------------------------------------------------------------------------


def test_never_for_a_logged_in_user(client_alice, client):
    for _ in range(2):
        response = client_alice.get("/about")
        assert response.status_code == 200
        assert from_cache(response) is None
        assert '<a href="/logout">Log out</a>' in response.content.decode()
    assert stored_page("/about") is None
    # and a guest's cached copy is never handed to a logged-in user
    client.get("/about")
    assert from_cache(client.get("/about")) == "True"
    response = client_alice.get("/about")
    assert from_cache(response) is None
    assert '<a href="/logout">Log out</a>' in response.content.decode()


def test_never_with_a_query_string(client):
    for _ in range(2):
        assert from_cache(client.get("/about?utm_source=x")) is None
    assert stored_page("/about") is None
    assert from_cache(client.get("/about")) == "False"


def test_never_a_post(client):
    client.get("/about")
    response = client.post("/about")
    assert response.status_code == 200
    assert from_cache(response) is None


def test_never_an_error_page(client):
    for _ in range(2):
        response = client.get("/broken")
        assert response.status_code == 500
        assert from_cache(response) is None
    assert stored_page("/broken") is None


def test_never_a_403_page(client):
    for _ in range(2):
        response = client.get("/members")
        assert response.status_code == 403
        assert from_cache(response) is None


# --- invalidation ----------------------------------------------------------------------------


def test_404_is_never_stored_and_a_saved_web_page_is_served_at_once(client, commit):
    assert (client.get("/launch").status_code, from_cache(client.get("/launch"))) == (404, "False")
    assert stored_page("/launch") is None
    with commit():
        WebPage.objects.create(title="Launch", route="launch", main_section="We launched")
    response = client.get("/launch")
    assert response.status_code == 200
    assert "We launched" in response.content.decode()
    assert from_cache(response) == "False"


def test_a_404_is_fixed_as_soon_as_a_redirect_is_saved(client, commit):
    client.get("/gone")
    assert from_cache(client.get("/gone")) == "False"
    with commit():
        WebsiteRedirect.objects.create(source="gone", target="/about")
    response = client.get("/gone")
    assert (response.status_code, response["Location"]) == (301, "/about")


def test_cached_page_changes_when_the_web_page_is_edited_or_unpublished(client, commit):
    with commit():
        page = WebPage.objects.create(title="News", route="news", main_section="first edition")
    client.get("/news")
    assert from_cache(client.get("/news")) == "True"
    with commit():
        page.main_section = "second edition"
        page.save()
    assert "second edition" in client.get("/news").content.decode()
    with commit():
        page.published = False
        page.save()
    assert client.get("/news").status_code == 404


def test_website_settings_change_invalidates_cached_pages(client, commit):
    client.get("/about")
    with commit():
        WebsiteSettings(title_prefix="Acme").save()
    response = client.get("/about")
    assert from_cache(response) == "False"
    assert "<title>Acme | About Router</title>" in response.content.decode()


def test_invalidation_waits_for_the_commit(client, django_capture_on_commit_callbacks):
    client.get("/pending")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        WebPage.objects.create(title="Pending", route="pending", main_section="now visible")
    # not committed yet: other processes must not rebuild from rows that may still roll back
    assert client.get("/pending").status_code == 404
    for callback in callbacks:
        callback()
    assert client.get("/pending").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_bumps_the_shared_versions(client):
    before = get_version(route_topic("committed")), get_version(model_topic(WebPage))
    client.get("/committed")
    WebPage.objects.create(title="Committed", route="committed", main_section="committed page")
    after = get_version(route_topic("committed")), get_version(model_topic(WebPage))
    assert after[0] > before[0] and after[1] > before[1]
    assert client.get("/committed").status_code == 200


def test_invalidation_by_another_process_is_seen_through_the_shared_generation(client):
    """Another process saved a redirect row: all this process can see is the row and the generation key."""
    assert from_cache(client.get("/elsewhere")) == "False"  # redirect table compiled here
    # The other process: a row written without this process's signal handlers ...
    WebsiteRedirect.objects.bulk_create([WebsiteRedirect(source="elsewhere", target="/contact")])
    assert client.get("/elsewhere").status_code == 404  # this process has no way to know yet
    # ... its bump of the redirects' version, and its on-commit drop of their copy in the shared cache.
    bump_in_transaction([model_topic(WebsiteRedirect)])
    publish(())
    response = client.get("/elsewhere")
    assert (response.status_code, response["Location"]) == (301, "/contact")


def test_web_page_saved_by_another_process(client, client_alice):
    # warm this process: a cached 404 for guests, and the memo of "no document at this route"
    assert client.get("/remote").status_code == 404
    assert client_alice.get("/remote").status_code == 404  # logged in: never the page cache
    WebPage.objects.bulk_create([WebPage(title="Remote", route="remote", main_section="saved elsewhere")])
    assert client.get("/remote").status_code == 404
    from django_frappe_web.signals import write_topics

    bump_in_transaction(write_topics(WebPage, WebPage.objects.get(route="remote")))  # the other process's bump ...
    publish(())  # ... and its on-commit drop of the copies
    for visitor in (client, client_alice):
        response = visitor.get("/remote")
        assert response.status_code == 200
        assert "saved elsewhere" in response.content.decode()


def test_generation_survives_a_lost_key(client, settings):
    """The cache holds only a copy of the generation (issue 10): losing it loses no page."""
    settings.FRAPPE_WEB = {**settings.FRAPPE_WEB, "PAGE_VERSION_CHANNEL": False}  # the shared copy alone
    client.get("/about")
    cache().delete(generation_key())  # evicted, or expired
    assert from_cache(client.get("/about")) == "True"  # the same generation, read from the database
    assert cache().get(generation_key()) is not None
    assert from_cache(client.get("/about")) == "True"


# --- the keys in the backend -----------------------------------------------------------------


def test_page_and_generation_keys_are_in_the_cache_backend(client):
    response = client.get("/about")
    assert isinstance(page_cache.get_generation(), int) and generation.copies()[1] == page_cache.get_generation()
    entry = stored_page("/about")
    assert isinstance(entry, page_cache.CachedPage)
    assert entry.status == 200
    # stored with the visitor's values as placeholders (visitor_values.py), served with a guest's
    assert entry.content.replace(placeholder("user").encode(), b"Guest") == response.content
    assert ("Content-Type", "text/html; charset=utf-8") in entry.headers
    assert all(name.lower() != "x-from-cache" for name, _ in entry.headers)

    assert client.get("/not-here").status_code == 404
    assert stored_page("/not-here") is None  # 404s are never stored


def test_a_bumped_generation_leaves_old_entries_unreachable(client):
    client.get("/about")
    old_key = page_cache.page_key(RequestFactory().get("/about"), "/about")
    assert cache().get(old_key) is not None
    page_cache.bump_generation()
    assert from_cache(client.get("/about")) == "False"  # the stored page's site version is old


@pytest.mark.redis
def test_keys_are_real_redis_keys(client):
    client.get("/about")
    keys = cache().keys(f"{web_settings.CACHE_KEY_PREFIX}:website:*")
    request = RequestFactory().get("/about")
    assert page_cache.page_key(request, "/about") in keys
    assert generation_key() in keys
    assert cache().ttl(page_cache.page_key(request, "/about")) <= 1800
    # Trusted for a few seconds (each entry says when it was read); kept a day for a database outage.
    assert 3600 < cache().ttl(generation_key()) <= generation.OUTAGE_COPY_TIMEOUT


@pytest.mark.django_db
def test_migrate_drops_cached_pages_for_every_process():
    """A deploy runs migrate: settings, hooks, www files or templates may have changed."""
    from django.core.management.sql import emit_post_migrate_signal

    from django_frappe_web.website.page_cache import get_generation

    before = get_generation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert get_generation() != before


# --- per-visitor state the cache must not mix up ----------------------------------------------


def test_never_a_page_that_read_empty_session_data(client, tmp_path):
    """A page showing ``frappe.session.data`` depends on the visitor, even when this one has none."""
    (tmp_path / "cart.html").write_text("<h1>Cart</h1><p id='cart'>{{ frappe.session.data.cart|default:'empty' }}</p>")
    with site(WWW_DIRS=[str(tmp_path)]):
        first = client.get("/cart")  # a guest with nothing in the session
        assert "empty" in first.content.decode()
        assert stored_page("/cart") is None
        other = Client()
        session = other.session
        session[web_settings.SESSION_DATA_KEY] = {"cart": "3 apples"}
        session.save()
        response = other.get("/cart")
        assert "3 apples" in response.content.decode()


def test_languages_do_not_share_cached_pages(client, tmp_path):
    """With LocaleMiddleware a guest's page is in their language: the cache keys it by language (as Frappe)."""
    (tmp_path / "hello.html").write_text("<h1>Hello</h1><p id='lang'>{{ frappe.lang }}</p>")
    middleware = [*settings.MIDDLEWARE]
    middleware.insert(middleware.index("django.middleware.common.CommonMiddleware"),
                      "django.middleware.locale.LocaleMiddleware")
    with site(WWW_DIRS=[str(tmp_path)]), override_settings(
        MIDDLEWARE=middleware, LANGUAGES=[("en", "English"), ("fr", "French")], LANGUAGE_CODE="en",
    ):
        french = client.get("/hello", HTTP_ACCEPT_LANGUAGE="fr")
        assert "<p id='lang'>fr</p>" in french.content.decode()
        english = client.get("/hello", HTTP_ACCEPT_LANGUAGE="en")
        assert from_cache(english) == "False"
        assert "<p id='lang'>en</p>" in english.content.decode()
        assert from_cache(client.get("/hello", HTTP_ACCEPT_LANGUAGE="fr")) == "True"


def test_a_pages_key_follows_the_cache_key_prefix():
    request = RequestFactory().get("/about")
    first = page_cache.page_key(request, "/about")
    assert first.startswith(f"{web_settings.CACHE_KEY_PREFIX}:website:")
    with override_settings(FRAPPE_WEB={**getattr(settings, "FRAPPE_WEB", {}), "CACHE_KEY_PREFIX": "other-site"}):
        second = page_cache.page_key(RequestFactory().get("/about"), "/about")
    assert second.startswith("other-site:website:") and second.split(":")[-1] == first.split(":")[-1]
