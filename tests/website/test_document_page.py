"""Document pages: published documents of web-view doctypes at their route, their templates and
context, who may see them (404, never 403), routes made from titles, invalidation of the old and
new route in this process and in others, and the sitemap.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from django_frappe_web.website.slugs import slugify_title, unique_route
from tests.website.doc_pages import *  # noqa: F403 - fixtures and helpers
from tests.website.doc_pages import (
    ROLES,
    Article,
    doctype_options,
    main,
    make_article,
    no_page_cache,
    templates_with_dir,
    text,
    write_template,
)

pytestmark = pytest.mark.django_db


def from_cache(response) -> str | None:
    return response.headers.get("X-From-Cache")


# --- rendering -----------------------------------------------------------------------------


def test_published_document_is_a_generic_page_listing_its_fields(client, news):
    make_article("hello", title="Hello <World>", status="review", body="First line", category=news, views=7)
    response = client.get("/articles/hello")
    assert response.status_code == 200
    body = main(response)
    assert "<h1>Hello &lt;World&gt;</h1>" in body  # escaped
    assert "<dt>Status</dt><dd>Review</dd>" in body  # the choice's label
    assert "<dt>Category</dt><dd>News</dd>" in body  # the linked document's name
    assert "<dt>Views</dt><dd>7</dd>" in body
    assert "<dt>Published</dt><dd>Yes</dd>" in body
    assert "<dt>Rating</dt>" not in body  # empty fields are left out
    assert "<dt>ID</dt>" not in body  # so is the automatic primary key
    assert "<dt>Modified</dt>" not in body and "<dt>Creation</dt>" not in body  # and the standard fields
    assert "<title>Hello &lt;World&gt;</title>" in text(response)


def test_who_wrote_a_document_is_not_shown_on_its_generic_page(client, superuser):
    make_article("hello", owner=superuser, modified_by=superuser)
    body = main(client.get("/articles/hello"))
    assert "<dt>Owner</dt>" not in body and "admin" not in body


def test_every_spelling_of_the_route_is_the_same_page(client):
    make_article("hello")
    for path in ("/articles/hello", "/articles/hello/", "/articles/hello.html"):
        assert client.get(path).status_code == 200


def test_project_detail_template_is_used_when_it_exists(client, tmp_path, news):
    write_template(tmp_path, "testapp/article_detail.html",
                   '{% extends "frappe_web/base.html" %}{% block content %}'
                   "<p>custom {{ doc.title }} / {{ object.slug }} / {{ doc.category }} / {{ doctype.name }}</p>"
                   "{% endblock %}")
    make_article("hello", title="Hi", category=news)
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        response = client.get("/articles/hello")
    assert main(response) == "<p>custom Hi / hello / News / Article</p>"


def test_model_get_context_adds_to_the_context(client, tmp_path, monkeypatch):
    def get_context(self, context):
        context["title"] = f"{self.title} (edited)"
        return {"extra": f"extra for {context['doc'].name}"}

    monkeypatch.setattr(Article, "get_context", get_context, raising=False)
    write_template(tmp_path, "testapp/article_detail.html",
                   '{% extends "frappe_web/base.html" %}{% block content %}{{ title }}|{{ extra }}{% endblock %}')
    make_article("hello", title="Hi")
    with override_settings(TEMPLATES=templates_with_dir(tmp_path)):
        response = client.get("/articles/hello")
    assert main(response) == "Hi (edited)|extra for hello"
    assert "<title>Hi (edited)</title>" in text(response)


def test_get_context_no_cache_keeps_the_page_out_of_the_cache(client, monkeypatch):
    monkeypatch.setattr(Article, "get_context", lambda self, context: {"no_cache": True}, raising=False)
    make_article("hello")
    assert "X-From-Cache" not in client.get("/articles/hello")
    assert "X-From-Cache" not in client.get("/articles/hello")


def test_breadcrumbs_lead_to_the_doctypes_list_page(client):
    make_article("hello", route="news/hello")
    with doctype_options(list_route="news"):
        response = client.get("/news/hello")
    assert ('<nav class="breadcrumbs" aria-label="breadcrumb"><a href="/">Home</a> / '
            '<a href="/news">Articles</a></nav>') in text(response)


# --- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_published_document_of_a_guest_viewable_doctype_is_seen_by_everyone(client_as, role):
    make_article("hello", title="Hello")
    response = client_as(role).get("/articles/hello")
    assert response.status_code == 200
    assert "<h1>Hello</h1>" in main(response)


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_document_is_404_for_everyone(client_as, role):
    make_article("draft", title="Secret draft", published=False)
    response = client_as(role).get("/articles/draft")
    assert response.status_code == 404
    assert "Secret draft" not in text(response)


@pytest.mark.parametrize(("role", "status"), [("guest", 404), ("user", 404), ("viewer", 200), ("superuser", 200)])
def test_doctype_without_guest_view_needs_the_view_permission_else_404_not_403(client_as, role, status):
    make_article("members", title="Members only")
    with doctype_options(allow_guest_to_view=False):
        response = client_as(role).get("/articles/members")
    assert response.status_code == status
    assert ("Members only" in text(response)) is (status == 200)
    assert "Not permitted" not in text(response)  # existence does not leak as a 403


# --- queries -------------------------------------------------------------------------------


def test_a_warm_document_page_runs_no_query(client):
    """The route table and the row (links joined) are memoised per version of what the page shows."""
    make_article("hello")
    with no_page_cache():
        with CaptureQueriesContext(connection) as first:
            client.get("/articles/hello")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/articles/hello")
    assert response.status_code == 200 and "hello" in text(response).lower()
    assert len(queries) == 0, [q["sql"] for q in queries]
    by_pk = [q["sql"] for q in first if '"testapp_article"."id" =' in q["sql"]]
    assert len(by_pk) == 1 and "testapp_category" in by_pk[0]  # read once, by pk, links joined


def test_a_memoised_row_is_read_again_after_a_write_to_its_model(client, commit):
    article = make_article("hello", title="First title")
    with no_page_cache():
        assert "First title" in text(client.get("/articles/hello"))
        with commit():
            article.title = "Second title"
            article.save()
        assert "Second title" in text(client.get("/articles/hello"))


def test_a_new_route_is_found_in_the_memoised_route_tables(client):
    make_article("hello", route="hello")  # top level: no parent route to look up for breadcrumbs
    with no_page_cache():
        client.get("/about-nothing")  # route tables and site settings memoised
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/hello")
    assert response.status_code == 200
    # No lookup by route: only the document's row, by its primary key.
    lookups = [q["sql"] for q in queries if '"django_frappe_web_webpage"' in q["sql"] or '"testapp_article"' in q["sql"]]
    assert len(lookups) == 1 and '"testapp_article"."id" =' in lookups[0], "\n".join(lookups)


def test_a_doctype_over_the_route_table_limit_is_looked_up_per_route(client, monkeypatch):
    from django_frappe_web.website import documents

    monkeypatch.setattr(documents, "ROUTE_TABLE_LIMIT", 1)
    make_article("one", route="one")
    make_article("two", route="two")
    with no_page_cache():
        assert client.get("/two").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/three").status_code == 404
            assert client.get("/three").status_code == 404
    by_route = [q["sql"] for q in queries if '"route" = \'three\'' in q["sql"]]
    assert len(by_route) == 1  # the miss is memoised per version of its route


def test_route_column_of_the_test_doctype_is_indexed():
    assert Article._meta.get_field("route").db_index


def test_paths_that_are_not_documents_cost_no_query_when_warm(client):
    with no_page_cache():
        client.get("/nothing-here")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/nothing-here").status_code == 404
    assert len(queries) == 0


# --- routes from titles --------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("Hello World", "hello-world"),
    ("  Hello,   World!  ", "hello-world"),
    ("snake_case_title", "snake-case-title"),
    ("Part 1: The Start/End", "part-1-the-start-end"),
    ("C++ & C# -- compared?", "c-c-compared"),
    ("Café déjà vu", "café-déjà-vu"),
    ("'Quotes' and \"more\"", "quotes-and-more"),
    ("...", ""),
])
def test_slug_rules(title, slug):
    assert slugify_title(title) == slug


def test_slug_is_cut_to_the_limit_without_a_trailing_hyphen():
    assert slugify_title("word " * 100, max_length=14) == "word-word-word"


def test_empty_route_is_filled_from_the_title_when_the_doctype_asks(commit):
    with doctype_options(auto_route_from_title=True):
        first = make_article("a", title="Hello World", route="")
        second = make_article("b", title="Hello, world!", route="")
        third = make_article("c", title="hello_world", route="")
        kept = make_article("d", title="Hello World", route="custom/route")
    assert (first.route, second.route, third.route, kept.route) == ("hello-world", "hello-world-1", "hello-world-2",
                                                                    "custom/route")


def test_resaving_keeps_the_route_and_a_cleared_route_is_made_again(commit):
    with doctype_options(auto_route_from_title=True):
        article = make_article("a", title="Hello World", route="")
        article.body = "changed"
        article.save()
        assert article.route == "hello-world"
        article.route = ""
        article.save()  # its own old route does not count as taken
        assert article.route == "hello-world"


def test_routes_are_not_made_unless_the_doctype_asks():
    assert make_article("a", title="Hello World", route="").route == ""


def test_auto_route_makes_a_page(client, commit):
    with doctype_options(auto_route_from_title=True):
        with commit():
            make_article("a", title="Fresh Post", route="")
        assert client.get("/fresh-post").status_code == 200


def test_unique_route_counts_past_taken_suffixes():
    make_article("a", route="post")
    make_article("b", route="post-1")
    make_article("c", route="post-3")
    assert unique_route(Article.objects.all(), "route", "post") == "post-2"
    assert unique_route(Article.objects.all(), "route", "fresh") == "fresh"


# --- invalidation --------------------------------------------------------------------------


def test_changing_a_route_invalidates_the_old_and_the_new_route(client, commit):
    with commit():
        article = make_article("moving", title="Moving", route="old-place")
    assert from_cache(client.get("/old-place")) == "False"
    assert from_cache(client.get("/old-place")) == "True"
    assert client.get("/new-place").status_code == 404
    assert from_cache(client.get("/new-place")) == "False"  # a 404 is never stored
    with commit():
        article.route = "new-place"
        article.save()
    assert client.get("/old-place").status_code == 301  # no longer its cached page: the redirect the move left
    response = client.get("/new-place")
    assert response.status_code == 200 and "Moving" in text(response)


def test_editing_unpublishing_and_deleting_invalidate_the_page(client, commit):
    with commit():
        article = make_article("live", title="Version one")
    assert "Version one" in text(client.get("/articles/live"))
    with commit():
        article.title = "Version two"
        article.save()
    assert "Version two" in text(client.get("/articles/live"))
    with commit():
        article.published = False
        article.save()
    assert client.get("/articles/live").status_code == 404
    with commit():
        article.published = True
        article.save()
    assert client.get("/articles/live").status_code == 200
    with commit():
        article.delete()
    assert client.get("/articles/live").status_code == 404


def test_another_process_changing_a_route_is_seen_through_the_shared_generation(client, commit):
    """All this process can see of another one is the rows and the generation key in the shared cache."""
    with commit():
        make_article("moving", title="Moving", route="old-place")
    assert client.get("/old-place").status_code == 200
    assert client.get("/new-place").status_code == 404  # memoised miss and cached 404
    # The other process: the row changed without this process's signal handlers ...
    Article.objects.filter(slug="moving").update(route="new-place")
    assert client.get("/old-place").status_code == 200  # nothing told this process yet
    # ... then its bump of the versions it changed, and its on-commit drop of the shared copies.
    from django_frappe_web.signals import write_topics
    from django_frappe_web.website.generation import bump_in_transaction, publish

    bump_in_transaction(write_topics(Article, Article.objects.get(slug="moving")))
    publish(())  # drops the shared copies
    assert client.get("/old-place").status_code == 404
    assert client.get("/new-place").status_code == 200


def test_saving_a_document_invalidates_the_list_pages(client, commit):
    with commit():
        make_article("first", title="First")
    assert "First" in text(client.get("/Article"))
    assert from_cache(client.get("/Article")) == "True"
    with commit():
        make_article("second", title="Second")
    response = client.get("/Article")
    assert from_cache(response) == "False" and "Second" in text(response)


# --- sitemap -------------------------------------------------------------------------------


def test_sitemap_lists_published_documents_of_guest_viewable_doctypes_only(client):
    make_article("live", route="articles/live")
    make_article("draft", route="articles/draft", published=False)
    body = text(client.get("/sitemap.xml"))
    assert "http://testserver/articles/live" in body
    assert "articles/draft" not in body
    with doctype_options(allow_guest_to_view=False):
        assert "articles/live" not in text(client.get("/sitemap.xml"))
