"""Paging: limit_start / limit_page_length / limit (v1), start / limit (v2), the cap, and no COUNT."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.testapp.models import Note

from .conftest import assert_frappe_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(db):
    Note.objects.bulk_create(Note(title=f"n{i:02}") for i in range(30))


def names(response):
    return [row["name"] for row in response.json()["data"]]


def ids(start, stop):
    first = Note.objects.order_by("pk").first().pk
    return list(range(first + start, first + stop))


def test_default_page_is_20(admin_api, notes):
    assert len(names(admin_api.get("/api/resource/Note"))) == 20


def test_limit_start_and_length(admin_api, notes):
    response = admin_api.get("/api/resource/Note", {"limit_start": "5", "limit_page_length": "3", "order_by": "name asc"})
    assert names(response) == ids(5, 8)


def test_limit_wins_over_limit_page_length(admin_api, notes):
    response = admin_api.get("/api/resource/Note", {"limit": "2", "limit_page_length": "10"})
    assert len(names(response)) == 2


def test_zero_returns_every_row_up_to_the_cap(admin_api, notes):
    assert len(names(admin_api.get("/api/resource/Note", {"limit_page_length": "0"}))) == 30


@override_settings(FRAPPE_WEB={"API_MAX_PAGE_LENGTH": 25})
def test_zero_with_more_rows_than_the_cap_is_417_not_a_silent_cut(admin_api, notes):
    response = admin_api.get("/api/resource/Note", {"limit_page_length": "0"})
    assert_frappe_error(response, 417, "InvalidQueryError", "More than 25 rows match: paginate")
    v2 = admin_api.get("/api/v2/document/Note", {"limit": "0"})
    assert v2.status_code == 417 and "paginate" in v2.json()["errors"][0]["message"]


@override_settings(FRAPPE_WEB={"API_MAX_PAGE_LENGTH": 25, "API_PAGE_LENGTH": 5})
def test_page_longer_than_the_cap_is_417_and_default_is_configurable(admin_api, notes):
    assert_frappe_error(admin_api.get("/api/resource/Note", {"limit_page_length": "26"}), 417, "InvalidQueryError",
                        "more than the 25 rows a page may have")
    assert len(names(admin_api.get("/api/resource/Note", {"limit_page_length": "25"}))) == 25
    assert len(names(admin_api.get("/api/resource/Note"))) == 5


@pytest.mark.parametrize("param", ["limit_page_length", "limit", "limit_start"])
@pytest.mark.parametrize("value", ["-1", "abc", str(10**12), "1.5", "1e3", " ", "0x10", "[1]", "1; drop table"])
def test_bad_limits_are_417(admin_api, notes, param, value):
    response = admin_api.get("/api/resource/Note", {param: value})
    if value == " ":  # blank means "not given", as Frappe's falsy check
        assert response.status_code == 200
    else:
        assert_frappe_error(response, 417, "InvalidQueryError")


def test_v2_start_limit_and_has_next_page(admin_api, notes):
    first = admin_api.get("/api/v2/document/Note", {"limit": "25", "order_by": "name asc"}).json()
    assert len(first["data"]) == 25 and first["has_next_page"] is True
    rest = admin_api.get("/api/v2/document/Note", {"start": "25", "limit": "25", "order_by": "name asc"}).json()
    assert [row["name"] for row in rest["data"]] == ids(25, 30) and rest["has_next_page"] is False


def test_start_beyond_the_end_is_empty(admin_api, notes):
    assert names(admin_api.get("/api/resource/Note", {"limit_start": "1000"})) == []
