"""The query builder behind ``frappe.get_all`` / ``get_list`` and ``/api/resource``."""

from __future__ import annotations

import datetime
import decimal
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from django_frappe_web import doctypes
from django_frappe_web.exceptions import (
    DoesNotExistError,
    InvalidQueryError,
    PermissionError,
    ValidationError,
)
from django_frappe_web.local import init
from django_frappe_web.query import DatabaseQuery, PreparedQuery
from tests.testapp.models import Article, Category, Note

pytestmark = pytest.mark.django_db



def with_db_nulls(order: list, *nulls) -> list:
    """``order`` as SQLite and MariaDB give it, in this database's NULL order.

    Lists order NULLs as the database does (as Django's ``order_by`` does): smallest on SQLite and
    MariaDB (first ascending, last descending), largest on PostgreSQL, where the block of rows
    whose sort key is NULL (``nulls``) is therefore at the other end.
    """
    if not connection.features.nulls_order_largest:
        return order
    block = [item for item in order if item in nulls]
    rest = [item for item in order if item not in nulls]
    return rest + block if order[: len(block)] == block else block + rest


# The default order of Article: -published_on (the NULL one last on SQLite, first on PostgreSQL),
# then -pk as the tiebreak.
DEFAULT_ORDER = with_db_nulls(["frappe-100", "django-tips", "hello-world", "secret-plans", "draft-post"], "draft-post")
PUBLISHED = {"hello-world", "django-tips", "frappe-100"}


@pytest.fixture
def users(db):
    User = get_user_model()
    alice = User.objects.create_user("alice", password="pw")
    bob = User.objects.create_user("bob", password="pw")
    for codename in ("view_article", "view_note"):
        bob.user_permissions.add(Permission.objects.get(codename=codename))
    admin = User.objects.create_superuser("admin", password="pw")
    return {"alice": alice, "bob": bob, "admin": admin}


@pytest.fixture
def data(users):
    news = Category.objects.create(name="News", description="What happened")
    tech = Category.objects.create(name="Tech")
    alice, bob = users["alice"], users["bob"]
    columns = ("title", "slug", "published", "published_on", "status", "views", "rating", "category", "owner")
    rows = [
        ("Hello World", "hello-world", True, datetime.date(2024, 1, 10), "done", 10, "4.5", news, alice),
        ("Django Tips", "django-tips", True, datetime.date(2024, 2, 1), "review", 25, "3.0", tech, bob),
        ("Draft Post", "draft-post", False, None, "draft", 0, None, None, None),
        ("Frappe 100%", "frappe-100", True, datetime.date(2024, 2, 1), "done", 5, "5.0", news, alice),
        ("Secret plans", "secret-plans", False, datetime.date(2023, 12, 31), "review", 99, "1.5", tech, None),
    ]
    rows = [dict(zip(columns, row, strict=True)) for row in rows]
    rows[0].update(route="blog/hello-world", body="first line\nsecond line")
    articles = {row["slug"]: Article.objects.create(**row) for row in rows}
    # Fixed creation times so date filters are exact.
    for day, slug in enumerate(["hello-world", "django-tips", "draft-post", "frappe-100", "secret-plans"], start=1):
        Article.objects.filter(slug=slug).update(
            creation=datetime.datetime(2024, 3, day, 23, 30, tzinfo=datetime.UTC)
        )
    Note.objects.create(title="Note A", content="a")
    Note.objects.create(title="Note B", content="b")
    return {"articles": articles, "news": news, "tech": tech, **users}


def get(doctype="Article", **kwargs):
    kwargs.setdefault("ignore_permissions", True)
    return DatabaseQuery(doctype).execute(**kwargs)


def names(doctype="Article", **kwargs):
    return get(doctype, pluck="name", **kwargs)


def table_state():
    return list(Article.objects.order_by("pk").values_list("pk", "title", "slug", "views", "published"))


def assert_invalid(message, **kwargs):
    """The call raises InvalidQueryError whose message contains ``message`` (or one of them); nothing changed."""
    before = table_state()
    with pytest.raises(InvalidQueryError) as excinfo:
        get(**kwargs)
    messages = message if isinstance(message, tuple) else (message,)
    assert any(m in str(excinfo.value) for m in messages), str(excinfo.value)
    assert excinfo.value.http_status_code == 417
    assert table_state() == before
    return excinfo.value


# -- rows and columns -------------------------------------------------------------------


