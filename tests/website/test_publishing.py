"""Publishing a Web Page: start and end dates the page cache honours, drafts that leave the live
page alone, signed preview links rendering a draft uncached, revisions kept per save with revert."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from django_frappe_web.models import WebPage, WebPageBlock, WebPageRevision
from django_frappe_web.settings import web_settings
from django_frappe_web.website import page_cache
from django_frappe_web.website.publishing import preview_url, record_revision
from tests.website.doc_pages import message, text

pytestmark = pytest.mark.django_db


def soon(seconds: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def wait_until(moment: datetime.datetime) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


# --- start and end dates -----------------------------------------------------------------


def test_a_page_appears_at_its_start_date_without_a_cache_clear(client):
    start = soon(3.0)  # room for the steps before it on a loaded machine
    WebPage.objects.create(title="Launch", route="launch", main_section="We are live", start_date=start)
    assert client.get("/launch").status_code == 404
    assert client.get("/launch").status_code == 404  # a 404 is never cached
    wait_until(start)
    response = client.get("/launch")
    assert response.status_code == 200 and "We are live" in text(response)


def test_a_cached_page_disappears_at_its_end_date_without_a_cache_clear(client):
    end = soon(3.0)  # room for the steps before it on a loaded machine
    WebPage.objects.create(title="Sale", route="sale", main_section="Half price", end_date=end)
    assert client.get("/sale")["X-From-Cache"] == "False"
    cached = client.get("/sale")
    assert cached["X-From-Cache"] == "True" and "Half price" in text(cached)
    wait_until(end)
    assert client.get("/sale").status_code == 404


def test_a_cached_page_carries_its_end_date_and_is_kept_no_longer(client):
    end = soon(60)
    WebPage.objects.create(title="Sale", route="sale", main_section="x", end_date=end)
    WebPage.objects.create(title="Plain", route="plain", main_section="x")
    request = Client().get("/sale").wsgi_request
    stored = caches[web_settings.CACHE_ALIAS].get(page_cache.page_key(request, "/sale"))
    assert stored.expires_at == pytest.approx(end.timestamp())
    request = Client().get("/plain").wsgi_request
    assert caches[web_settings.CACHE_ALIAS].get(page_cache.page_key(request, "/plain")).expires_at is None


def test_a_page_past_its_end_date_is_a_404_and_a_page_not_yet_started_too(client):
    WebPage.objects.create(title="Old", route="old", main_section="x", end_date=soon(-60))
    WebPage.objects.create(title="Later", route="later", main_section="x", start_date=soon(3600))
    assert client.get("/old").status_code == 404 and client.get("/later").status_code == 404


def test_an_end_date_before_the_start_date_is_refused():
    page = WebPage(title="x", route="x", start_date=soon(60), end_date=soon(30))
    with pytest.raises(Exception, match="end date must come after"):
        page.full_clean()


def test_a_scheduled_page_runs_no_query_once_warm(client, django_assert_num_queries):
    WebPage.objects.create(title="Sale", route="sale", main_section="x", start_date=soon(-60), end_date=soon(3600))
    with override_settings(FRAPPE_WEB={"PAGE_CACHE_TIMEOUT": 0}):
        client.get("/sale")
        with django_assert_num_queries(0):
            assert client.get("/sale").status_code == 200


# --- drafts, previews and revisions in the admin ---------------------------------------------


@pytest.fixture
def staff(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def change_form(page, **values) -> dict:
    data = {"title": page.title, "route": page.route, "content_type": "markdown", "main_section": page.main_section,
            "published": "on", "description": "", "meta_image": "", "start_date_0": "", "start_date_1": "",
            "end_date_0": "", "end_date_1": "", "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
            "blocks-MIN_NUM_FORMS": "0", "blocks-MAX_NUM_FORMS": "1000",
            "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"}
    data.update(values)
    return data


def change_url(page) -> str:
    return f"/admin/django_frappe_web/webpage/{page.pk}/change/"


def preview_link(response) -> str:
    found = re.search(r'href="(/_preview/[^"]+)"', text(response))
    assert found, text(response)[:3000]
    return found.group(1)


def test_a_draft_leaves_the_live_page_alone_until_published(staff, client, commit):
    with commit():
        page = WebPage.objects.create(title="About", route="about-us", main_section="Old words")
    client.get("/about-us")
    with commit():
        response = staff.post(change_url(page), change_form(page, main_section="New words", _save_draft="1"), follow=True)
    assert response.status_code == 200 and "Saved as a draft" in text(response)
    live = client.get("/about-us")
    assert "Old words" in text(live) and live["X-From-Cache"] == "True"
    page.refresh_from_db()
    assert page.main_section == "Old words"
    draft = WebPageRevision.objects.get(page=page)
    assert draft.published is False and draft.data["fields"]["main_section"] == "New words"

    preview = client.get(preview_link(response))  # anyone with the signed link, a guest here
    assert preview.status_code == 200 and "New words" in text(preview) and "Old words" not in text(preview)
    assert preview["Cache-Control"] == "private, no-store" and "X-From-Cache" not in preview
    assert "Old words" in text(client.get("/about-us"))

    with commit():
        published = staff.post("/admin/django_frappe_web/webpagerevision/", {
            "action": "publish_revision", "_selected_action": [draft.pk]}, follow=True)
    assert "the page shows it now" in text(published)
    assert "New words" in text(client.get("/about-us"))
    assert list(WebPageRevision.objects.filter(page=page).values_list("published", flat=True)) == [True, False]


def test_each_save_keeps_a_revision_and_an_old_one_can_be_restored_with_its_blocks(staff, client, commit):
    with commit():
        staff.post("/admin/django_frappe_web/webpage/add/", change_form(
            WebPage(title="Home", route="start", main_section="First"), **{
                "blocks-TOTAL_FORMS": "1", "blocks-0-web_template": "hero",
                "blocks-0-values": '{"title": "First hero"}', "blocks-0-ordering": "0"}))
    page = WebPage.objects.get(route="start")
    first = WebPageRevision.objects.get(page=page)
    block = page.blocks.get()
    with commit():
        response = staff.post(change_url(page), change_form(page, main_section="Second", **{
            "blocks-TOTAL_FORMS": "1", "blocks-INITIAL_FORMS": "1", "blocks-0-id": str(block.pk),
            "blocks-0-page": str(page.pk), "blocks-0-web_template": "hero", "blocks-0-values": '{"title": "Second hero"}',
            "blocks-0-ordering": "0"}))
    assert response.status_code == 302
    assert "Second hero" in text(client.get("/start"))
    assert WebPageRevision.objects.filter(page=page, published=True).count() == 2
    with commit():
        staff.post("/admin/django_frappe_web/webpagerevision/", {"action": "publish_revision", "_selected_action": [first.pk]})
    body = text(client.get("/start"))
    assert "First" in body and "First hero" in body and "Second" not in body
    assert WebPageBlock.objects.filter(page=page).count() == 1


def test_a_preview_of_an_unpublished_page_renders_in_the_site_layout(client):
    page = WebPage.objects.create(title="Secret", route="secret", main_section="Not yet", published=False)
    revision = record_revision(page, published=False)
    assert client.get("/secret").status_code == 404
    response = client.get(preview_url(revision))
    assert response.status_code == 200 and "Not yet" in text(response) and "<html" in text(response)
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("mangle", [
    lambda url: url[:-2] + ("AA" if not url.endswith("AA") else "BB"),
    lambda url: url.replace("/_preview/", "/_preview/x"),
    lambda url: "/_preview/" + "a" * 10_000,
    lambda url: "/_preview/..",
])
def test_a_tampered_preview_link_is_a_404_page(client, mangle):
    page = WebPage.objects.create(title="About", route="about-us", main_section="Draft words")
    response = client.get(mangle(preview_url(record_revision(page, published=False))))
    assert response.status_code == 404 and "Draft words" not in text(response)


def test_an_expired_preview_link_is_a_404_page_saying_so(client):
    page = WebPage.objects.create(title="About", route="about-us", main_section="Draft words")
    url = preview_url(record_revision(page, published=False))
    with override_settings(FRAPPE_WEB={"PREVIEW_MAX_AGE": -1}):
        response = client.get(url)
    assert response.status_code == 404 and "invalid or has expired" in message(response)
    assert response["Cache-Control"] == "private, no-store"


def test_a_preview_only_answers_get_and_head(client):
    page = WebPage.objects.create(title="About", route="about-us", main_section="x")
    assert client.post(preview_url(record_revision(page, published=False))).status_code == 405


def test_the_sitemap_lists_only_live_pages(client):
    WebPage.objects.create(title="Live", route="live-page", main_section="x", end_date=soon(3600))
    WebPage.objects.create(title="Later", route="later-page", main_section="x", start_date=soon(3600))
    WebPage.objects.create(title="Over", route="over-page", main_section="x", end_date=soon(-60))
    body = text(client.get("/sitemap.xml"))
    assert "/live-page<" in body and "later-page" not in body and "over-page" not in body


@pytest.mark.parametrize("schedule", [{"start_date": 3600}, {"end_date": -3600}])
def test_a_page_off_its_schedule_is_hidden_from_guests_everywhere(client, schedule):
    dates = {field: timezone.now() + datetime.timedelta(seconds=offset) for field, offset in schedule.items()}
    if "end_date" in dates:
        dates["start_date"] = dates["end_date"] - datetime.timedelta(days=1)
    WebPage.objects.create(title="Launch price", route="launch", main_section="SECRET PRICE 42", **dates)
    WebPage.objects.create(title="Plain page", route="plain", main_section="x")
    assert client.get("/launch").status_code == 404
    assert client.get("/api/resource/Web Page/launch").status_code in (403, 404)
    listed = client.get("/api/resource/Web Page").json()["data"]
    assert [row["name"] for row in listed] == ["plain"]
    listing = text(client.get("/Web Page"))
    assert "Plain page" in listing and "Launch price" not in listing


def test_staff_with_the_read_permission_still_see_a_scheduled_page_in_the_api(staff_user, client):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="view_webpage"))
    WebPage.objects.create(title="Launch", route="launch", main_section="x", start_date=soon(3600))
    client.force_login(staff_user)
    assert client.get("/api/resource/Web Page/launch").status_code == 200
    assert client.get("/launch").status_code == 404  # the website shows it only once live (a preview before)


def test_a_preview_serves_the_css_and_js_of_the_revision_it_shows(client):
    page = WebPage.objects.create(title="About", route="about-us", main_section="x", css="p{color:red}", javascript="var live=1;")
    page.css, page.javascript = "p{color:blue}", "var draft=1;"
    url = preview_url(record_revision(page, published=False))  # a draft: the row keeps the live assets
    page.refresh_from_db()
    preview = client.get(url)
    assets = [link for link in re.findall(r'(?:href|src)="([^"]+)"', text(preview)) if "/assets/" in link]
    assert len(assets) == 2
    served = {link.rsplit(".", 1)[1]: client.get(link) for link in assets}
    assert served["css"].status_code == 200 and served["css"].content == b"p{color:blue}"
    assert served["js"].content == b"var draft=1;" and served["css"]["Cache-Control"] == "private, no-store"
    live = [link for link in re.findall(r'(?:href|src)="([^"]+)"', text(client.get("/about-us"))) if "/_page_assets/" in link]
    assert sorted(client.get(link).content for link in live) == [b"p{color:red}", b"var live=1;"]
    assert client.get(assets[0].replace("/_preview/", "/_preview/x")).status_code == 404  # a tampered link
    assert client.get(assets[0][:-20] + "0" * 16 + assets[0][-4:]).status_code == 404  # another key


def test_an_unpublished_pages_preview_has_its_css(client):
    page = WebPage.objects.create(title="Secret", route="secret", main_section="x", css="p{color:green}", published=False)
    preview = client.get(preview_url(record_revision(page, published=False)))
    css = [link for link in re.findall(r'href="([^"]+)"', text(preview)) if link.endswith(".css") and "/assets/" in link]
    assert [client.get(link).content for link in css] == [b"p{color:green}"]
