"""Double clicks: two POSTs at once save one response (PostgreSQL row locks) -- on a single-response form,
from one draft, with one single-use keyed link."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from django_frappe_web.document import Document
from django_frappe_web.models import WebFormDraft, WebFormRequest
from django_frappe_web.web_forms.drafts import DRAFT_FIELD
from django_frappe_web.web_forms.keyed_links import KEY_FIELD, new_key
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


def post_twice_at_once(user, path: str, datas: list[dict], monkeypatch) -> list[int]:
    """POST each of ``datas`` to ``path`` at the same moment, saves held 0.3 s; the statuses, sorted."""
    save = Document.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.3)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Document, "save", slow_save)
    barrier, statuses = threading.Barrier(len(datas)), []

    def submit(data: dict) -> None:
        try:
            client = Client()
            if user is not None:
                client.force_login(user)
            barrier.wait()
            statuses.append(client.post(path, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(data,)) for data in datas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(statuses)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_draft_submitted_twice_at_once_is_one_response(make_form, user, monkeypatch):
    web_form = make_form("later", login_required=True, allow_incomplete=True, show_list=True)
    draft = WebFormDraft.objects.create(web_form=web_form, owner=user, data={"title": ["Half"]})
    datas = [{**VALID_ARTICLE, "slug": slug, DRAFT_FIELD: str(draft.pk)} for slug in ("first", "second")]
    assert post_twice_at_once(user, "/later/new", datas, monkeypatch) == [200, 409]
    assert Article.objects.count() == 1 and WebFormDraft.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_single_use_link_posted_twice_at_once_is_one_response(article_form, monkeypatch):
    invite = WebFormRequest.objects.create(web_form=article_form, key=new_key(), hidden_values={"status": "review"})
    datas = [{**VALID_ARTICLE, "slug": slug, KEY_FIELD: invite.key} for slug in ("first", "second")]
    assert post_twice_at_once(None, "/articles/new", datas, monkeypatch) == [200, 410]
    invite.refresh_from_db()
    assert Article.objects.count() == 1 and invite.response_name == Article.objects.get().slug