class TestFields:
    def test_default_is_name_in_default_order(self, data):
        assert get() == [{"name": slug} for slug in DEFAULT_ORDER]

    def test_doctype_by_name_or_instance(self, data):
        assert DatabaseQuery("article").execute(pluck="name", ignore_permissions=True) == DEFAULT_ORDER
        assert DatabaseQuery(doctypes.site.get("Article")).doctype.name == "Article"
        with pytest.raises(DoesNotExistError):
            DatabaseQuery("Nope")

    def test_plain_fields_and_name(self, data):
        rows = get(fields=["name", "title", "views", "published_on"], filters={"name": "hello-world"})
        assert rows == [{"name": "hello-world", "title": "Hello World", "views": 10,
                         "published_on": datetime.date(2024, 1, 10)}]

    def test_field_forms(self, data):
        rows = get(fields="`tabArticle`.`title`, tabArticle.views, `tabArticle`.name, tabArticle.`slug`",
                   filters={"slug": "django-tips"})
        assert rows == [{"title": "Django Tips", "views": 25, "name": "django-tips", "slug": "django-tips"}]
        assert get(fields='["title"]', filters={"slug": "django-tips"}) == [{"title": "Django Tips"}]

    def test_aliases(self, data):
        rows = get(fields=["title as heading", "name AS id_", "`tabArticle`.`views` as `hits`"],
                   filters={"slug": "frappe-100"})
        assert rows == [{"heading": "Frappe 100%", "id_": "frappe-100", "hits": 5}]

    def test_star(self, data):
        row = get(fields=["*"], filters={"name": "hello-world"})[0]
        assert list(row) == ["name", "id", "title", "slug", "route", "published", "published_on", "status", "body",
                             "views", "rating", "category", "owner", "modified_by", "creation", "modified"]
        assert row["name"] == row["slug"] == "hello-world"
        assert row["category"] == "News" and row["owner"] == "alice" and row["modified_by"] is None
        assert row["rating"] == decimal.Decimal("4.5")
        assert row["id"] == data["articles"]["hello-world"].pk

    def test_star_on_category_has_single_name(self, data):
        rows = get("Category", fields="*", order_by="name")
        assert rows == [
            {"name": "News", "id": data["news"].pk, "description": "What happened"},
            {"name": "Tech", "id": data["tech"].pk, "description": ""},
        ]

    def test_foreign_keys_read_the_linked_name_in_one_query(self, data):
        with CaptureQueriesContext(connection) as queries:
            rows = get(fields=["name", "category", "owner"], order_by="views desc")
        assert len(queries) == 1
        assert rows == [
            {"name": "secret-plans", "category": "Tech", "owner": None},
            {"name": "django-tips", "category": "Tech", "owner": "bob"},
            {"name": "hello-world", "category": "News", "owner": "alice"},
            {"name": "frappe-100", "category": "News", "owner": "alice"},
            {"name": "draft-post", "category": None, "owner": None},
        ]
        with CaptureQueriesContext(connection) as queries:
            assert len(get(fields="*")) == 5
        assert len(queries) == 1

    def test_foreign_key_without_named_doctype_reads_the_id(self, data):
        doctype = doctypes.site.get("Article")
        registered = doctypes.site._by_model.pop(Category)
        try:
            rows = DatabaseQuery(doctype).execute(fields=["category"], filters={"category": data["news"].pk},
                                                  ignore_permissions=True, order_by="views")
        finally:
            doctypes.site._by_model[Category] = registered
        assert rows == [{"category": data["news"].pk}, {"category": data["news"].pk}]

    def test_as_list_and_pluck(self, data):
        assert get(fields=["name", "views"], as_list=True, order_by="views") == [
            ("draft-post", 0), ("frappe-100", 5), ("hello-world", 10), ("django-tips", 25), ("secret-plans", 99)
        ]
        assert get(pluck="views", order_by="views desc") == [99, 25, 10, 5, 0]
        assert get(pluck="category", filters={"status": "done"}, order_by="views") == ["News", "News"]
        assert get("Note", pluck="title", order_by="title desc") == ["Note B", "Note A"]

    def test_users_password_is_invisible(self, data):
        row = get("User", fields="*", filters={"name": "alice"})[0]
        assert row["name"] == row["username"] == "alice"
        assert "password" not in row
        assert get("User", pluck="name") == ["admin", "alice", "bob"]

    @pytest.mark.parametrize(
        "fields, message",
        [
            (["secret"], 'Field "secret" is not a field of DocType Article'),
            (["title", "views as 1abc"], 'Alias "1abc" is not valid'),
            (["title as x-y"], 'Alias "x-y" is not valid'),
            (["* as everything"], '"*" cannot have an alias'),
            (["`tabNote`.`title`"], 'Table "tabNote" is not allowed'),
            (["auth_user.password"], 'Table "auth_user" is not allowed'),
            (["sleep(1)"], 'Function "sleep()" is not allowed; use one of count, sum, avg, min, max'),
            (["version()"], 'Function "version()" is not allowed'),
            (["1;drop table testapp_article"], '"1;drop table testapp_article" is not a valid field of DocType Article'),
            (["title) OR 1=1 --"], '"title) OR 1=1 --" is not a valid field'),
            (["title, version()"], "is not a valid field"),
            (["(select password from auth_user)"], "is not a valid field"),
            (["count((select 1))"], '"(select 1)" is not a valid field'),
            (["'title'"], "is not a valid field"),
            (['"title"'], "is not a valid field"),
            (["title as `x` from auth_user"], "is not a valid field"),
            (["count(distinct *)"], "only count(*) takes"),
            (["sum(*)"], "only count(*) takes"),
            (["sum(title)"], 'sum() needs a numeric field; "title" is not numeric'),
            (["avg(category)"], 'avg() needs a numeric field; "category" is not numeric'),
            (["max(published)"], 'max() cannot be used on field "published"'),
            (["title", "views as title"], 'Column name "title" is used twice'),
        ],
    )
    def test_bad_fields(self, data, fields, message):
        assert_invalid(message, fields=fields)

    def test_bad_fields_on_user(self, data):
        before = get_user_model().objects.values_list("password", flat=True).count()
        for kwargs in ({"fields": ["password"]}, {"filters": {"password": "x"}}, {"order_by": "password"},
                       {"group_by": "password", "fields": ["password"]}, {"fields": ["max(password)"]},
                       {"fields": ["`tabUser`.`password`"]}):
            with pytest.raises(InvalidQueryError, match='Field "password" is not a field of DocType User'):
                get("User", **kwargs)
        assert get_user_model().objects.count() == before


