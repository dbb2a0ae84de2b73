"""frappe.rate_limit: 429 with Retry-After past the limit, counted in the shared cache."""

import pytest

pytestmark = pytest.mark.django_db


def test_third_call_in_window_is_429(client):
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1").status_code == 200
    response = client.get("/probe/rate/", REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["exc_type"] == "TooManyRequestsError"
    # Another client IP has its own budget.
    assert client.get("/probe/rate/", REMOTE_ADDR="10.0.0.2").status_code == 200
