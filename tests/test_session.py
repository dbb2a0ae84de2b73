"""frappe.session.data persisted in Django's session, beside Django's own session API."""

import pytest

from django_frappe_web.exceptions import SessionDataError
from django_frappe_web.session import SessionData

pytestmark = pytest.mark.django_db


def test_top_level_and_nested_mutation_persist(client, user):
    client.force_login(user)
    assert client.get("/probe/session/?action=set").json()["data"] == {"preferences": {"theme": "light", "tags": []}}
    client.get("/probe/session/?action=nested")
    assert client.get("/probe/session/").json()["data"]["preferences"]["theme"] == "dark"
    client.get("/probe/session/?action=append")  # in-place list mutation, caught by the snapshot
    assert client.get("/probe/session/").json()["data"]["preferences"]["tags"] == ["news"]
    assert client.session["_frappe_session_data"]["preferences"] == {"theme": "dark", "tags": ["news"]}


def test_guest_session_data_persists_too(client):
    client.get("/probe/session/?action=set")
    assert client.get("/probe/session/").json()["data"]["preferences"]["theme"] == "light"


def test_django_session_api_keeps_working(client):
    client.get("/probe/session/?action=test-cookie")
    assert client.get("/probe/session/?action=check-cookie").json() == {"worked": True}


def test_unserialisable_nested_value_names_the_key(client):
    client.get("/probe/session/?action=set")
    with pytest.raises(SessionDataError, match=r"preferences\.when"):
        client.get("/probe/session/?action=bad-nested")


def test_unserialisable_value_appended_in_place_names_the_key(client):
    client.get("/probe/session/?action=set")
    with pytest.raises(SessionDataError, match=r"preferences\.tags\.0"):
        client.get("/probe/session/?action=bad-append")
    # Nothing was half-saved: the session still holds the last good value.
    assert client.session["_frappe_session_data"]["preferences"]["tags"] == []


def test_session_data_outside_a_request_is_a_plain_dict():
    from django_frappe_web import frappe

    with frappe.init(user="Guest"):
        frappe.session.data["x"] = {"y": 1}
        assert frappe.session.data == {"x": {"y": 1}}
        assert frappe.session.sid == "Guest"


def test_session_data_refuses_non_string_keys():
    data = SessionData({})
    with pytest.raises(SessionDataError, match="keys must be strings"):
        data[1] = "x"