# -- filters --------------------------------------------------------------------------


class TestFilters:
    @pytest.mark.parametrize(
        "filters, expected",
        [
            ({"status": "done"}, ["hello-world", "frappe-100"]),
            ({"rating": None}, ["draft-post"]),
            ({"status": ["!=", "done"]}, ["draft-post", "django-tips", "secret-plans"]),
            ({"status": ["<>", "done"]}, ["draft-post", "django-tips", "secret-plans"]),
            ([["views", ">", 10]], ["django-tips", "secret-plans"]),
            ([["views", ">=", 10]], ["hello-world", "django-tips", "secret-plans"]),
            ([["views", "<", "10"]], ["draft-post", "frappe-100"]),
            ([["views", "<=", 10]], ["hello-world", "draft-post", "frappe-100"]),
            ([["rating", ">", "3.0"]], ["hello-world", "frappe-100"]),
            ([["rating", "!=", None]], ["hello-world", "django-tips", "frappe-100", "secret-plans"]),
            ([["title", "like", "%world%"]], ["hello-world"]),
            ([["title", "like", "%WORLD%"]], ["hello-world"]),
            ([["title", "like", "hello%"]], ["hello-world"]),
            ([["title", "like", "%tips"]], ["django-tips"]),
            ([["title", "like", "hello world"]], ["hello-world"]),
            ([["title", "like", "h_llo%"]], ["hello-world"]),
            ([["title", "like", "%o%d"]], ["hello-world"]),
            ([["title", "like", r"%100\%"]], ["frappe-100"]),
            ([["title", "like", "%100%"]], ["frappe-100"]),
            ([["body", "like", "first%second%"]], ["hello-world"]),
            ([["views", "like", "%9%"]], ["secret-plans"]),
            ([["title", "not like", "%o%"]], ["frappe-100", "secret-plans"]),
            ([["title", "not like", "%e%"]], ["django-tips", "draft-post"]),
            ([["status", "in", ["done", "draft"]]], ["hello-world", "draft-post", "frappe-100"]),
            ([["status", "in", "done, draft"]], ["hello-world", "draft-post", "frappe-100"]),
            ([["views", "in", ["5", 10]]], ["hello-world", "frappe-100"]),
            ([["status", "in", []]], []),
            ([["status", "not in", ["done", "review"]]], ["draft-post"]),
            ([["status", "not in", []]], ["draft-post", "django-tips", "frappe-100", "hello-world", "secret-plans"]),
            ([["category", "is", "set"]], ["django-tips", "frappe-100", "hello-world", "secret-plans"]),
            ([["category", "is", "not set"]], ["draft-post"]),
            ([["rating", "is", "not set"]], ["draft-post"]),
            ([["route", "is", "set"]], ["hello-world"]),
            ([["route", "is", "not set"]], ["django-tips", "draft-post", "frappe-100", "secret-plans"]),
            ([["views", "between", [5, 25]]], ["django-tips", "frappe-100", "hello-world"]),
            ([["published_on", "between", ["2024-01-01", "2024-01-31"]]], ["hello-world"]),
            ([["published_on", ">", "2024-01-15"]], ["django-tips", "frappe-100"]),
            ([["published_on", "=", datetime.date(2023, 12, 31)]], ["secret-plans"]),
            ([["creation", "between", ["2024-03-02", "2024-03-03"]]], ["django-tips", "draft-post"]),
            ([["creation", ">", "2024-03-04 23:00:00"]], ["frappe-100", "secret-plans"]),
            ([["creation", "<", "2024-03-02T00:00:00+00:00"]], ["hello-world"]),
            ({"published": 1}, ["django-tips", "frappe-100", "hello-world"]),
            ({"published": "true"}, ["django-tips", "frappe-100", "hello-world"]),
            ({"published": False}, ["draft-post", "secret-plans"]),
            ({"published": "0"}, ["draft-post", "secret-plans"]),
            ({"name": "hello-world"}, ["hello-world"]),
            ({"name": ["in", ["hello-world", "draft-post", "nope"]]}, ["draft-post", "hello-world"]),
            ({"category": "News"}, ["frappe-100", "hello-world"]),
            ({"category": ["in", ["News", "Tech"]]}, ["django-tips", "frappe-100", "hello-world", "secret-plans"]),
            ({"category": ["!=", "News"]}, ["django-tips", "draft-post", "secret-plans"]),
            ({"category": ["like", "te%"]}, ["django-tips", "secret-plans"]),
            ({"owner": "alice"}, ["frappe-100", "hello-world"]),
            ({"owner": ["not in", ["alice"]]}, ["django-tips", "draft-post", "secret-plans"]),
            ([["Article", "status", "=", "review"]], ["django-tips", "secret-plans"]),
            ([["`tabArticle`.`status`", "=", "review"]], ["django-tips", "secret-plans"]),
            ([{"status": "done"}, ["views", ">", 5]], ["hello-world"]),
            ({"status": "done", "views": ["<", 6]}, ["frappe-100"]),
            ('{"status": "review"}', ["django-tips", "secret-plans"]),
            ('[["views", "between", [0, 5]]]', ["draft-post", "frappe-100"]),
            ('"django-tips"', ["django-tips"]),
            ([["title", "=", "1;drop table testapp_article"]], []),
            ([["title", "=", "title) OR 1=1 --"]], []),
            ([["title", "like", "%' OR '1'='1"]], []),
            ([["title", "in", ["sleep(1)", "version()"]]], []),
        ],
    )
    def test_filter_forms_and_operators(self, data, filters, expected):
        before = table_state()
        assert sorted(names(filters=filters)) == sorted(expected)
        assert table_state() == before

    def test_datetimes_use_the_current_time_zone(self, data):
        # Rows were created at 23:30 UTC, i.e. 05:00 the next day in Kolkata.
        with timezone.override("Asia/Kolkata"):
            assert names(filters=[["creation", "between", ["2024-03-02", "2024-03-02"]]]) == ["hello-world"]
            assert names(filters=[["creation", "<", "2024-03-02 05:00:01"]]) == ["hello-world"]
        assert names(filters=[["creation", "between", ["2024-03-02", "2024-03-02"]]]) == ["django-tips"]

    def test_filters_keep_default_order(self, data):
        assert names(filters=[["views", ">", 0]]) == ["frappe-100", "django-tips", "hello-world", "secret-plans"]

    def test_bare_int_is_a_name(self, data):
        note = Note.objects.get(title="Note B")
        assert get("Note", fields=["title"], filters=note.pk) == [{"title": "Note B"}]
        assert get("Note", fields=["title"], filters=str(note.pk)) == [{"title": "Note B"}]

    def test_or_filters_and_with_filters(self, data):
        assert sorted(names(or_filters=[["views", ">", 50], ["status", "=", "draft"]])) == ["draft-post", "secret-plans"]
        assert names(or_filters={"views": [">", 50], "status": "draft"}, filters={"published": False}) == (
            with_db_nulls(["secret-plans", "draft-post"], "draft-post")
        )
        assert names(filters={"published": True}, or_filters=[["views", ">", 50], ["status", "=", "draft"]]) == []
        assert sorted(names(filters={"published": True}, or_filters='[["views", "<", 6], ["category", "=", "Tech"]]')) == [
            "django-tips", "frappe-100"
        ]

    def test_too_many_conditions_across_filters_and_or_filters(self, data):
        assert_invalid("Too many filter conditions: 201 (at most 200)",
                       filters=[["views", ">", 0]] * 150, or_filters=[["views", "=", 1]] * 51)

    @pytest.mark.parametrize(
        "filters, message",
        [
            ({"secret": 1}, 'Field "secret" is not a field of DocType Article'),
            ([["Note", "title", "=", "x"]], 'Filter on DocType "Note" is not allowed in a query on Article'),
            ([["`tabNote`.`title`", "=", "x"]], 'Table "tabNote" is not allowed'),
            ([["title) OR 1=1 --", "=", "x"]], '"title) OR 1=1 --" is not a valid field of DocType Article'),
            ([["sleep(1)", "=", 0]], '"sleep(1)" is not a valid field'),
            ([["title", "= 1 OR 1=1 --", "x"]], 'Operator "= 1 OR 1=1 --" is not supported'),
            ([["title", "regexp", ".*"]], 'Operator "regexp" is not supported'),
            ([["views", ">", "abc"]], "Invalid value 'abc' for field views"),
            ([["views", ">", "sleep(1)"]], "Invalid value 'sleep(1)' for field views"),
            ([["views", "=", "1;drop table testapp_article"]], "for field views"),
            ([["views", "=", "1 OR 1=1"]], "Invalid value '1 OR 1=1' for field views"),
            ([["views", "in", ["1", "version()"]]], "Invalid value 'version()' for field views"),
            ([["views", "between", ["1", "x"]]], "Invalid value 'x' for field views"),
            ([["views", "between", [1, None]]], "needs two values"),
            ([["views", ">", None]], 'Operator ">" on views needs a value'),
            ([["views", "=", 1.5e400]], "Invalid value inf for field views"),
            ([["rating", ">", "NaN"]], "Invalid value 'NaN' for field rating"),
            ([["rating", ">", "1e99999"]], "for field rating"),
            ([["published", "=", "maybe"]], "Invalid value 'maybe' for field published"),
            ([["published_on", "=", "not-a-date"]], "Invalid value 'not-a-date' for field published_on"),
            ([["published_on", ">", "2024-13-45"]], "Invalid value '2024-13-45' for field published_on"),
            ([["creation", ">", "yesterday"]], "Invalid value 'yesterday' for field creation"),
            ([["title", "like", ["%a%"]]], "must be a single value"),
            ([["title", "like", None]], 'Operator "like" on title needs a text pattern'),
            ([["title", "like", "x" * 1001]], "needs a text pattern"),
            ([["title", "=", {"$ne": 1}]], "must be a single value"),
            ("[" * 1000 + "]" * 1000, ("must be", "nested too deeply")),
            ("[" * 100_000 + "]" * 100_000, "Filters are nested too deeply"),
            ('{"status": ', "Filters must be JSON"),
            ("status='done'", "Filters must be JSON"),
            ([["views", "=", i] for i in range(10_000)], "Too many filter conditions: 10000"),
            ([["views", "in", list(range(5000))]], 'Too many values for "in" on views'),
            ([["title", "=", "a\x00b"]], "must not contain NUL"),
        ],
    )
    def test_bad_filters(self, data, filters, message):
        assert_invalid(message, filters=filters)

    def test_bad_or_filters(self, data):
        assert_invalid('Field "nope" is not a field of DocType Article', or_filters=[["nope", "=", 1]])

    def test_foreign_key_filters_validate_the_name(self, data):
        assert names(filters={"category": "Nope"}) == []
        doctype = doctypes.site.get("Article")
        registered = doctypes.site._by_model.pop(Category)
        try:
            with pytest.raises(InvalidQueryError, match="Invalid value 'News' for field category"):
                DatabaseQuery(doctype).execute(filters={"category": "News"}, ignore_permissions=True)
        finally:
            doctypes.site._by_model[Category] = registered

    def test_integers_beyond_64_bits_are_refused(self, data):
        for operator, value in (("<", 10**30), ("=", -(10**19)), ("in", [1, 10**30]), ("not in", [10**30]),
                                ("between", [0, 2**63])):
            assert_invalid("for field views", filters=[["views", operator, value]])
        assert names(filters=[["views", "<", 2**63 - 1]], order_by="views") == [
            "draft-post", "frappe-100", "hello-world", "django-tips", "secret-plans"
        ]
        assert names(filters=[["views", "in", [99, 2**62]]]) == ["secret-plans"]


