"""Imports flow one way: no module imports from a layer above its own (docs/architecture.md).

Every import counts, at the top of a module or inside a function: a function-level import
that points upwards is a hidden cycle, not a way round one.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "django_frappe_web"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# Module prefix -> layer, bottom (1) to top (7); the longest matching prefix wins.
# Keep in step with the table in docs/architecture.md.
LAYERS = {
    # 1. settings, exceptions and pure helpers (no models, no request)
    "": 1, "settings": 1, "exceptions": 1, "utils": 1, "json_input": 1, "faults": 1, "app_hooks": 1,
    "cross_site": 1, "storage": 1, "database_errors": 1, "scheduled_events": 1, "translate": 1,
    # path and text rules of the website that the models validate with
    "website.paths": 1, "website.block_fields": 1, "website.www_files": 1, "website.sources": 1, "website.redirects": 1,
    "website.redirect_sources": 1, "website.redirect_chains": 1, "website.redirect_targets": 1, "website.regex_index": 1, "website.rule_dicts": 1,
    "website.theme_css": 1,
    # 2. request context and users
    "users": 2, "local": 2, "session": 2, "form_dict": 2, "messages": 2, "responses": 2, "database_outage": 2,
    "middleware": 2, "languages": 2, "js_translations": 2, "proxy": 2, "whitelist": 2, "rate_limiter": 2, "login_throttle": 2,
    "cache": 2, "caching": 2, "cached_db_sessions": 2,
    # 3. doctypes, meta and query
    "doctypes": 3, "builtin_doctypes": 3, "models": 3, "content_models": 3, "search_models": 3, "web_form_models": 3, "print_models": 3, "translation_models": 3, "translation_forms": 3, "meta": 3, "permissions": 3, "filters": 3, "lookups": 3,
    "columns": 3, "query": 3, "api_keys": 3, "background_jobs": 3, "user_languages": 3,
    "offered_languages": 3,
    "rq_backend": 3, "job_recovery": 3, "scheduler": 3, "docstatus": 3,
    # 4. the document API and the frappe facade
    "document": 4, "database": 4, "frappe": 4, "doc_methods": 4,
    # 5. the website: router, renderers, pages
    "website": 5, "views": 5,
    # the site search: shared results, the LIKE fallback, PostgreSQL full-text search and its index
    "website.search_results": 5, "website.search_translations": 5, "website.search": 5, "website.fulltext": 5, "website.search_index": 5,
    # 6. web forms, files and the REST API
    "web_forms": 6, "files": 6, "api": 6, "accounts": 6,
    # 7. wiring: app config, admin, URLconf, checks, signal handlers, commands, migrations
    "apps": 7, "admin": 7, "content_admin": 7, "content_checks": 7, "urls": 7, "checks": 7, "cross_origin_checks": 7, "language_checks": 7, "templatetags": 7, "signals": 7, "management": 7, "migrations": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)  # "" for the package itself


def layer_of(module: str) -> int | None:
    parts = module.split(".") if module else []
    for size in range(len(parts), -1, -1):
        layer = LAYERS.get(".".join(parts[:size]))
        if layer is not None and (size or not module):
            return layer
    return None


def imported_modules(path: Path, module: str) -> set[str]:
    """Our own modules that ``path`` imports anywhere in it, relative to the package ("" is the package)."""
    package = module.split(".") if module else []
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == PACKAGE:
                target = node.module.removeprefix(PACKAGE).lstrip(".")
            else:
                continue
            for alias in node.names:  # "from . import doctypes" imports the module doctypes
                candidate = f"{target}.{alias.name}".lstrip(".")
                found.add(candidate if layer_of(candidate) is not None and _is_module(candidate) else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix(PACKAGE).lstrip(".") for alias in node.names
                      if alias.name.split(".")[0] == PACKAGE}
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def upward_imports() -> list[str]:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        layer = layer_of(module)
        if layer is None:
            problems.append(f"{module}: not in LAYERS (add it, and to docs/architecture.md)")
            continue
        for target in sorted(imported_modules(path, module)):
            target_layer = layer_of(target)
            if target_layer is not None and target_layer > layer:
                problems.append(f"{module} (layer {layer}) imports {target or PACKAGE} (layer {target_layer})")
    return problems


def test_no_module_imports_from_a_layer_above_it():
    assert upward_imports() == []


def test_the_check_sees_function_level_and_relative_imports(tmp_path):
    source = "def f():\n    from ..document import Document\n    from django_frappe_web.api import views\n"
    module = tmp_path / "probe.py"
    module.write_text(source)
    assert imported_modules(module, "website.probe") == {"document", "api.views"}
    assert layer_of("website.probe") == 5 and layer_of("document") == 4 and layer_of("api.views") == 6
    assert layer_of("website.paths") == 1 and layer_of("") == 1
