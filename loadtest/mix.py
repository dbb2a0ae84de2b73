"""The request mix of a load run: what a site's visitors, users and API clients send.

Weights are per hundred calls. Creates (API, ``insert_many``, web form POSTs) write ``Feedback``
rows whose ``full_name`` is a unique marker, so a run can compare the rows in the database with
the answers it received. Guest pages without a query string are cached by the site; the same
pages with a query string, logged-in pages, forms and print views are rendered every time.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .driver import Call, Connection

# Where each create's marker lands: Feedback.full_name, Article.slug.
MARKED_ROWS = ("SELECT full_name FROM demo_feedback WHERE full_name LIKE %(prefix)s "
               "UNION ALL SELECT slug FROM demo_article WHERE slug LIKE %(prefix)s")
CONTACT_FORM = "/contact/new"
INSERT_MANY_BATCH = 5
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Credentials:
    """What the mix sends to be someone: an API token, a user's session, a guest's CSRF pair."""

    token: str  # "api_key:api_secret" of a user who may create Feedback
    session_cookie: str  # "sessionid=..." of a logged-in user
    csrf_cookie: str  # "csrftoken=..." of a guest
    csrf_token: str  # the form's csrfmiddlewaretoken for that cookie


def cookie_from(headers: dict[str, str], name: str) -> str:
    """``name=value`` of a ``Set-Cookie`` header (http.client joins several with ", ")."""
    match = re.search(rf"(?:^|[ ,]){name}=([^;,]*)", headers.get("set-cookie", ""))
    if not match:
        raise RuntimeError(f"no {name} cookie in {headers.get('set-cookie')!r}")
    return f"{name}={match.group(1)}"


def guest_csrf(base_url: str) -> tuple[str, str]:
    """A guest's CSRF cookie and the token the contact form carries for it."""
    connection = Connection(base_url, timeout=30)
    try:
        status, headers, body = connection.send(Call("setup", "GET", CONTACT_FORM))
    finally:
        connection.close()
    match = CSRF_INPUT.search(body)
    if status != 200 or not match:
        raise RuntimeError(f"GET {CONTACT_FORM} answered {status} without a CSRF token")
    return cookie_from(headers, "csrftoken"), match.group(1).decode()


def log_in(base_url: str, username: str, password: str) -> str:
    """The session cookie of ``username``, logged in through the /login page as a browser does."""
    connection = Connection(base_url, timeout=30)
    try:
        status, headers, body = connection.send(Call("setup", "GET", "/login"))
        match = CSRF_INPUT.search(body)
        if status != 200 or not match:
            raise RuntimeError(f"GET /login answered {status} without a CSRF token")
        csrf = cookie_from(headers, "csrftoken")
        form = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": match.group(1).decode()})
        status, headers, _ = connection.send(Call("setup", "POST", "/login", {
            "Cookie": csrf, "Content-Type": "application/x-www-form-urlencoded"}, form.encode()))
    finally:
        connection.close()
    if status != 302:
        raise RuntimeError(f"logging in as {username} answered {status}, not 302")
    return cookie_from(headers, "sessionid")


def prepare(base_url: str, token: str, username: str = "alice", password: str = "alice") -> Credentials:
    return Credentials(token, log_in(base_url, username, password), *guest_csrf(base_url))