# -- ordering -------------------------------------------------------------------------


class TestOrdering:
    @pytest.mark.parametrize(
        "order_by, expected",
        [
            ("views desc", ["secret-plans", "django-tips", "hello-world", "frappe-100", "draft-post"]),
            ("views", ["draft-post", "frappe-100", "hello-world", "django-tips", "secret-plans"]),
            ("views ASC", ["draft-post", "frappe-100", "hello-world", "django-tips", "secret-plans"]),
            ("-views", ["secret-plans", "django-tips", "hello-world", "frappe-100", "draft-post"]),
            ("`tabArticle`.`views` desc", ["secret-plans", "django-tips", "hello-world", "frappe-100", "draft-post"]),
            ("tabArticle.title", ["django-tips", "draft-post", "frappe-100", "hello-world", "secret-plans"]),
            ("status asc, views desc", ["hello-world", "frappe-100", "draft-post", "secret-plans", "django-tips"]),
            (["status", "-views"], ["hello-world", "frappe-100", "draft-post", "secret-plans", "django-tips"]),
            ("name desc", ["secret-plans", "hello-world", "frappe-100", "draft-post", "django-tips"]),
            # NULLs where the database puts them (as Django's order_by does).
            ("rating", with_db_nulls(["draft-post", "secret-plans", "django-tips", "hello-world", "frappe-100"],
                                     "draft-post")),
            ("rating desc", with_db_nulls(["frappe-100", "hello-world", "django-tips", "secret-plans", "draft-post"],
                                          "draft-post")),
            ("category, views", with_db_nulls(["draft-post", "frappe-100", "hello-world", "django-tips", "secret-plans"],
                                              "draft-post")),
            ("owner desc, views", with_db_nulls(["django-tips", "frappe-100", "hello-world", "draft-post", "secret-plans"],
                                                "draft-post", "secret-plans")),
        ],
    )
    def test_order_by(self, data, order_by, expected):
        assert names(order_by=order_by) == expected

    def test_order_by_alias(self, data):
        assert get(fields=["name", "views as hits"], order_by="hits desc", limit_page_length=2) == [
            {"name": "secret-plans", "hits": 99}, {"name": "django-tips", "hits": 25}
        ]

    def test_tiebreak_on_primary_key(self, data):
        Article.objects.update(status="same")
        by_pk = list(Article.objects.order_by("pk").values_list("slug", flat=True))
        assert names(order_by="status") == by_pk
        assert names(order_by="status desc") == by_pk[::-1]
        prepared = DatabaseQuery("Article").build(order_by="status", ignore_permissions=True)
        assert isinstance(prepared, PreparedQuery)
        assert [str(o.expression.name) for o in prepared.queryset.query.order_by] == ["status", "pk"]

    def test_no_tiebreak_when_ordered_by_a_unique_field(self, data):
        for order_by in ("slug", "name desc", "id"):
            prepared = DatabaseQuery("Article").build(order_by=order_by, ignore_permissions=True)
            assert len(prepared.queryset.query.order_by) == 1, order_by

    def test_pagination_is_stable_with_ties(self, data):
        Article.objects.update(status="same")
        pages = [names(order_by="status", limit_start=start, limit_page_length=2) for start in (0, 2, 4)]
        paged = [name for page in pages for name in page]
        assert paged == names(order_by="status")
        assert len(set(paged)) == 5

    @pytest.mark.parametrize(
        "order_by, message",
        [
            ("rand()", 'Cannot order by "rand()"'),
            ("sleep(1)", 'Cannot order by "sleep(1)"'),
            ("version()", 'Cannot order by "version()"'),
            ("1;drop table testapp_article", 'Cannot order by "1;drop table testapp_article"'),
            ("title) OR 1=1 --", 'Cannot order by "title) OR 1=1 --"'),
            ("(select 1)", 'Cannot order by "(select 1)"'),
            ("title asc desc", 'Cannot order by "title asc"'),
            ("secret desc", 'Field "secret" is not a field of DocType Article'),
            ("`tabNote`.`title`", 'Table "tabNote" is not allowed'),
            ("title,", "Empty order_by item"),
            ("1", 'Cannot order by "1"'),
            ("count(name) desc", 'Cannot order by "count(name)"'),
            (["title", 5], "must be a string"),
        ],
    )
    def test_bad_order_by(self, data, order_by, message):
        assert_invalid(message, order_by=order_by)


