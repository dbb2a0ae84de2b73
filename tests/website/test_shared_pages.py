"""Logged-in users' pages in the page cache (``PAGE_CACHE_LOGGED_IN``): shared by users of the
same audience (flags, groups, permissions), never by others, and never a page that read the
user's own data. The leak matrix: two users in different groups, a third sharing the first's
groups, a staff user and a guest, over every kind of page, in an order that lets every page be
cached by someone first; nobody may ever receive a page built for someone else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from django_frappe_web.website.visitor_values import placeholder
from tests.testapp.models import Article
from tests.website.router_site import WWW, site

SHARED_WWW = Path(__file__).resolve().parent / "fixtures" / "shared_pages" / "www"
MENU = [
    {"title": "Customer orders", "route": "/orders", "role": "Customer"},
    {"title": "Supplier quotes", "route": "/quotes", "role": "Supplier"},
]
# Pages any audience may share, and pages that read the user's own data (never cached for users).
SHARED = ["/about", "/form", "/staff_only", "/articles/hello", "/Article", "/no-such-page"]
PER_USER = ["/whoami", "/session", "/mine"]
NEVER = ["/me", "/Article/hello"]  # an account page and a print view: cacheable = False
PAGES = SHARED + PER_USER + NEVER
NAMES = ["alice", "bob", "dave", "carol"]


@pytest.fixture
def visitors(db, django_user_model):
    customer, supplier = Group.objects.create(name="Customer"), Group.objects.create(name="Supplier")
    users = {name: django_user_model.objects.create_user(name, f"{name}@example.com", "pw") for name in NAMES}
    users["alice"].groups.add(customer)
    users["dave"].groups.add(customer)  # the same audience as alice
    users["bob"].groups.add(supplier)
    users["carol"].is_staff = True
    users["carol"].save()
    users["carol"].user_permissions.add(Permission.objects.get(codename="view_article"))
    Article.objects.create(title="Hello", slug="hello", route="articles/hello", published=True)
    clients = {"guest": Client(enforce_csrf_checks=True)}
    for name, user in users.items():
        clients[name] = Client(enforce_csrf_checks=True)
        clients[name].force_login(user)
    with site(SHARED_WWW, WWW, PAGE_CACHE_LOGGED_IN=True, PORTAL_MENU=MENU):
        yield clients


def body(response) -> str:
    return response.content.decode()


def expected_menu(name: str) -> list[str]:
    return {"alice": ["Customer orders"], "dave": ["Customer orders"], "bob": ["Supplier quotes"]}.get(name, [])


def check_is_theirs(name: str, path: str, response) -> None:
    """The page was built for ``name``: their name, their menu, their token, nobody else's."""
    page = body(response)
    assert placeholder("csrf") not in page and placeholder("user") not in page
    if response.status_code == 302:  # /me of a guest: to the login page
        return
    me = name if name != "guest" else "Guest"
    users = re.findall(r'<meta name="frappe-user" content="([^"]*)">', page)
    assert users == ([] if path == "/Article/hello" else [me]), (name, path, users)  # a print view has no base template
    for other in NAMES:
        if other != name:  # no one else's name anywhere (as a word: a random CSRF token may hold "bob")
            assert not re.search(rf"\b{other}\b", page), (name, path, other)
    menu = re.findall(r'<span class="portal-menu">(.*?)</span>', page)
    titles = re.findall(r">([^<]+)</a>", menu[0]) if menu else []
    assert titles == ([] if path == "/Article/hello" else expected_menu(name)), (name, path, titles)
    if name == "guest":
        assert '<meta name="csrf-token"' not in page
    if path == "/staff_only":
        assert ("staff tools" if name == "carol" else "no tools") in page


