"""deploy/ works as written: nginx accepts the site file, and the example project's production
settings behind it serve static files, pages over HTTPS and private files through X-Accel-Redirect;
``manage.py check --deploy`` finds nothing to say about those settings.

The checks of the configuration run everywhere nginx is installed; the site behind nginx runs in
the PostgreSQL + Redis suite (markers ``postgres`` and ``redis``), like tests/live.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings

from harness import servers
from harness.nginx import BINARY, Nginx, render
from harness.site import PRODUCTION, Site, postgres_site
from tests.conftest import require
from tests.live.conftest import browser, in_one_window, suite_postgres_url

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


NGINX_MISSING = "needs nginx (apt-get install nginx-light)"


@pytest.fixture
def nginx_binary():
    require(BINARY, NGINX_MISSING)


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
    require(BINARY, NGINX_MISSING)
    folder = tmp_path_factory.mktemp("deploy-site")
    with postgres_site(folder, postgres_url=suite_postgres_url(), redis_url=settings.CACHES["default"]["LOCATION"],
                       setup=[["collectstatic", "--noinput", "--verbosity", "0"]],
                       SITE_HTTPS="1", FILE_SENDFILE="x-accel-redirect") as site:
        server = servers.gunicorn(site, workers=1)
        nginx = Nginx(folder / "nginx", app_server=f"127.0.0.1:{server.port}", static_root=folder / "static",
                      data_dir=folder)
        with server, nginx:
            yield site, server, nginx


def plain_get(server, path: str, **headers) -> requests.Response:
    """Straight to gunicorn, as if from nginx over HTTPS (``X-Forwarded-Proto: https``)."""
    return requests.get(server.url + path, headers={"X-Forwarded-Proto": "https", **headers},
                        allow_redirects=False, timeout=10)


def secure_session(nginx: Nginx, address: str = "127.0.0.1") -> requests.Session:
    """A visitor of the site over HTTPS, connecting from ``address``."""
    session = browser(address)
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
def test_a_browser_form_posted_through_nginx_passes_the_csrf_origin_check(behind_nginx):
    site, server, nginx = behind_nginx
    visitor = secure_session(nginx, "127.0.0.6")
    form = visitor.get(nginx.https_url + "/login", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)

    fields = {"csrfmiddlewaretoken": token, "username": "alice", "password": "alice"}

    # A browser sends its Origin (scheme, host and port) with a form post over HTTPS.
    forged = visitor.post(nginx.https_url + "/login", data=fields, headers={"Origin": "https://evil.example"},
                          allow_redirects=False, timeout=10)
    posted = visitor.post(nginx.https_url + "/login", data=fields, headers={"Origin": nginx.https_url},
                          allow_redirects=False, timeout=10)

    assert (posted.status_code, posted.headers.get("Location")) == (302, "/me")  # a website user's home (docs/accounts.md)
    assert forged.status_code in (400, 403)


@pytest.mark.postgres
@pytest.mark.redis
def test_the_login_throttle_counts_each_visitor_behind_nginx_not_nginx(behind_nginx):
    site, server, nginx = behind_nginx

    def attempt(visitor, n: int) -> int:
        return visitor.post(nginx.https_url + "/api/method/login", data={"usr": f"nobody{n}", "pwd": "x"},
                            timeout=10).status_code

    def eleven_failed_logins(run: int) -> list[int]:  # every name new: only the address counts
        visitor = secure_session(nginx, f"127.0.0.{40 + run}")
        return [attempt(visitor, 100 * run + n) for n in range(11)]

    statuses = in_one_window(eleven_failed_logins)

    assert statuses == [401] * 10 + [429]  # ten a minute per address
    assert attempt(secure_session(nginx, "127.0.0.5"), 999) == 401  # another visitor, through the same nginx


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


# --- process managers ----------------------------------------------------------------------------


def unit_commands() -> dict[str, str]:
    """Each systemd unit's ExecStart, by unit name."""
    commands = {}
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
        commands[unit.stem] = line.removeprefix("ExecStart=")
    return commands


def procfile() -> dict[str, str]:
    lines = (DEPLOY / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:  # not a tool CI must have: the unit files' other test still runs
        pytest.skip("needs systemd-analyze (systemd)")
    venv = Path(sys.executable).parent.parent
    (tmp_path / "site.env").write_text((DEPLOY / "site.env.example").read_text())
    for unit in (DEPLOY / "systemd").glob("*.service"):
        text = unit.read_text().replace("/srv/site/venv", str(venv)).replace("/srv/site/app", str(DEPLOY.parent))
        (tmp_path / unit.name).write_text(text.replace("/srv/site/site.env", str(tmp_path / "site.env")))

    result = subprocess.run([analyze, "verify", *sorted(map(str, tmp_path.glob("*.service")))],
                            capture_output=True, text=True, timeout=60, check=False)

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_units_and_the_procfile_run_the_same_processes():
    units, processes = unit_commands(), procfile()

    assert set(units) == {"frappe-web", "frappe-web-worker", "frappe-web-scheduler"}
    assert units["frappe-web-worker"].endswith(processes["worker"].removeprefix("python "))
    assert units["frappe-web-scheduler"].endswith(processes["scheduler"].removeprefix("python "))
    assert units["frappe-web"].endswith("/gunicorn --config /srv/site/app/deploy/gunicorn.conf.py")
    assert processes["web"].startswith("gunicorn --config ../deploy/gunicorn.conf.py ")
