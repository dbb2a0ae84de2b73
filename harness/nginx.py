"""nginx in front of an app server, from deploy/nginx/site.conf: rendered, checked (``nginx -t``) and run.

Runs as the caller, with every path (pid, logs, temp folders) in its own folder and on free
loopback ports, never port 80; as root its workers stay root so they can read the test's files.

    nginx = Nginx(folder, app_server=server, static_root=..., data_dir=...)
    nginx.check()          # nginx -t
    with nginx: requests.get(nginx.https_url + "/", verify=nginx.certificate)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

from harness.servers import ROOT, Process, free_port

BINARY = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
SITE_TEMPLATE = ROOT / "deploy" / "nginx" / "site.conf"
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")


def render(template: str, values: dict[str, str]) -> str:
    """``envsubst`` limited to ``${NAME}`` placeholders; a placeholder without a value is an error."""
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A certificate for ``host`` and its key (``openssl``), valid for a day."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S603, S607
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host}",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True, timeout=60)
    return certificate, key


class Nginx(Process):
    """nginx serving deploy/nginx/site.conf (or ``template``) on free ports of 127.0.0.1."""

    def __init__(self, folder: Path, *, app_server: str, static_root: Path, data_dir: Path,
                 template: Path = SITE_TEMPLATE, server_name: str = "localhost"):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.http_port, self.https_port = free_port(), free_port()
        self.certificate, key = self_signed_certificate(folder, server_name)
        site = render(template.read_text(), {
            "SERVER_NAME": server_name, "HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
            "HTTPS_LISTEN": f"127.0.0.1:{self.https_port}", "APP_SERVER": app_server,
            "TLS_CERTIFICATE": str(self.certificate), "TLS_CERTIFICATE_KEY": str(key),
            "STATIC_ROOT": str(static_root), "DATA_DIR": str(data_dir),
        })
        (folder / "site.conf").write_text(site)
        self.config = folder / "nginx.conf"
        self.config.write_text(self._main_config())
        super().__init__("nginx", [BINARY or "nginx", "-p", str(folder), "-c", str(self.config)],
                         env=dict(os.environ), log_path=folder / "error.log", cwd=folder)

    @property
    def https_url(self) -> str:
        return f"https://localhost:{self.https_port}"

    @property
    def http_url(self) -> str:
        return f"http://localhost:{self.http_port}"

    def check(self) -> str:
        """``nginx -t`` on the rendered configuration; its output, ``RuntimeError`` when it fails."""
        result = subprocess.run([*self.args, "-t"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
        if result.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{result.stderr}")
        return result.stderr

    def is_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.https_port), timeout=1):
                return True
        except OSError:
            return False

    def _main_config(self) -> str:
        folder = self.folder
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
        return f"""{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
    include {folder / "site.conf"};
}}
"""
