"""A front end on another origin against the example project, run as ``runserver`` on loopback.

What docs/api.md ("Bearer tokens: OAuth2") walks through, done here with ``requests`` as the front
end and its user would: the authorization-code flow with PKCE (log in on the site's own login page,
allow the application, trade the code for tokens, call /api, refresh, revoke), the
client-credentials flow of a server-side client, CORS for the front end's origin and nothing for
others. The example project reads ``FRONTEND_ORIGINS`` from the environment.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from harness.servers import AppServer, free_port
from tests.conftest import require

from .conftest import demo_environment, manage

FRONT_END = "http://localhost:5173"
CALLBACK = f"{FRONT_END}/callback"

# Run in the example project (manage.py shell): the two applications an admin would add in the admin.
APPLICATIONS = f"""
import json
from django.contrib.auth import get_user_model
from oauth2_provider.models import get_application_model

Application = get_application_model()
admin = get_user_model().objects.get(username="admin")
spa = Application.objects.create(name="SPA", user=admin, client_type=Application.CLIENT_PUBLIC,
                                 authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                                 redirect_uris="{CALLBACK}")
secret = "s3cret-" + "x" * 30
robot = Application.objects.create(name="Reports robot", user=admin, client_type=Application.CLIENT_CONFIDENTIAL,
                                   authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
                                   client_secret=secret)