def test_nobody_ever_gets_a_page_built_for_someone_else(visitors):
    hits: dict[str, int] = {}
    served: dict[str, int] = {}
    for _round in range(2):
        for path in PAGES:
            for name in ["alice", "guest", "bob", "dave", "carol"]:
                response = visitors[name].get(path)
                check_is_theirs(name, path, response)
                if response.status_code == 200:
                    kind = "guest" if name == "guest" else "user"
                    served[kind] = served.get(kind, 0) + 1
                    hits[kind] = hits.get(kind, 0) + (response.get("X-From-Cache") == "True")
                if path in PER_USER and name != "guest":
                    assert response.get("X-From-Cache") != "True", (name, path)
                    assert re.search(rf">[^<]*{name}[^<]*</p>", body(response)), (name, path)
                if path in NEVER:
                    assert "X-From-Cache" not in response, (name, path)
    # Shared pages are cached: every visitor's second round, and dave's first (alice's audience).
    for path in ["/about", "/form", "/staff_only", "/articles/hello", "/Article"]:
        assert visitors["dave"].get(path)["X-From-Cache"] == "True"
    print(f"\nhit rates: guests {hits['guest']}/{served['guest']}, logged-in users {hits['user']}/{served['user']}")
    assert hits["guest"] >= 5 and hits["user"] >= 20


def test_users_of_one_audience_share_a_page_and_others_do_not(visitors):
    assert visitors["alice"].get("/about")["X-From-Cache"] == "False"
    assert visitors["dave"].get("/about")["X-From-Cache"] == "True"
    assert visitors["bob"].get("/about")["X-From-Cache"] == "False"
    assert visitors["carol"].get("/about")["X-From-Cache"] == "False"
    assert visitors["guest"].get("/about")["X-From-Cache"] == "False"


def test_a_changed_group_is_another_audience(visitors, django_user_model):
    visitors["alice"].get("/about")
    dave = django_user_model.objects.get(username="dave")
    dave.groups.add(Group.objects.get(name="Supplier"))
    response = visitors["dave"].get("/about")
    assert response["X-From-Cache"] == "False"
    check_menu = re.findall(r'<span class="portal-menu">(.*?)</span>', body(response))[0]
    assert "Customer orders" in check_menu and "Supplier quotes" in check_menu


def test_each_user_gets_their_own_working_csrf_token_from_a_shared_page(visitors):
    visitors["alice"].get("/form")
    response = visitors["dave"].get("/form")
    assert response["X-From-Cache"] == "True"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body(response)).group(1)
    assert visitors["dave"].post("/about", {"csrfmiddlewaretoken": token}).status_code == 200
    assert visitors["alice"].post("/about", {"csrfmiddlewaretoken": token}).status_code == 403


def test_pages_that_read_the_user_are_never_stored(visitors):
    for path in PER_USER:
        for name in ("alice", "dave"):
            response = visitors[name].get(path)
            assert response.status_code == 200 and "X-From-Cache" not in response  # rendered, not stored
            assert name in body(response)


def test_off_by_default(db, django_user_model):
    user = django_user_model.objects.create_user("erin", "erin@example.com", "pw")
    client = Client()
    client.force_login(user)
    with site():
        for _attempt in range(2):
            assert "X-From-Cache" not in client.get("/about")


def test_a_page_that_reads_the_session_is_never_stored(visitors):
    for name, cart in (("alice", "apples"), ("dave", "pears")):
        session = visitors[name].session
        session["cart"] = cart
        session.save()
    for name, cart in (("alice", "apples"), ("dave", "pears"), ("alice", "apples"), ("dave", "pears")):
        response = visitors[name].get("/cart")
        assert f'<p id="cart">{cart}</p>' in body(response) and "X-From-Cache" not in response


def test_the_watched_user_notes_identity_but_not_what_the_audience_covers(rf, django_user_model):
    from django_frappe_web.website.shared_pages import WatchedUser

    user = django_user_model.objects.create_user("frank", "frank@example.com", "pw")
    reads = []
    watched = WatchedUser(user, reads.append)
    assert watched.is_authenticated and not watched.is_staff and not watched.is_superuser and watched.is_active
    assert not watched.has_perm("testapp.view_article") and not watched.has_perms(["testapp.view_article"])
    assert list(watched.groups.all()) == [] and watched.get_all_permissions() == set()
    assert reads == []
    assert isinstance(watched, django_user_model)  # the ORM and isinstance take it for the user
    for read in (lambda: watched.username, lambda: watched.pk, lambda: str(watched), lambda: watched == user,
                 lambda: watched.get_username(), lambda: watched.has_perm("x.y", obj=user),
                 lambda: list(Article.objects.filter(owner=watched))):
        reads.clear()
        read()
        assert reads, read
