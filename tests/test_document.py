"""The document API: get_doc, new_doc, insert/save/delete, as_dict, get_all/get_list, frappe.db."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_frappe_web import frappe
from tests.testapp.models import Article, Category, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return Category.objects.create(name="News")


@pytest.fixture
def article(news, user):
    return Article.objects.create(title="Hello", slug="hello", published=True, category=news, owner=user, views=3)


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def test_get_doc_attribute_access_and_as_dict(article):
    doc = frappe.get_doc("Article", "hello")
    assert doc.name == "hello"
    assert doc.doctype == "Article"
    assert doc.title == "Hello"
    assert doc.category == "News"  # link fields read the linked document's name
    assert doc.instance == article
    data = doc.as_dict()
    assert data["name"] == "hello" and data["doctype"] == "Article"
    assert data["category"] == "News" and data["owner"] == "alice"
    assert data["views"] == 3


def test_get_doc_forms(article):
    assert frappe.get_doc("Article", {"title": "Hello"}).name == "hello"
    new = frappe.get_doc({"doctype": "Article", "title": "Draft", "slug": "draft"})
    assert new.is_new() and new.title == "Draft"
    with pytest.raises(frappe.DoesNotExistError):
        frappe.get_doc("Article", "missing")
    with pytest.raises(frappe.DoesNotExistError):
        frappe.get_doc("No Such DocType", "x")


def test_insert_sets_owner_and_checks_create_permission(user, news):
    with frappe.init(user="alice"):
        doc = frappe.new_doc("Article", title="Mine", slug="mine", category="News")
        with pytest.raises(frappe.PermissionError):
            doc.insert()
        assert not Article.objects.filter(slug="mine").exists()
        grant(user, "add_article")
        frappe.set_user("alice")  # reload the user so the new permission is seen
        doc.insert()
    saved = Article.objects.get(slug="mine")
    assert saved.owner == user and saved.modified_by == user and saved.category == news


def test_ignore_permissions_flag_and_argument(user):
    with frappe.init(user="alice"):
        frappe.new_doc("Note", title="a").insert(ignore_permissions=True)
        frappe.flags.ignore_permissions = True
        frappe.new_doc("Note", title="b").insert()
        assert len(frappe.get_list("Note")) == 2
    assert Note.objects.count() == 2


def test_validation_error_saves_nothing(superuser):
    with frappe.init(user=superuser):
        doc = frappe.new_doc("Article", title="x" * 500, slug="bad slug!")
        with pytest.raises(frappe.ValidationError) as excinfo:
            doc.insert()
    message = str(excinfo.value)
    assert "title:" in message and "slug:" in message
    assert Article.objects.count() == 0


def test_a_text_fields_max_length_is_enforced_as_a_form_would(superuser, client):
    """full_clean ignores a TextField's max_length; Django's forms, DRF and the API schema do not."""
    with frappe.init(user=superuser):
        with pytest.raises(frappe.ValidationError, match="content"):
            frappe.new_doc("Note", title="Long", content="x" * 5001).insert()
        frappe.new_doc("Note", title="Fits", content="x" * 5000).insert()
    client.force_login(superuser)
    response = client.post("/api/v2/document/Note", {"title": "Long", "content": "x" * 5001},
                           content_type="application/json")
    assert response.status_code == 417 and "5000" in response.content.decode()
    assert list(Note.objects.values_list("title", flat=True)) == ["Fits"]


@pytest.mark.parametrize("value", [False, 7, [], {}])
def test_a_date_that_is_no_text_is_a_clear_error_not_a_500(superuser, client, value):
    client.force_login(superuser)
    response = client.post("/api/resource/Article", {"title": "Dated", "slug": "dated", "published_on": value},
                           content_type="application/json")
    assert response.status_code == 417 and "published_on" in response.content.decode()
    assert not Article.objects.exists()


def test_a_blank_optional_date_is_stored_as_null_as_frappe_does(superuser, client):
    """full_clean lets "" through for a blank=True field; the database layer would refuse it (a 500)."""
    with frappe.init(user=superuser):
        frappe.new_doc("Article", title="Dated", slug="dated", published_on="").insert()
    assert Article.objects.get(slug="dated").published_on is None
    client.force_login(superuser)
    response = client.post("/api/resource/Article", {"title": "Form", "slug": "form", "published_on": ""})
    assert response.status_code == 200 and response.json()["data"]["published_on"] is None


def test_duplicate_is_duplicate_entry_error(article, superuser):
    with frappe.init(user=superuser), pytest.raises(frappe.DuplicateEntryError):
        frappe.new_doc("Article", title="Again", slug="hello").insert()
    assert Article.objects.filter(slug="hello").count() == 1


def test_save_and_delete_check_permissions(article, user):
    with frappe.init(user="alice"):
        doc = frappe.get_doc("Article", "hello")
        doc.title = "Changed"
        with pytest.raises(frappe.PermissionError):
            doc.save()
        with pytest.raises(frappe.PermissionError):
            doc.delete()
        grant(user, "change_article", "delete_article")
        frappe.set_user("alice")
        doc.save()
        assert Article.objects.get(slug="hello").title == "Changed"
        doc.delete()
    assert not Article.objects.filter(slug="hello").exists()


def test_link_to_unknown_name_is_does_not_exist(superuser):
    with frappe.init(user=superuser), pytest.raises(frappe.DoesNotExistError):
        frappe.new_doc("Article", title="x", slug="x", category="Nope")


def test_unknown_field_is_validation_error():
    with pytest.raises(frappe.ValidationError, match="not a field"):
        frappe.new_doc("Article", nonsense=1)


def test_get_list_checks_permissions_get_all_does_not(article, user):
    Article.objects.create(title="Hidden", slug="hidden", published=False)
    Note.objects.create(title="n")
    with frappe.init(user="Guest"):
        assert frappe.get_list("Article", pluck="name") == ["hello"]
        with pytest.raises(frappe.PermissionError):
            frappe.get_list("Note")
        assert sorted(frappe.get_all("Article", pluck="name")) == ["hello", "hidden"]
        assert len(frappe.get_all("Note")) == 1


def test_get_all_with_filters_fields_order_limit(news):
    for i in range(5):
        Article.objects.create(title=f"T{i}", slug=f"t{i}", views=i, published=True, category=news)
    rows = frappe.get_all(
        "Article", fields=["name", "views"], filters={"views": [">=", 2]}, order_by="views desc", limit=2
    )
    assert rows == [{"name": "t4", "views": 4}, {"name": "t3", "views": 3}]
    assert frappe.get_all("Article", filters=[["title", "like", "T%"]], limit_page_length=0, pluck="name")
    with pytest.raises(frappe.ValidationError):
        frappe.get_all("Article", filters={"nope": 1})


def test_db_helpers(article, news):
    assert frappe.db.get_value("Article", "hello", "title") == "Hello"
    assert frappe.db.get_value("Article", {"views": 3}, ["title", "views"]) == ("Hello", 3)
    assert frappe.db.get_value("Article", "hello", ["title"], as_dict=True) == {"title": "Hello"}
    assert frappe.db.get_value("Article", "missing", "title") is None
    assert frappe.db.exists("Article", "hello") == "hello"
    assert frappe.db.exists("Article", {"title": "Hello"}) == "hello"
    assert frappe.db.exists("Article", "missing") is None
    assert frappe.db.count("Article") == 1
    assert frappe.db.count("Article", {"published": False}) == 0
    frappe.db.set_value("Article", "hello", "views", 10)
    frappe.db.set_value("Article", "hello", {"title": "New", "category": None})
    article.refresh_from_db()
    assert (article.views, article.title, article.category) == (10, "New", None)
    with pytest.raises(frappe.DoesNotExistError):
        frappe.db.set_value("Article", "missing", "views", 1)


def test_get_doc_is_one_query(article):
    with CaptureQueriesContext(connection) as queries:
        frappe.get_doc("Article", "hello")
    assert len(queries) == 1


def test_user_doctype_is_read_only_and_hides_password(user, superuser):
    doc = frappe.get_doc("User", "alice")
    assert doc.name == "alice"
    assert "password" not in doc.as_dict()
    with pytest.raises(frappe.ValidationError):
        frappe.get_all("User", fields=["password"])
    with frappe.init(user=superuser), pytest.raises(frappe.PermissionError):
        doc.save()
