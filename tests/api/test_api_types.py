"""``manage.py api_types --ts F``: TypeScript for every doctype and whitelisted method, compiled with tsc --strict.

Runs ``npm ci`` in tests/api/ts (typescript and frappe-js-sdk, pinned by its package-lock.json)
when node_modules is missing. Skipped when node or npm is not installed -- except with
``CI=true``, where that is a failure.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from . import methods, typed_methods  # noqa: F401 - registers their whitelisted functions
from .conftest import npm_installed

TS_DIR = Path(__file__).resolve().parent / "ts"
TSC_OPTIONS = ["--strict", "--noEmit", "--skipLibCheck", "--target", "es2022", "--module", "commonjs",
               "--moduleResolution", "node"]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tsc():
    node = npm_installed(TS_DIR, "typescript", "the api_types check")
    return [node, str(TS_DIR / "node_modules" / "typescript" / "bin" / "tsc")]


@pytest.fixture
def project(tmp_path):
    """A folder with the generated api-types.ts, the .ts files that use it, and the npm packages."""
    (tmp_path / "node_modules").symlink_to(TS_DIR / "node_modules", target_is_directory=True)
    for name in ("usage.ts", "wrong.ts"):
        shutil.copy(TS_DIR / name, tmp_path / name)
    call_command("api_types", "--ts", str(tmp_path / "api-types.ts"), stdout=open("/dev/null", "w"))
    return tmp_path


def compile_ts(tsc: list[str], folder: Path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run([*tsc, *TSC_OPTIONS, name], cwd=folder, capture_output=True, text=True, timeout=300)


def test_the_types_compile_strictly_and_fit_frappe_js_sdks_generics(tsc, project):
    result = compile_ts(tsc, project, "usage.ts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_use_of_the_types_does_not_compile(tsc, project):
    result = compile_ts(tsc, project, "wrong.ts")
    assert result.returncode != 0
    errors = sorted(line.split("(")[1].split(",")[0] for line in result.stdout.splitlines() if ": error TS" in line)
    assert errors == ["5", "6", "7", "8", "9"], result.stdout  # each misuse in wrong.ts is one error on its line


def test_the_file_has_an_interface_per_doctype_and_types_per_method(project):
    text = (project / "api-types.ts").read_text()
    assert "export interface Article {" in text and "export interface ArticleRequest {" in text
    assert "export interface PatchedArticleRequest {" in text
    assert 'export type StatusEnum = "draft" | "review" | "done";' in text
    assert "  readonly owner?: string | null;" in text and "  title: string;" in text
    assert "  category?: string | null;" in text and "Link to Category" in text
    assert "export interface TestsApiTypedMethodsSearchArgs {\n  query: string;\n  limit?: number;" in text
    assert '  order?: "asc" | "desc";' in text and "  tags?: Array<string> | null;" in text
    assert "export type TestsApiTypedMethodsWrappedResult = number | null;" in text
    assert ('  "frappe.client.get_count": { args: FrappeClientGetCountArgs; result: FrappeClientGetCountResult };'
            in text)
    assert "export type FrappeClientGetCountResult = number;" in text


def test_without_a_file_the_types_go_to_standard_output(capsys):
    call_command("api_types")
    assert "export interface Methods {" in capsys.readouterr().out
