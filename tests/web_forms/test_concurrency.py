"""A double click on a single-response form: two POSTs at once save one response (PostgreSQL row lock)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from django_frappe_web.document import Document
from tests.testapp.models import Article

from .conftest import VALID_ARTICLE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_save_one_response(survey_form, user, monkeypatch):
    save = Document.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.3)  # hold the lock while the other request arrives
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Document, "save", slow_save)
    barrier, statuses = threading.Barrier(2), []

    def submit(slug: str) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post("/survey/new", {**VALID_ARTICLE, "slug": slug}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(slug,)) for slug in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert Article.objects.count() == 1