# -- aggregates and grouping ----------------------------------------------------------------


class TestGrouping:
    def test_count_by_status(self, data):
        with CaptureQueriesContext(connection) as queries:
            rows = get(fields=["status", "count(name) as count"], group_by="status")
        assert len(queries) == 1
        assert rows == [{"status": "done", "count": 2}, {"status": "draft", "count": 1}, {"status": "review", "count": 2}]

    def test_order_by_aggregate_alias_and_text(self, data):
        expected = [("review", 124), ("done", 15), ("draft", 0)]
        assert get(fields=["status", "sum(views) as total"], group_by="status", order_by="total desc",
                   as_list=True) == expected
        assert get(fields=["status", "sum(views)"], group_by="status", order_by="SUM( views ) desc",
                   as_list=True) == expected
        assert get(fields=["status", "sum(views)"], group_by="status", order_by="status desc") == [
            {"status": "review", "sum(views)": 124}, {"status": "draft", "sum(views)": 0},
            {"status": "done", "sum(views)": 15},
        ]

    def test_default_keys_of_aggregates(self, data):
        rows = get(fields=["count(*)", "COUNT(distinct status)", "min(views)", "max(published_on)", "avg(views)",
                           "count(`tabArticle`.`category`)"])
        assert rows == [{"count(*)": 5, "count(distinct status)": 3, "min(views)": 0,
                         "max(published_on)": datetime.date(2024, 2, 1), "avg(views)": pytest.approx(27.8),
                         "count(category)": 4}]

    def test_aggregates_without_group_by_give_one_row(self, data):
        assert get(fields=["count(name) as n", "sum(rating) as total"], filters={"published": True}) == [
            {"n": 3, "total": decimal.Decimal("12.5")}
        ]
        assert get(fields=["count(*) as n", "sum(views) as total"], filters={"status": "nope"}) == [
            {"n": 0, "total": None}
        ]
        assert get(fields=["count(*)"], as_list=True) == [(5,)]
        assert get(fields=["count(*)"], limit_start=1) == []

    def test_group_by_link_reads_the_name(self, data):
        rows = get(fields=["category", "count(name) as n", "max(views) as top"], group_by="category")
        no_category = {"category": None, "n": 1, "top": 0}
        assert rows == with_db_nulls([no_category, {"category": "News", "n": 2, "top": 10},
                                      {"category": "Tech", "n": 2, "top": 99}], no_category)

    def test_group_by_several_fields(self, data):
        rows = get(fields=["published", "status", "count(*) as n"], group_by="published, status",
                   order_by="n desc, status, published desc", as_list=True)
        assert rows == [(True, "done", 2), (False, "draft", 1), (True, "review", 1), (False, "review", 1)]

    def test_group_by_without_aggregates_is_distinct(self, data):
        assert get(fields=["status"], group_by="status", pluck=None) == [
            {"status": "done"}, {"status": "draft"}, {"status": "review"}
        ]

    def test_group_by_respects_permissions(self, data):
        rows = DatabaseQuery("Article").execute(fields=["status", "count(*) as n"], group_by="status", user="Guest")
        assert rows == [{"status": "done", "n": 2}, {"status": "review", "n": 1}]

    def test_group_by_with_limits(self, data):
        assert get(fields=["status"], group_by="status", limit_start=1, limit_page_length=1) == [{"status": "draft"}]

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"fields": ["title", "count(*)"]}, 'Field "title" must be in group_by or inside an aggregate function'),
            ({"fields": ["title", "count(*)"], "group_by": "status"}, 'Field "title" must be in group_by'),
            ({"fields": ["status", "count(*)"], "group_by": "status", "order_by": "views"},
             'Cannot order by "views": with group_by'),
            ({"fields": ["count(*)"], "order_by": "views"}, "order_by needs group_by"),
            ({"fields": ["status"], "group_by": "sleep(1)"}, '"sleep(1)" is not a valid field'),
            ({"fields": ["status"], "group_by": "status; drop table testapp_article"}, "is not a valid field"),
            ({"fields": ["status"], "group_by": "secret"}, 'Field "secret" is not a field of DocType Article'),
            ({"fields": ["status"], "group_by": ["status", None]}, "must be a string"),
            ({"fields": ["status"], "group_by": 5}, "group_by must be a string or a list"),
            ({"fields": ["group_concat(title)"], "group_by": "status"}, 'Function "group_concat()" is not allowed'),
        ],
    )
    def test_bad_grouping(self, data, kwargs, message):
        assert_invalid(message, **kwargs)


