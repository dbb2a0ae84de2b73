"""The 404 log: off by default, sampled and bounded when on, turned into redirects in the admin."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from django_frappe_web.models import NotFoundLog, WebsiteRedirect

pytestmark = pytest.mark.django_db


def log_settings(**values):
    return override_settings(FRAPPE_WEB={"NOT_FOUND_LOG": True, "NOT_FOUND_LOG_SAMPLE_RATE": 1.0, **values})


def test_off_by_default_a_404_writes_nothing(client, django_assert_num_queries):
    client.get("/warm-up")
    with django_assert_num_queries(0):
        assert client.get("/missing").status_code == 404
    assert not NotFoundLog.objects.exists()


def test_when_on_each_missing_path_is_counted(client):
    with log_settings():
        for _ in range(3):
            assert client.get("/old/page/").status_code == 404
        client.get("/other")
        client.post("/posted")  # only GET and HEAD are counted
    assert dict(NotFoundLog.objects.values_list("path", "count")) == {"old/page": 3, "other": 1}


def test_a_path_served_the_memoised_404_page_is_counted_too(client):
    with log_settings():
        first = client.get("/missing-one")
        second = client.get("/missing-two/deeper")
    assert first.status_code == second.status_code == 404
    assert first.templates and second.templates == []  # the second is the guests' memoised 404 page
    assert dict(NotFoundLog.objects.values_list("path", "count")) == {"missing-one": 1, "missing-two/deeper": 1}


def test_sampling_counts_each_write_as_its_share(client):
    with log_settings(NOT_FOUND_LOG_SAMPLE_RATE=0.5):
        for _ in range(200):
            client.get("/sampled")
    count = NotFoundLog.objects.get(path="sampled").count
    assert count % 2 == 0 and 100 <= count <= 300  # 2 per sampled visit; about 200


def test_the_log_is_bounded(client):
    with log_settings(NOT_FOUND_LOG_MAX_ROWS=3):
        for number in range(10):
            client.get(f"/crawl/{number}")
        client.get("/crawl/0")
    assert NotFoundLog.objects.count() == 3 and NotFoundLog.objects.get(path="crawl/0").count == 2


def test_staff_turn_frequent_404s_into_redirects(superuser):
    entry = NotFoundLog.objects.create(path="v1.0/old", count=40)
    staff = Client()
    staff.force_login(superuser)
    response = staff.post("/admin/django_frappe_web/notfoundlog/", {"action": "create_redirects", "_selected_action": [entry.pk]})
    assert response.status_code == 302 and "enabled__exact=0" in response["Location"]
    rule = WebsiteRedirect.objects.get()
    assert (rule.source, rule.target, rule.enabled) == (r"v1\.0/old", "/", False)
    assert not NotFoundLog.objects.exists()
