"""JSON as Frappe writes it, for every Accept header."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

import pytest
from django.utils import timezone

from django_frappe_web.api.renderers import FrappeJSONRenderer
from django_frappe_web.document import Document
from tests.testapp.models import Article


def render(data) -> dict:
    return json.loads(FrappeJSONRenderer().render(data))


def test_frappe_encodings():
    aware = timezone.make_aware(datetime.datetime(2024, 5, 6, 7, 8, 9, 10))
    assert render({"dt": aware, "d": datetime.date(2024, 5, 6), "t": datetime.time(7, 8), "dec": decimal.Decimal("1.5"),
                   "u": uuid.UUID(int=1), "td": datetime.timedelta(hours=1), "set": {1}}) == {
        "dt": "2024-05-06 07:08:09.000010", "d": "2024-05-06", "t": "07:08:00", "dec": 1.5,
        "u": "00000000-0000-0000-0000-000000000001", "td": "1:00:00", "set": [1]}


@pytest.mark.django_db
def test_documents_and_model_instances_render_as_documents(categories):
    article = Article.objects.create(title="T", slug="t", category=categories["News"])
    assert render({"doc": Document("Article", article)})["doc"]["category"] == "News"
    assert render({"row": article})["row"]["name"] == "t"


def test_unknown_objects_are_refused():
    with pytest.raises(TypeError):
        FrappeJSONRenderer().render({"x": object()})


@pytest.mark.django_db
def test_decimals_and_dates_over_the_wire(admin_api, articles):
    Article.objects.filter(slug="a1").update(rating=decimal.Decimal("4.5"))
    row = admin_api.get("/api/resource/Article", {"fields": '["rating", "published_on", "creation"]',
                                                  "filters": '{"name": "a1"}'}).json()["data"][0]
    assert row["rating"] == 4.5 and row["published_on"] == "2024-01-01"
    datetime.datetime.strptime(row["creation"], "%Y-%m-%d %H:%M:%S.%f")