class TestDistinct:
    def test_distinct_values(self, data):
        assert get(fields=["status"], distinct=True, pluck=None) == [
            {"status": "done"}, {"status": "draft"}, {"status": "review"}
        ]
        assert get(fields=["category"], distinct=True, order_by="category desc", as_list=True) == with_db_nulls(
            [("Tech",), ("News",), (None,)], (None,)
        )
        assert get(fields=["published_on"], distinct=True, pluck="published_on") == with_db_nulls(
            [datetime.date(2024, 2, 1), datetime.date(2024, 1, 10), datetime.date(2023, 12, 31), None], None
        )

    def test_distinct_order_by_must_be_selected(self, data):
        assert_invalid('With distinct, order_by can only use selected fields, not "views"', fields=["status"],
                       distinct=True, order_by="views")


# -- limits ---------------------------------------------------------------------------


class TestLimits:
    def test_limits(self, data):
        assert names(limit_page_length=2) == DEFAULT_ORDER[:2]
        assert names(limit_start=2, limit_page_length=2) == DEFAULT_ORDER[2:4]
        assert names(limit_start="4", limit_page_length="10") == DEFAULT_ORDER[4:]
        assert names(limit_start=3) == DEFAULT_ORDER[3:]
        assert names(limit_page_length=0) == DEFAULT_ORDER
        assert names(limit_page_length=None, limit_start=None) == DEFAULT_ORDER
        assert names(limit_start=10**9, limit_page_length=10**9) == []

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"limit_page_length": -1}, "limit_page_length must be a whole number between 0 and 1000000000, not -1"),
            ({"limit_page_length": "abc"}, "limit_page_length must be a whole number"),
            ({"limit_page_length": 10**12}, "limit_page_length must be a whole number"),
            ({"limit_page_length": "1; drop table testapp_article"}, "limit_page_length must be a whole number"),
            ({"limit_start": -5}, "limit_start must be a whole number"),
            ({"limit_start": "x"}, "limit_start must be a whole number"),
            ({"limit_start": 1.5}, "limit_start must be a whole number"),
            ({"pluck": ["name"]}, "pluck must be a field name"),
            ({"pluck": "secret"}, 'Field "secret" is not a field of DocType Article'),
        ],
    )
    def test_bad_limits(self, data, kwargs, message):
        assert_invalid(message, **kwargs)


