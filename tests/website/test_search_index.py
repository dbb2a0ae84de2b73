"""The site search follows saves and deletes: on PostgreSQL through the full-text index (kept by
signal handlers), on SQLite through the LIKE search of the documents themselves; the same
behaviour on both. PostgreSQL alone: ranking, language configurations, web-search operators."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from django_frappe_web.models import SearchEntry, WebPage
from django_frappe_web.website import fulltext
from django_frappe_web.website.search import search
from tests.testapp.models import Article
from tests.website.doc_pages import bulk_articles, make_article, text

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.postgres  # full-text search is PostgreSQL's


def found(client, query: str) -> str:
    response = client.get("/search", {"q": query})
    assert response.status_code == 200
    return text(response)


def routes(query: str, language: str = "en") -> list[str]:
    with translation.override(language):
        return [result.url for result in search(query, AnonymousUser())]


def test_a_saved_page_is_found_and_follows_its_changes(client):
    page = WebPage.objects.create(title="Garden", route="garden", main_section="Plant the aubergines early")
    assert 'href="/garden"' in found(client, "aubergines")
    page.main_section = "Plant the courgettes early"
    page.save()
    assert 'href="/garden"' not in found(client, "aubergines")
    assert 'href="/garden"' in found(client, "courgettes")
    page.published = False
    page.save()
    assert 'href="/garden"' not in found(client, "courgettes")
    page.published = True
    page.save()
    assert 'href="/garden"' in found(client, "courgettes")
    page.delete()
    assert 'href="/garden"' not in found(client, "courgettes")


def test_a_moved_document_is_found_at_its_new_route(client):
    article = make_article("mover", title="Quokka facts")
    article.route = "articles/quokkas"
    article.save()
    body = found(client, "quokka")
    assert 'href="/articles/quokkas"' in body and 'href="/articles/mover"' not in body


def test_html_in_documents_stays_text(client):
    WebPage.objects.create(title="<b>Zebra</b> <script>alert(1)</script>", route="zebra",
                           main_section='<img src=x onerror="alert(2)"> zebra stripes &amp; <i>more</i>')
    body = found(client, "zebra")
    assert 'href="/zebra"' in body
    assert "<script>alert(1)" not in body and "<b>" not in body and "onerror" not in body
    assert "&lt;b&gt;<mark>Zebra</mark>&lt;/b&gt;" in body


def test_writes_without_signals_are_found_after_rebuild_search_index(client):
    bulk_articles(3, prefix="wombat")
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert found(client, "wombat").count('class="search-result ') == 3


def test_many_results_cost_no_query_each(client, django_assert_max_num_queries):
    for number in range(30):
        make_article(f"many-{number}", title=f"Numbat {number}")
    WebPage.objects.create(title="Numbat page", route="numbat", main_section="x")
    client.get("/search?q=numbat")
    # Full text: the index, then Article and Web Page; LIKE: Article and Web Page.
    with django_assert_max_num_queries(3):
        body = found(client, "numbat")
    assert "31 results" in body


def test_permissions_are_those_of_the_documents(client, django_user_model):
    make_article("secret", title="Pangolin secret", published=False)
    make_article("open", title="Pangolin open")
    assert 'href="/articles/open"' in found(client, "pangolin") and "secret" not in found(client, "pangolin")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
    assert "secret" not in found(client, "pangolin")  # the website shows published documents only


@postgres_only
def test_the_index_has_one_entry_per_published_document():
    page = WebPage.objects.create(title="Kiwi", route="kiwi", main_section="x")
    page.save()
    make_article("hidden", title="Hidden kiwi", published=False)
    assert list(SearchEntry.objects.values_list("doctype", "object_id")) == [("Web Page", str(page.pk))]
    Article.objects.filter(slug="hidden").update(published=True)  # no signal: the index does not know
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert SearchEntry.objects.count() == 2


@postgres_only
def test_title_matches_rank_first():
    WebPage.objects.create(title="Other", route="a-once", main_section="one lemur here")
    WebPage.objects.create(title="Lemur", route="b-title", main_section="nothing else")
    WebPage.objects.create(title="Lemur too", route="c-both", main_section="a lemur here")
    assert routes("lemur") == ["/c-both", "/b-title", "/a-once"]  # not the LIKE search's route order


@postgres_only
def test_the_active_language_picks_the_configuration():
    WebPage.objects.create(title="Trail", route="trail", main_section="She runs every morning")
    WebPage.objects.create(title="Tiere", route="tiere", main_section="Katzen und Hunde")
    assert fulltext.query_config("en-us") == "english" and fulltext.query_config("de-at") == "german"
    assert fulltext.query_config("xx") == "simple"
    assert routes("running", "en") == ["/trail"] and routes("running", "xx") == []
    assert routes("Katze", "de") == ["/tiere"] and routes("Katze", "xx") == []
    with override_settings(FRAPPE_WEB={"SEARCH_CONFIGS": {"xx": "german"}}):
        call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
        assert routes("Katze", "xx") == ["/tiere"]


@postgres_only
def test_web_search_operators_work_and_sql_is_words():
    WebPage.objects.create(title="Red tomato sauce", route="sauce", main_section="x")
    WebPage.objects.create(title="Red tomato salad", route="salad", main_section="x")
    assert sorted(routes("tomato -sauce")) == ["/salad"]
    assert sorted(routes('"tomato salad"')) == ["/salad"]
    assert sorted(routes("sauce OR salad")) == ["/salad", "/sauce"]
    assert routes("tomato'; DROP TABLE django_frappe_web_searchentry; --") == []
    assert SearchEntry.objects.count() == 2


def test_the_fallback_is_the_like_search_when_full_text_is_off(client):
    with override_settings(FRAPPE_WEB={"SEARCH_FULL_TEXT": False}):
        assert not fulltext.enabled()
        page = WebPage.objects.create(title="Okapi", route="okapi", main_section="x")
        assert 'href="/okapi"' in found(client, "kap")  # LIKE finds parts of words
        page.delete()
    assert fulltext.enabled() == (connection.vendor == "postgresql")


@postgres_only
def test_a_save_costs_one_query_for_the_index_and_none_for_fields_it_does_not_read():
    article = make_article("counted", title="Capybara")
    with CaptureQueriesContext(connection) as saved:
        article.title = "Capybara club"
        article.save(update_fields=["title"])
    assert sum("searchentry" in query["sql"] for query in saved.captured_queries) == 1
    assert SearchEntry.objects.get().title == "Capybara club"
    with CaptureQueriesContext(connection) as saved:
        article.views = 3
        article.save(update_fields=["views"])
    assert not any("searchentry" in query["sql"] for query in saved.captured_queries)
