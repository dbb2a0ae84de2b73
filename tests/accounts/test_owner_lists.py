"""Owner-scoped doctypes (``owner_scoped``): the list page is "my documents", a document of
someone else is a 404, guests are sent to log in, nothing is cached; ``get_list_context`` and
``get_list_queryset`` change the list as Frappe's portal lists do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import override_settings

from django_frappe_web.exceptions import PermissionError as FrappePermissionError
from django_frappe_web.query import DatabaseQuery
from tests.accounts.conftest import text
from tests.testapp.models import Article, Category
from tests.website.doc_pages import doctype_options

CACHE_ON = {"PAGE_CACHE_TIMEOUT": 60}


@pytest.fixture
def articles(user, other_user):
    rows = {}
    for owner, slug, status in [(user, "alice-1", "draft"), (user, "alice-2", "done"), (other_user, "bob-1", "done")]:
        rows[slug] = Article.objects.create(title=slug.title(), slug=slug, route=f"my/{slug}", published=True,
                                            owner=owner, status=status)
    Article.objects.create(title="Nobody's", slug="nobody", route="my/nobody", published=True)
    return rows


@pytest.fixture
def scoped(articles):
    with override_settings(FRAPPE_WEB=CACHE_ON), doctype_options(owner_scoped=True, allow_guest_to_view=False) as doctype:
        yield doctype


def list_titles(response) -> list[str]:
    import re

    return re.findall(r'<td><a href="/my/[^"]+">([^<]+)</a></td>', text(response))


def test_a_guest_is_sent_to_log_in(client, scoped):
    response = client.get("/Article?status=done")
    assert (response.status_code, response["Location"]) == (302, "/login?redirect-to=/Article%3Fstatus%3Ddone")


def test_each_user_lists_only_their_own_documents(client, scoped, user, other_user):
    client.force_login(user)
    response = client.get("/Article")
    assert response.status_code == 200
    assert sorted(list_titles(response)) == ["Alice-1", "Alice-2"]
    assert "X-From-Cache" not in response
    client.force_login(other_user)
    assert list_titles(client.get("/Article")) == ["Bob-1"]


def test_filters_and_search_stay_within_the_users_documents(client, scoped, user):
    client.force_login(user)
    assert list_titles(client.get("/Article?status=done")) == ["Alice-2"]
    assert list_titles(client.get("/Article?txt=Bob")) == []


def test_staff_with_the_view_permission_also_list_only_their_own(client, scoped, other_user):
    other_user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(other_user)
    assert list_titles(client.get("/Article")) == ["Bob-1"]
    assert client.get("/my/alice-1").status_code == 200  # but may read any document


def test_a_document_page_is_its_owners_and_a_404_for_anyone_else(client, scoped, user, other_user):
    client.force_login(user)
    own = client.get("/my/alice-1")
    assert own.status_code == 200 and "Alice-1" in text(own)
    assert "X-From-Cache" not in own
    assert client.get("/my/bob-1").status_code == 404
    assert client.get("/my/nobody").status_code == 404
    client.logout()
    assert client.get("/my/alice-1").status_code == 404


def test_pages_of_owner_scoped_doctypes_are_never_served_from_the_cache(client, scoped, user, other_user):
    client.force_login(user)
    client.get("/my/alice-1")
    client.force_login(other_user)
    response = client.get("/my/alice-1")
    assert response.status_code == 404 and "X-From-Cache" not in response


def test_the_query_builder_reads_the_users_own_documents_too(scoped, user, other_user):
    # What frappe.get_list and /api/resource read (the API's viewsets are built once per process,
    # so this test asks the query builder the API uses rather than re-registering under it).
    query = DatabaseQuery(scoped)
    assert query.execute(fields=["name"], order_by="name asc", user=user) == [{"name": "alice-1"}, {"name": "alice-2"}]
    assert query.execute(fields=["name"], user=other_user) == [{"name": "bob-1"}]
    assert scoped.has_permission("read", user, Article.objects.get(slug="alice-1"))
    assert not scoped.has_permission("read", user, Article.objects.get(slug="bob-1"))
    with pytest.raises(FrappePermissionError):
        query.execute(fields=["name"], user=AnonymousUser())  # a guest owns nothing


def test_get_list_context_changes_title_template_rows_and_filters(client, articles, user):
    def get_list_context(self, context):
        assert context["user"] == user
        return {"title": "My articles", "row_template": "testapp/my_article_row.html", "filters": {"status": "done"},
                "introduction": "Only finished ones."}

    with doctype_options(owner_scoped=True, get_list_context=get_list_context):
        client.force_login(user)
        response = client.get("/Article")
    page = text(response)
    assert "<h1>My articles</h1>" in page
    assert '<article class="my-row"><a href="/my/alice-2">Alice-2</a> (alice-2)</article>' in page
    assert "Alice-1" not in page
    assert "Filtered by" not in page  # the doctype's filters are not the visitor's


def test_get_list_queryset_can_scope_by_another_rule(client, articles, user):
    news = Category.objects.create(name="News")
    Article.objects.filter(slug="bob-1").update(category=news)

    def get_list_queryset(self, who):
        return self.get_queryset().filter(category=news)

    with doctype_options(owner_scoped=True, allow_guest_to_view=False, get_list_queryset=get_list_queryset):
        client.force_login(user)
        assert list_titles(client.get("/Article")) == ["Bob-1"]
        assert client.get("/my/bob-1").status_code == 200
        assert client.get("/my/alice-1").status_code == 404
