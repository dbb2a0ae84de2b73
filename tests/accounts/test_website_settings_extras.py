"""Website Settings for accounts and the portal: nested top-bar items and footer columns
(``parent_label``), ``banner_html``, ``head_html``, ``hide_login``, ``navbar_search`` (a search box
sending its query to the site search, ``/search``) and home pages per role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from django_frappe_web.models import RoleHomePage, WebsiteLink, WebsiteSettings
from tests.accounts.conftest import text
from tests.website.router_site import site as www_site


@pytest.fixture
def site(db):
    settings = WebsiteSettings()
    settings.save()
    return settings


def link(site, label, url="", parent="", location="top_bar", ordering=0):
    return WebsiteLink.objects.create(settings=site, label=label, url=url, parent_label=parent, location=location,
                                      ordering=ordering)


def test_top_bar_items_with_a_parent_label_are_a_drop_down(client, site):
    link(site, "Products", ordering=1)
    link(site, "Shoes", "/shoes", parent="Products", ordering=2)
    link(site, "Hats <new>", "/hats", parent="Products", ordering=3)
    link(site, "About", "/about", ordering=4)
    link(site, "Orphan", "/orphan", parent="Nobody", ordering=5)  # no such parent: a top-level item
    page = text(client.get("/about"))
    assert ('<details class="dropdown"><summary>Products</summary><div class="dropdown-menu">'
            '<a href="/shoes">Shoes</a><a href="/hats">Hats &lt;new&gt;</a></div></details>'
            '<a href="/about">About</a><a href="/orphan">Orphan</a>') in page


def test_footer_items_with_a_parent_label_are_columns(client, site):
    link(site, "Company", location="footer", ordering=1)
    link(site, "Jobs", "/jobs", parent="Company", location="footer", ordering=2)
    link(site, "Privacy", "/privacy", location="footer", ordering=3)
    page = text(client.get("/about"))
    assert ('<div class="footer-column"><h5>Company</h5><a href="/jobs">Jobs</a></div>'
            '<a href="/privacy">Privacy</a>') in page


def test_banner_and_head_html_are_put_in_as_written(client, site):
    site.banner_html = '<p class="promo">Sale <b>today</b></p>'
    site.head_html = '<meta name="verify" content="abc">'
    site.save()
    page = text(client.get("/about"))
    assert '<div class="website-banner"><p class="promo">Sale <b>today</b></p></div>' in page
    head = page.split("</head>")[0]
    assert '<meta name="verify" content="abc">' in head


def test_head_html_is_only_editable_by_staff(client, user):
    client.force_login(user)
    assert client.get("/admin/django_frappe_web/websitesettings/add/").status_code == 302  # to the admin login


def test_hide_login_removes_the_log_in_link_for_guests_only(client, site, user):
    site.hide_login = True
    site.save()
    assert '<a href="/login">Log in</a>' not in text(client.get("/about"))
    client.force_login(user)
    assert '<a href="/logout">Log out</a>' in text(client.get("/about"))


def test_navbar_search_is_hidden_unless_website_settings_turn_it_on(client, site):
    assert "navbar-search" not in text(client.get("/about"))


def test_navbar_search_sends_its_query_to_the_site_search(client, site):
    site.navbar_search = True
    site.save()
    page = text(client.get("/about"))
    assert ('<form class="navbar-search" method="get" action="/search">'
            '<input type="search" name="q" placeholder="Search" aria-label="Search"></form>') in page
    response = client.get("/search", {"q": "anything"})
    assert response.status_code == 200
    assert "Search results for" in text(response)


def test_a_settings_change_reaches_a_cached_guest_page(client, site, django_capture_on_commit_callbacks):
    with www_site():  # a www folder with /about, and the page cache on
        client.get("/about")
        assert client.get("/about")["X-From-Cache"] == "True"
        with django_capture_on_commit_callbacks(execute=True):
            site.banner_html = "<p>New banner</p>"
            site.save()
        response = client.get("/about")
    assert response.status_code == 200 and response["X-From-Cache"] == "False"
    assert "<p>New banner</p>" in text(response)


def test_a_role_home_page_is_where_its_group_lands_after_login(client, site, user, other_user):
    user.groups.add(Group.objects.create(name="Supplier"))
    RoleHomePage.objects.create(settings=site, role="Supplier", home_page="supplier-portal")
    response = client.post("/login", {"username": "alice", "password": "pw"})
    assert response["Location"] == "/supplier-portal"
    response = client.post("/login", {"username": "bob", "password": "pw"})
    assert response["Location"] == "/me"  # no role home page for bob's groups
