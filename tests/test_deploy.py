"""deploy/ works as written: nginx accepts the site file, and the example project's production
settings behind it serve static files, pages over HTTPS and private files through X-Accel-Redirect;
``manage.py check --deploy`` finds nothing to say about those settings.

The checks of the configuration run everywhere nginx is installed; the site behind nginx runs in
the PostgreSQL + Redis suite (markers ``postgres`` and ``redis``), like tests/live.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from django.conf import settings

from harness import servers
from harness.nginx import BINARY, Nginx, render
from harness.site import PRODUCTION, Site, postgres_site
from tests.live.conftest import suite_postgres_url

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


@pytest.fixture
def nginx_binary():
    if not BINARY:
        if CI:
            pytest.fail("nginx is not installed and CI=true")
        pytest.skip("needs nginx (apt-get install nginx-light)")


def test_nginx_accepts_the_rendered_site_file(nginx_binary, tmp_path):
    nginx = Nginx(tmp_path / "nginx", app_server="127.0.0.1:9", static_root=tmp_path / "static", data_dir=tmp_path)

    assert "syntax is ok" in nginx.check()


def test_every_placeholder_of_the_site_file_must_be_given():
    with pytest.raises(KeyError, match="APP_SERVER"):
        render((DEPLOY / "nginx" / "site.conf").read_text(), {"SERVER_NAME": "example.com"})


def test_check_deploy_finds_nothing_in_the_production_settings(tmp_path):
    for sub in ("backups", "private/files"):
        (tmp_path / sub).mkdir(parents=True)
    site = Site(tmp_path, PRODUCTION, {
        "SECRET_KEY": "a-long-random-production-key-" + "k7Yq2" * 10, "DATA_DIR": str(tmp_path),
        # check --deploy connects to neither: any well-formed URLs do
        "DATABASE_URL": "postgres://site@127.0.0.1:5432/site", "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "example.com",
    })

    assert site.manage("check", "--deploy", "--fail-level", "WARNING").strip() == \
        "System check identified no issues (1 silenced)."


# --- the example project behind nginx ------------------------------------------------------------


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    """gunicorn (deploy/gunicorn.conf.py) with the production settings over HTTPS, behind nginx."""
    if not BINARY:
        pytest.fail("nginx is not installed and CI=true") if CI else pytest.skip("needs nginx")
    folder = tmp_path_factory.mktemp("deploy-site")
    with postgres_site(folder, postgres_url=suite_postgres_url(), redis_url=settings.CACHES["default"]["LOCATION"],
                       SITE_HTTPS="1", FILE_SENDFILE="x-accel-redirect") as site:
        site.manage("collectstatic", "--noinput", "-v0")
        server = servers.gunicorn(site, workers=1)
        server.is_ready = lambda: plain_get(server, "/api/method/ping").status_code == 200
        nginx = Nginx(folder / "nginx", app_server=f"127.0.0.1:{server.port}", static_root=folder / "static",
                      data_dir=folder)
        with server, nginx:
            yield site, server, nginx


def plain_get(server, path: str, **headers) -> requests.Response:
    """Straight to gunicorn, as if from nginx over HTTPS (``X-Forwarded-Proto: https``)."""
    try:
        return requests.get(server.url + path, headers={"X-Forwarded-Proto": "https", **headers},
                            allow_redirects=False, timeout=10)
    except requests.ConnectionError:
        return requests.Response()


def secure_session(nginx: Nginx) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment wins over ``verify``
    session.verify = str(nginx.certificate)
    return session


@pytest.mark.postgres
@pytest.mark.redis
def test_static_files_are_served_by_nginx(behind_nginx):
    site, server, nginx = behind_nginx

    response = secure_session(nginx).get(nginx.https_url + "/static/frappe_web/website.css", timeout=10)

    assert response.status_code == 200
    assert response.content == (site.folder / "static" / "frappe_web" / "website.css").read_bytes()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Expires" in response.headers and "X-Accel-Redirect" not in response.headers


@pytest.mark.postgres
@pytest.mark.redis
def test_pages_are_served_over_https_with_secure_cookies_and_plain_http_is_sent_there(behind_nginx):
    site, server, nginx = behind_nginx
    visitor = secure_session(nginx)

    page = visitor.get(nginx.https_url + "/about", allow_redirects=False, timeout=10)
    logged_in = visitor.post(nginx.https_url + "/api/method/login", data={"usr": "alice", "pwd": "alice"}, timeout=10)
    plain = requests.get(nginx.http_url + "/about", allow_redirects=False, timeout=10)
    direct = requests.get(server.url + "/about", allow_redirects=False, timeout=10)

    # Django saw X-Forwarded-Proto: https from nginx, so no redirect to HTTPS and a secure session cookie
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert logged_in.status_code == 200
    assert "secure" in logged_in.headers["Set-Cookie"].lower()
    assert (plain.status_code, plain.headers["Location"]) == (301, "https://localhost/about")
    # gunicorn reached without nginx's header: Django sends the visitor to HTTPS itself
    assert direct.status_code == 301 and direct.headers["Location"].startswith("https://")


@pytest.mark.postgres
@pytest.mark.redis
def test_a_private_file_is_sent_by_nginx_to_its_reader_only(behind_nginx):
    site, server, nginx = behind_nginx
    path = "/private/files/welcome-notes.txt"
    reader = secure_session(nginx)
    reader.post(nginx.https_url + "/api/method/login", data={"usr": "alice", "pwd": "alice"}, timeout=10
                ).raise_for_status()

    from_django = plain_get(server, path, Cookie="; ".join(f"{c.name}={c.value}" for c in reader.cookies))
    sent = reader.get(nginx.https_url + path, timeout=10)
    guest = requests.get(nginx.https_url + path, verify=str(nginx.certificate), timeout=10)
    internal = reader.get(nginx.https_url + "/protected" + path, timeout=10)

    # Django checks the permission and hands the sending to nginx
    assert from_django.status_code == 200 and from_django.content == b""
    assert from_django.headers["X-Accel-Redirect"] == "/protected" + path
    # nginx sends the file, with the headers the site file adds back
    assert sent.status_code == 200
    assert sent.content == (site.folder / "private" / "files" / "welcome-notes.txt").read_bytes()
    assert "X-Accel-Redirect" not in sent.headers
    assert sent.headers["X-Content-Type-Options"] == "nosniff"
    assert sent.headers["Content-Security-Policy"] == "sandbox"
    assert sent.headers["Content-Type"].startswith("text/plain")
    assert sent.headers["Cache-Control"] == "private, no-cache"
    assert guest.status_code == 403 and guest.content != sent.content
    assert internal.status_code == 404
