"""Once warm, resolving and rendering a guest page costs no database query: redirect tables,
website settings and document routes are memoised per route generation (the page cache is off
here, so every request really renders)."""

import pytest
from django.test import override_settings

from django_frappe_web.models import WebsiteRedirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(tmp_path):
    (tmp_path / "about.html").write_text("<h1>About</h1>")
    WebsiteRedirect.objects.bulk_create(
        [WebsiteRedirect(source=f"old-{i}/(.*)", target=rf"/new-{i}/\1") for i in range(200)]
        + [WebsiteRedirect(source=f"literal-{i}", target="/about") for i in range(200)]
    )
    with override_settings(FRAPPE_WEB={"WWW_DIRS": [str(tmp_path)], "PAGE_CACHE_TIMEOUT": 0}):
        yield


def test_warm_www_page_runs_no_query(client, site, django_assert_num_queries):
    assert client.get("/about").status_code == 200  # warms the redirect table and the settings
    with django_assert_num_queries(0):
        response = client.get("/about")
    assert response.status_code == 200 and b"<h1>About</h1>" in response.content
    assert "X-From-Cache" not in response  # rendered, not served from the page cache


def test_warm_redirect_from_a_row_runs_no_query(client, site, django_assert_num_queries):
    client.get("/about")
    with django_assert_num_queries(0):
        response = client.get("/old-150/x")
    assert response.status_code == 301 and response["Location"] == "/new-150/x"


def test_warm_404_runs_no_query(client, site, django_assert_num_queries):
    assert client.get("/nothing-here").status_code == 404
    with django_assert_num_queries(0):
        assert client.get("/nothing-here").status_code == 404