# -- count ----------------------------------------------------------------------------


class TestCount:
    def test_count(self, data):
        query = DatabaseQuery("Article")
        assert query.count(ignore_permissions=True) == 5
        assert query.count(filters={"status": "done"}, ignore_permissions=True) == 2
        assert query.count(filters={"published": True}, or_filters=[["views", ">", 20], ["status", "=", "done"]],
                           ignore_permissions=True) == 3
        assert query.count(distinct=True, ignore_permissions=True) == 5
        assert query.count(user="Guest") == 3
        assert query.count(user="Guest", filters={"status": "review"}) == 1
        assert query.count(user="bob", filters={"status": "review"}) == 2
        with pytest.raises(PermissionError):
            DatabaseQuery("Note").count(user="Guest")
        with pytest.raises(InvalidQueryError, match='Field "secret" is not a field of DocType Article'):
            query.count(filters={"secret": 1}, ignore_permissions=True)
        assert DatabaseQuery("Article").count(filters={"views": [">", 1000]}, ignore_permissions=True) == 0


# -- permissions ----------------------------------------------------------------------


class TestPermissions:
    def test_guest_sees_only_published_articles(self, data):
        rows = DatabaseQuery("Article").execute(user="Guest", pluck="name")
        assert rows == ["frappe-100", "django-tips", "hello-world"]
        assert DatabaseQuery("Article").execute(user="Guest", filters={"name": "secret-plans"}) == []

    def test_guest_on_note_is_refused(self, data):
        with pytest.raises(PermissionError, match="No permission to read Note") as excinfo:
            DatabaseQuery("Note").execute(user="Guest")
        assert excinfo.value.http_status_code == 403
        # The permission check comes first, even for bad input.
        with pytest.raises(PermissionError):
            DatabaseQuery("Note").execute(user="Guest", fields=["sleep(1)"])

    def test_logged_in_user_without_permission(self, data):
        assert set(DatabaseQuery("Article").execute(user="alice", pluck="name")) == PUBLISHED
        with pytest.raises(PermissionError):
            DatabaseQuery("Note").execute(user=data["alice"])

    def test_user_with_view_permission_sees_all(self, data):
        assert DatabaseQuery("Article").execute(user="bob", pluck="name") == DEFAULT_ORDER
        assert DatabaseQuery("Note").execute(user="bob", pluck="title", order_by="title") == ["Note A", "Note B"]

    def test_superuser_and_administrator(self, data):
        assert DatabaseQuery("Article").execute(user="admin", pluck="name") == DEFAULT_ORDER
        assert DatabaseQuery("Note").execute(user="Administrator", pluck="title", order_by="title") == [
            "Note A", "Note B"
        ]

    def test_ignore_permissions(self, data):
        assert DatabaseQuery("Note").execute(user="Guest", ignore_permissions=True, pluck="title",
                                             order_by="title") == ["Note A", "Note B"]

    def test_current_context_user(self, data):
        with init(user="bob"):
            assert DatabaseQuery("Article").execute(pluck="name") == DEFAULT_ORDER
            assert DatabaseQuery("Article").count() == 5
        with init(user="Guest"):
            assert set(DatabaseQuery("Article").execute(pluck="name")) == PUBLISHED
            with pytest.raises(PermissionError):
                DatabaseQuery("Note").execute()

    def test_user_doctype_is_readable_by_superuser_only(self, data):
        assert DatabaseQuery("User").execute(user="admin", pluck="name") == ["admin", "alice", "bob"]
        with pytest.raises(PermissionError, match="No permission to read User"):
            DatabaseQuery("User").execute(user="Guest")