print(json.dumps({{"spa": spa.client_id, "robot": robot.client_id, "robot_secret": secret}}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("requests")
    from importlib.util import find_spec

    require(find_spec("oauth2_provider") and find_spec("corsheaders"), "needs the [oauth] and [cors] extras")
    database = tmp_path_factory.mktemp("headless") / "db.sqlite3"
    env = {**demo_environment(database), "FRONTEND_ORIGINS": FRONT_END}
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo")
    clients = json.loads(manage(env, "shell", "-c", APPLICATIONS).stdout.strip().splitlines()[-1])
    port = free_port()
    with AppServer("runserver", [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                   port=port, env=env, log_path=database.parent / "runserver.log") as server:
        yield server.url, clients


class HiddenFields(HTMLParser):
    """The form fields of the consent page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(url: str, client_id: str, challenge: str, scope: str = "read write") -> str:
    """The user's part: sent to the site's login page, logs in, allows the application; the code."""
    browser = requests.Session()
    state = secrets.token_urlsafe(8)
    query = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "scope": scope,
             "state": state, "code_challenge": challenge, "code_challenge_method": "S256"}
    to_login = browser.get(f"{url}/o/authorize/", params=query, allow_redirects=False)
    assert to_login.status_code == 302 and to_login.headers["Location"].startswith("/login?next=")
    login_page = browser.get(url + to_login.headers["Location"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    next_url = parse_qs(urlsplit(to_login.headers["Location"]).query)["next"][0]
    consent = browser.post(f"{url}/login", data={"username": "admin", "password": "admin", "next": next_url,
                                                 "csrfmiddlewaretoken": token}, headers={"Referer": login_page.url})
    assert consent.status_code == 200 and "Authorize" in consent.text, consent.text[:500]
    form = HiddenFields()
    form.feed(consent.text)
    allowed = browser.post(consent.url, data={**form.fields, "allow": "Authorize"}, allow_redirects=False,
                           headers={"Referer": consent.url})
    assert allowed.status_code == 302, allowed.text[:500]
    redirect = urlsplit(allowed.headers["Location"])
    params = parse_qs(redirect.query)
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == CALLBACK and params["state"] == [state]
    return params["code"][0]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Origin": FRONT_END}


def test_authorization_code_with_pkce_end_to_end(site):
    url, clients = site
    verifier, challenge = pkce()
    code = authorize(url, clients["spa"], challenge)
    # The front end trades the code for tokens, from its own origin (CORS on /o/ too).
    token_response = requests.post(f"{url}/o/token/", headers={"Origin": FRONT_END}, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "client_id": clients["spa"],
        "code_verifier": verifier})
    assert token_response.status_code == 200, token_response.text
    assert token_response.headers["Access-Control-Allow-Origin"] == FRONT_END
    tokens = token_response.json()
    assert tokens["token_type"] == "Bearer" and set(tokens["scope"].split()) == {"read", "write"}

    me = requests.get(f"{url}/api/method/frappe.auth.get_logged_user", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200 and me.json() == {"message": "admin"}
    assert me.headers["Access-Control-Allow-Origin"] == FRONT_END
    created = requests.post(f"{url}/api/resource/Article", headers=bearer(tokens["access_token"]),
                            json={"title": "From the SPA", "slug": "from-the-spa", "category": "News"})
    assert created.status_code == 200 and created.json()["data"]["name"] == "from-the-spa"

    # A refresh gives a new access token; the old one stops working.
    refreshed = requests.post(f"{url}/o/token/", data={"grant_type": "refresh_token", "client_id": clients["spa"],
                                                       "refresh_token": tokens["refresh_token"]}).json()
    old = requests.get(f"{url}/api/method/frappe.auth.get_logged_user", headers=bearer(tokens["access_token"]))
    assert old.status_code == 401 and old.json()["exc_type"] == "AuthenticationError"
    assert 'error="invalid_token"' in old.headers["WWW-Authenticate"]
    assert old.headers["Access-Control-Allow-Origin"] == FRONT_END  # the front end can read why

    # Logging out of the front end: revoke the token.
    revoked = requests.post(f"{url}/o/revoke_token/", data={"token": refreshed["access_token"],
                                                            "client_id": clients["spa"]})
    assert revoked.status_code == 200
    after = requests.get(f"{url}/api/method/frappe.auth.get_logged_user", headers=bearer(refreshed["access_token"]))
    assert after.status_code == 401


def test_a_code_without_its_verifier_is_refused(site):
    url, clients = site
    _, challenge = pkce()
    code = authorize(url, clients["spa"], challenge)
    response = requests.post(f"{url}/o/token/", data={"grant_type": "authorization_code", "code": code,
                                                      "redirect_uri": CALLBACK, "client_id": clients["spa"],
                                                      "code_verifier": pkce()[0]})
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_read_only_authorization_cannot_write(site):
    url, clients = site
    verifier, challenge = pkce()
    code = authorize(url, clients["spa"], challenge, scope="read")
    token = requests.post(f"{url}/o/token/", data={"grant_type": "authorization_code", "code": code,
                                                   "redirect_uri": CALLBACK, "client_id": clients["spa"],
                                                   "code_verifier": verifier}).json()["access_token"]
    assert requests.get(f"{url}/api/resource/Article", headers=bearer(token)).status_code == 200
    refused = requests.post(f"{url}/api/resource/Article", headers=bearer(token), json={"title": "x", "slug": "x"})
    assert refused.status_code == 403 and refused.json()["exc_type"] == "PermissionError"


def test_client_credentials_end_to_end(site):
    url, clients = site
    response = requests.post(f"{url}/o/token/", auth=(clients["robot"], clients["robot_secret"]),
                             data={"grant_type": "client_credentials", "scope": "read"})
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    # No user of its own: it acts as its application's user (admin here).
    listed = requests.get(f"{url}/api/resource/Article", headers={"Authorization": f"Bearer {token}"},
                          params={"fields": '["name"]', "limit_page_length": 1})
    assert listed.status_code == 200 and len(listed.json()["data"]) == 1
    me = requests.get(f"{url}/api/method/frappe.auth.get_logged_user", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"message": "admin"}
    wrong = requests.post(f"{url}/o/token/", auth=(clients["robot"], "wrong"), data={"grant_type": "client_credentials"})
    assert wrong.status_code == 401


@pytest.mark.parametrize("origin", ["https://evil.example.com", "null", "http://localhost:5174"])
def test_preflights_from_other_origins_get_no_cors_headers(site, origin):
    url, _ = site
    response = requests.options(f"{url}/api/resource/Article", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"})
    assert response.status_code < 500
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


def test_the_front_ends_preflight_is_answered(site):
    url, _ = site
    response = requests.options(f"{url}/api/resource/Article", headers={
        "Origin": FRONT_END, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-frappe-csrf-token"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert "x-frappe-csrf-token" in response.headers["Access-Control-Allow-Headers"]