class Mix:
    """Makes the calls of a run: ``mix(thread_index) -> Call``, random by weight, reproducible by seed."""

    def __init__(self, credentials: Credentials, run_id: str, *, seed: int = 12,
                 weights: dict[str, int] | None = None):
        self.credentials = credentials
        self.run_id = run_id
        self.counter = itertools.count()
        self.lock = threading.Lock()
        self.makers: dict[str, Callable[[], Call]] = {
            name: getattr(self, f"call_{name}") for name in (weights or WEIGHTS)}
        chosen = weights or WEIGHTS
        self.names = list(chosen)
        self.cumulative = list(itertools.accumulate(chosen[name] for name in self.names))
        self.random = random.Random(seed)  # noqa: S311 - a reproducible mix, not a secret

    def __call__(self, thread_index: int) -> Call:
        with self.lock:
            name = self.random.choices(self.names, cum_weights=self.cumulative)[0]
        return self.makers[name]()

    def marker(self, kind: str) -> str:
        return f"{self.run_id}-{kind}-{next(self.counter)}"

    def number(self) -> int:
        return next(self.counter)

    # -- guests: cached (no query string) and rendered (with one) ------------------------

    def call_home(self) -> Call:
        return Call("www cached", "GET", "/")

    def call_docs(self) -> Call:
        return Call("www cached", "GET", "/docs/setup")

    def call_web_page(self) -> Call:
        return Call("www cached", "GET", "/about")

    def call_home_uncached(self) -> Call:
        return Call("www uncached", "GET", f"/?n={self.number()}")

    def call_docs_uncached(self) -> Call:
        return Call("www uncached", "GET", f"/docs/setup?n={self.number()}")

    def call_document(self) -> Call:
        return Call("document", "GET", "/blog/welcome")

    def call_list(self) -> Call:
        return Call("list", "GET", "/blog")

    def call_list_search(self) -> Call:
        return Call("list", "GET", "/blog?txt=doc")

    def call_print(self) -> Call:
        return Call("print", "GET", "/printview?doctype=Article&name=welcome")

    # -- a logged-in user ----------------------------------------------------------------

    def call_user_document(self) -> Call:
        return Call("logged-in page", "GET", "/blog/welcome", {"Cookie": self.credentials.session_cookie})

    def call_user_form(self) -> Call:
        return Call("logged-in page", "GET", "/talks/new", {"Cookie": self.credentials.session_cookie})

    def call_user_print(self) -> Call:
        return Call("logged-in page", "GET", "/Article/welcome", {"Cookie": self.credentials.session_cookie})

    # -- the API with a token ------------------------------------------------------------

    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.credentials.token}", "Accept": "application/json"}

    def call_api_list(self) -> Call:
        return Call("api list", "GET", "/api/resource/Article?limit_page_length=20&fields=%5B%22title%22%5D",
                    self.api_headers())

    def call_api_list_v2(self) -> Call:
        return Call("api list", "GET", "/api/v2/document/Feedback?limit=20", self.api_headers())

    def call_api_create(self) -> Call:
        marker = self.marker("api")
        return Call("api create", "POST", "/api/resource/Feedback",
                    {**self.api_headers(), "Content-Type": "application/json"},
                    json.dumps(feedback(marker)).encode(), (marker,))

    def call_api_article(self) -> Call:
        """A published article: a write that changes the website (a new route), unlike Feedback."""
        marker = self.marker("article")
        doc = {"title": f"Load {marker}", "slug": marker, "route": f"load/{marker}", "published": 1, "body": "Load."}
        return Call("api create", "POST", "/api/resource/Article",
                    {**self.api_headers(), "Content-Type": "application/json"}, json.dumps(doc).encode(), (marker,))

    def call_insert_many(self) -> Call:
        markers = tuple(self.marker("many") for _ in range(INSERT_MANY_BATCH))
        docs = [{"doctype": "Feedback", **feedback(marker)} for marker in markers]
        return Call("insert_many", "POST", "/api/method/frappe.client.insert_many",
                    {**self.api_headers(), "Content-Type": "application/json"},
                    json.dumps({"docs": docs}).encode(), markers)

    # -- web forms: a guest's GET, and POST with the CSRF pair ---------------------------

    def call_form(self) -> Call:
        return Call("web form GET", "GET", CONTACT_FORM)

    def call_form_post(self) -> Call:
        marker = self.marker("form")
        body = urllib.parse.urlencode({**feedback(marker), "topic": "idea", "rating": "4",
                                       "csrfmiddlewaretoken": self.credentials.csrf_token})
        return Call("web form POST", "POST", CONTACT_FORM,
                    {"Cookie": self.credentials.csrf_cookie, "Content-Type": "application/x-www-form-urlencoded"},
                    body.encode(), (marker,))


def feedback(marker: str) -> dict[str, str]:
    return {"full_name": marker, "email": "load@example.com", "message": f"Sent by the load run ({marker})."}


# Per hundred calls. Reads dominate, as on a site; a fifth of the calls write.
WEIGHTS: dict[str, int] = {
    "home": 10, "docs": 6, "web_page": 6, "home_uncached": 4, "docs_uncached": 4,
    "document": 8, "list": 5, "list_search": 3, "print": 3,
    "user_document": 5, "user_form": 3, "user_print": 3,
    "api_list": 9, "api_list_v2": 3,
    "api_create": 7, "api_article": 1, "insert_many": 4,
    "form": 6, "form_post": 10,
}
KINDS = ("www cached", "www uncached", "document", "list", "print", "logged-in page", "api list", "api create",
         "insert_many", "web form GET", "web form POST")


def only(*names: str) -> dict[str, int]:
    """A mix of some calls only, with equal weights (the fault tests' creates)."""
    unknown = set(names) - set(WEIGHTS)
    if unknown:
        raise ValueError(f"unknown calls: {sorted(unknown)}")
    return dict.fromkeys(names, 1)


def answered_markers(outcomes: Sequence) -> set[str]:
    """Markers of the creates that got a 2xx or 3xx answer (a web form answers 200 or redirects)."""
    return {marker for outcome in outcomes if 200 <= outcome.status < 400 for marker in outcome.markers}