def test_invalid_query_error_is_a_validation_error():
    assert issubclass(InvalidQueryError, ValidationError)
    assert json.dumps(str(InvalidQueryError("x"))) == '"x"'


class TestDocTypeOptions:
    def test_fields_option_limits_what_is_visible(self, data):
        class LimitedNote(doctypes.DocType):
            name = "Limited Note"
            fields = ("title",)
            sort_field = "title"

        query = DatabaseQuery(LimitedNote(Note))
        first, second = Note.objects.order_by("title").values_list("pk", flat=True)
        assert query.execute(fields="*", ignore_permissions=True) == [
            {"name": first, "title": "Note A"}, {"name": second, "title": "Note B"}
        ]
        assert query.execute(fields=["`tabLimited Note`.`title`"], filters={"name": second},
                             ignore_permissions=True) == [{"title": "Note B"}]
        for kwargs in ({"fields": ["content"]}, {"filters": {"content": "a"}}, {"order_by": "content"}):
            with pytest.raises(InvalidQueryError, match='Field "content" is not a field of DocType Limited Note'):
                query.execute(ignore_permissions=True, **kwargs)

    def test_misconfigured_sort_field_is_a_query_error_without_details(self, data):
        class BrokenNote(doctypes.DocType):
            name = "Broken Note"
            sort_field = "-nope"

        with pytest.raises(InvalidQueryError) as excinfo:
            DatabaseQuery(BrokenNote(Note)).execute(ignore_permissions=True)
        assert str(excinfo.value) == "Invalid query"
