"""Serving a 100 MB private file after the permission check, against Django's ``FileResponse``.

Targets (files issue): the worker's peak memory grows by less than 10 MB while it serves
the file, and throughput is at least 0.8x that of a plain view returning
``FileResponse(open(path, "rb"))`` for the same file. Both sides run Django's full
middleware chain for the same logged-in session; ours also looks up the ``File`` row
and checks the permission. The body is consumed chunk by chunk, as a WSGI server
without ``wsgi.file_wrapper`` would.

Peak memory is measured in a fresh subprocess, once everything is imported and warmed
up: ``VmRSS`` before one download against ``VmHWM`` (the peak, reset just before) after it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import compare, make_handler, report, setup_django

SIZE = 100 * 1024 * 1024
PRIVATE_URL = "/private/files/bench.bin"


def baseline_view(request, name):
    from django.http import FileResponse

    return FileResponse(open(Path(request.bench_root) / name, "rb"))  # noqa: SIM115 - FileResponse closes it


def big_block_view(request, name):
    """The same with our 64 KiB blocks: what the lookup, permission check and headers cost on their own."""
    from django_frappe_web.files.serving import StreamedFile

    return StreamedFile(open(Path(request.bench_root) / name, "rb"))  # noqa: SIM115 - FileResponse closes it


def routes() -> list:
    from django.urls import include, path

    return [path("bench/file-response/<path:name>", baseline_view),
            path("bench/big-blocks/<path:name>", big_block_view),
            path("", include("benchmarks.urls"))]


# This module doubles as the URLconf of the requests below: the baselines, then the benchmark project.
URLCONF = __name__
urlpatterns: list = []


def proc_status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux >= 4.0), so an earlier peak cannot hide growth."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


class Site:
    """A temporary private folder with a 100 MB file, its ``File`` row, and a logged-in session cookie."""

    def __init__(self, root: str):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client, RequestFactory, override_settings

        from django_frappe_web.models import File

        self.root = Path(root)
        private = self.root / "private"
        private.mkdir()
        block = os.urandom(1024 * 1024)
        with open(private / "bench.bin", "wb") as handle:
            for _ in range(SIZE // len(block)):
                handle.write(block)
        self.override = override_settings(
            MEDIA_ROOT=str(self.root / "media"),
            FRAPPE_WEB={**settings.FRAPPE_WEB, "PRIVATE_FILES_ROOT": str(private)},
        )
        self.override.enable()
        user, _ = get_user_model().objects.get_or_create(username="bench-files")
        File.objects.get_or_create(file="private/files/bench.bin", defaults={
            "file_url": PRIVATE_URL, "file_name": "bench.bin", "is_private": True, "owner": user,
            "file_size": SIZE, "content_hash": "b" * 64})
        client = Client()
        client.force_login(user)
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        self.factory = RequestFactory()
        self.handler = make_handler(list(settings.MIDDLEWARE))

    def download(self, path: str) -> int:
        request = self.factory.get(path, HTTP_COOKIE=self.cookie)
        request.urlconf = URLCONF
        request.bench_root = str(self.root / "private")
        response = self.handler.get_response(request)
        assert response.status_code == 200, (path, response.status_code)
        total = sum(len(chunk) for chunk in response)
        response.close()
        assert total == SIZE, total
        return total


def measure_memory(path: str) -> dict:
    """Run in a subprocess: peak RSS before and after one download of ``path``."""
    setup_django()
    with tempfile.TemporaryDirectory() as root:
        site = Site(root)
        small = site.factory.get("/files/none")  # warm up imports and the URLconf
        small.urlconf = URLCONF
        site.handler.get_response(small)
        reset_peak()
        before = proc_status_kb("VmRSS")
        site.download(path)
        after = proc_status_kb("VmHWM")
    return {"before_kb": before, "after_kb": after, "growth_kb": after - before}


def memory_in_subprocess(path: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "benchmarks.bench_files", "--memory", path],
                            capture_output=True, text=True, check=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> list[str]:
    setup_django()
    urlpatterns[:] = routes()
    lines = []
    for label, url in (("private file", PRIVATE_URL), ("FileResponse baseline", "/bench/file-response/bench.bin")):
        memory = memory_in_subprocess(url)
        line = (f"peak memory, 100 MB {label}: RSS {memory['before_kb'] / 1024:.1f} MB -> peak "
                f"{memory['after_kb'] / 1024:.1f} MB (+{memory['growth_kb'] / 1024:.2f} MB); target < +10 MB")
        print(line)
        lines.append(line)
    with tempfile.TemporaryDirectory() as root:
        site = Site(root)
        mb = SIZE / 1024 / 1024
        for label, url, target in (
            ("FileResponse", "/bench/file-response/bench.bin", "throughput >= 0.8x"),
            ("FileResponse with 64 KiB blocks, no permission check", "/bench/big-blocks/bench.bin", "information"),
        ):
            ours, base, ratio = compare(lambda: site.download(PRIVATE_URL), lambda url=url: site.download(url),
                                        number=2, rounds=9)
            lines.append(report(f"100 MB private file ({mb / ours:.0f} MB/s) vs {label} ({mb / base:.0f} MB/s)",
                                ours, base, ratio, target))
        site.override.disable()
    return lines


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        setup_django()
        urlpatterns[:] = routes()
        print(json.dumps(measure_memory(sys.argv[2])))
    else:
        main()
