"""The example project driven by frappe-client (Python) as a user would: its own runserver, its seeded logins.

The client is :mod:`tests.api.frappeclient` (frappe/frappe-client's ``frappeclient/frappeclient.py``
requests; see there why it is not PyPI's). The admin logs in with the password ``seed_demo``
prints for reads and ``logout``, and writes with the API key it prints (frappe-client sends no
CSRF token, which a session's writes need here).
"""

from __future__ import annotations

import re

import pytest

from tests.api.frappeclient import FrappeClient, FrappeException

from .conftest import demo_environment, manage


@pytest.fixture(scope="module")
def admin_key(example_site, example_database) -> tuple[str, str]:
    """The admin's API key and a fresh secret, as ``seed_demo`` prints them (it may run again)."""
    seeded = manage(demo_environment(example_database), "seed_demo").stdout
    key, secret = re.search(r"api_key (\S+)\s+api_secret (\S+)", seeded).groups()
    return key, secret


def test_a_password_session_reads_and_logs_out(example_site):
    with FrappeClient(example_site, username="admin", password="admin") as client:
        titles = [row["title"] for row in client.get_list("Article", fields=["title"], order_by="slug asc")]
        assert titles == ["Doctypes", "Draft: roadmap", "Welcome to django-frappe-web", "Writing www pages"]
        assert client.get_doc("Article", "welcome")["category"] == "News"
        assert client.get_api("frappe.auth.get_logged_user") == "admin"
    assert len(client.get_list("Article")) == 3  # a guest again: the published ones
    client.session.close()


def test_writes_print_and_cmd_calls_with_the_api_key(example_site, admin_key):
    client = FrappeClient(example_site, api_key=admin_key[0], api_secret=admin_key[1])
    created = client.insert({"doctype": "Article", "title": "From frappe-client", "slug": "from-client",
                             "category": "Guides", "body": "Sent by FrappeClient.insert"})
    assert created["name"] == "from-client"
    assert client.update({"doctype": "Article", "name": "from-client", "published": 1})["published"] is True
    assert client.insert_many([{"doctype": "Category", "name": "Client A"},
                               {"doctype": "Category", "name": "Client B"}]) == ["Client A", "Client B"]
    failed = client.bulk_update([{"doctype": "Article", "docname": "doctypes", "body": "Changed in bulk"},
                                 {"doctype": "Article", "docname": "nope", "body": "x"}])["failed_docs"]
    assert [row["doc"]["docname"] for row in failed] == ["nope"]
    assert client.get_value("Article", "body", {"name": "doctypes"}) == {"body": "Changed in bulk"}
    assert client.set_value("Article", "from-client", "title", "Set by set_value")["title"] == "Set by set_value"
    assert client.get_value("Article", "title", {"name": "from-client"}) == {"title": "Set by set_value"}
    assert client.rename_doc("Article", "from-client", "renamed-by-client") == "renamed-by-client"
    assert client.get_pdf("Article", "welcome", print_format="Article Card").startswith(b"%PDF")
    assert "Welcome to django-frappe-web" in client.get_html("Article", "welcome").decode()
    assert client.post_api("ping") == "pong" and client.get_api("version")
    claim = client.insert({"doctype": "Expense Claim", "title": "Train", "employee": "Ada", "amount": "42.00"})
    assert client.submit({"doctype": "Expense Claim", "name": claim["name"]})["docstatus"] == 1
    assert client.cancel("Expense Claim", claim["name"]) is None
    assert client.get_value("Expense Claim", "docstatus", {"name": claim["name"]}) == {"docstatus": 2}
    assert client.delete("Article", "renamed-by-client") is None
    with pytest.raises(FrappeException, match="Article renamed-by-client not found"):  # the demo runs DEBUG: "exc"
        client.get_doc("Article", "renamed-by-client")
    client.session.close()
