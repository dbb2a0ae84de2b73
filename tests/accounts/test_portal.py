"""``/me`` and the portal menu: settings then hooks, filtered by the user's groups, in the site's
navigation for logged-in users; malformed items are check errors E080/E081."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.test import override_settings

from django_frappe_web.checks import check_portal_menu
from django_frappe_web.website.portal_menu import menu_for
from tests.accounts.conftest import text

MENU = [
    {"title": "My Orders", "route": "orders", "reference_doctype": "Invoice", "role": "Customer"},
    {"title": "Newsletter", "route": "/newsletter"},
    {"title": "Supplier Quotes", "route": "/quotes", "role": "Supplier"},
]
HOOKED = {"title": "Hooked tickets", "route": "/hooked-tickets"}


def titles(items):
    return [item["title"] for item in items]


def join(user, *names):
    for name in names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])


@pytest.fixture
def portal(db):
    with override_settings(FRAPPE_WEB={"PORTAL_MENU": MENU}):
        yield


def test_me_sends_a_guest_to_the_login_page(client, db):
    response = client.get("/me")
    assert (response.status_code, response["Location"]) == (302, "/login?redirect-to=/me")


def test_me_shows_the_account_and_links_to_change_the_password(client, user):
    user.first_name, user.last_name = "Alice", "Liddell"
    user.save()
    client.force_login(user)
    response = client.get("/me")
    assert response.status_code == 200
    page = text(response)
    assert '<dd class="account-name">Alice Liddell</dd>' in page
    assert '<dd class="account-email">alice@example.com</dd>' in page
    assert '<a class="btn" href="/update-password">Change password</a>' in page
    assert "no-store" in response["Cache-Control"] and "X-From-Cache" not in response


def test_the_menu_is_filtered_by_the_users_groups(portal, user, other_user, django_user_model):
    join(user, "Customer")
    join(other_user, "Supplier", "hooked-customers")
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    assert titles(menu_for(user)) == ["My Orders", "Newsletter"]
    assert titles(menu_for(other_user)) == ["Newsletter", "Supplier Quotes", "Hooked tickets"]
    assert titles(menu_for(admin)) == ["My Orders", "Newsletter", "Supplier Quotes", "Hooked tickets"]


def test_guests_have_no_menu(portal):
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(AnonymousUser()) == []


def test_the_menu_is_in_the_navigation_and_on_me(client, portal, user):
    join(user, "Customer")
    client.force_login(user)
    nav = '<span class="portal-menu"><a href="/orders">My Orders</a><a href="/newsletter">Newsletter</a></span>'
    assert nav in text(client.get("/me"))
    assert '<li><a href="/orders">My Orders</a></li>' in text(client.get("/me"))
    assert nav in text(client.get("/about"))  # every page of the site
    assert "Supplier Quotes" not in text(client.get("/about"))


def test_a_guests_pages_have_no_menu(client, portal):
    page = text(client.get("/about"))
    assert "portal-menu" not in page and "My Account" not in page


def test_settings_come_before_hooks_and_a_route_is_listed_once(user, db):
    join(user, "hooked-customers")
    menu = [{"title": "Tickets (settings)", "route": "hooked-tickets"}]
    with override_settings(FRAPPE_WEB={"PORTAL_MENU": menu}):
        assert titles(menu_for(user)) == ["Tickets (settings)"]


def test_a_clean_menu_passes_the_checks(portal):
    assert check_portal_menu() == []


@pytest.mark.parametrize(("item", "check_id", "words"), [
    ("orders", "E080", "must be a dict, not str"),
    ({"route": "/orders"}, "E080", "needs a title"),
    ({"title": "Orders", "route": ""}, "E080", "needs a route"),
    ({"title": "Orders", "route": "/o", "colour": "red"}, "E080", "unknown keys: colour"),
    ({"title": "Orders", "route": "/o", "role": ["Customer"]}, "E080", "role must be a string"),
    ({"title": "Orders", "route": "/o", "reference_doctype": "Sales Order"}, "E081", "'Sales Order', which is not registered"),
])
def test_malformed_menu_items_are_check_errors_and_left_out(user, item, check_id, words):
    user.is_superuser = True
    with override_settings(FRAPPE_WEB={"PORTAL_MENU": [item]}):
        [error] = [m for m in run_checks() if m.id.startswith("django_frappe_web.E08")]
        assert menu_for(user) == [HOOKED | {"reference_doctype": "Ticket", "role": "hooked-customers"}]
    assert error.id == f"django_frappe_web.{check_id}"
    assert error.msg.startswith("Portal menu item 0 (settings) ") and words in error.msg
    assert "docs/portal.md" in error.hint


def test_portal_menu_must_be_a_list(db):
    from django_frappe_web.checks import check_settings

    with override_settings(FRAPPE_WEB={"PORTAL_MENU": {"title": "x"}}):
        assert "django_frappe_web.E006" in [m.id for m in check_settings()]


def test_an_apps_hook_naming_an_unknown_doctype_is_a_check_error(user):
    from django.conf import settings

    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.portal_app"]):
        errors = [m for m in run_checks() if m.id.startswith("django_frappe_web.E08")]
        user.is_superuser = True
        assert titles(menu_for(user)) == ["Hooked tickets", "Fine"]  # the broken items are left out
    assert [(e.id, e.msg) for e in errors] == [
        ("django_frappe_web.E081", "Portal menu item 1 (hooks:tests.portal_app) names the doctype 'Sales Order', "
                                   "which is not registered."),
        ("django_frappe_web.E080", "Portal menu item 2 (hooks:tests.portal_app) needs a route (a non-empty string)."),
    ]
