"""System checks of the content features (docs/checks.md, ids E100-E109 and W100-W109)."""

from __future__ import annotations

import re
from typing import Any

from django.core.checks import Error, Warning
from django.db import connection

from .doctypes import site
from .models import WebsiteRedirect
from .settings import web_settings
from .website import fulltext
from .website.blocks import scan_template_folders
from .website.feeds import feed_date_field
from .website.redirect_chains import describe, problems


def check_web_templates(app_configs: Any = None, **kwargs: Any) -> list:
    """W100: an app's ``web_templates/<name>/`` folder that is skipped (no template, bad JSON or fields, does not compile)."""
    _found, problems = scan_template_folders()
    return [Warning(f"The web template folder {folder} is skipped: {problem}",
                    hint="Give it <name>.html and a <name>.json of {\"fields\": [...]} (docs/content.md).",
                    obj=str(folder), id="django_frappe_web.W100") for folder, problem in problems]


def check_feed_fields(app_configs: Any = None, **kwargs: Any) -> list:
    """E100: a doctype's ``feed_date_field`` is not a date field; E101: its ``feed_description_field`` is no field."""
    errors = []
    for doctype in site:
        if doctype.feed_date_field and feed_date_field(doctype) is None:
            errors.append(Error(f"{doctype.name}.feed_date_field {doctype.feed_date_field!r} is not a date or datetime field.",
                                hint="Name a DateField or DateTimeField of the model, or remove it.",
                                obj=doctype.model, id="django_frappe_web.E100"))
        if doctype.feed_description_field and doctype.get_field(doctype.feed_description_field) is None:
            errors.append(Error(f"{doctype.name}.feed_description_field {doctype.feed_description_field!r} is not a field.",
                                hint="Name a field of the model, or remove it.", obj=doctype.model, id="django_frappe_web.E101"))
    return errors


def check_redirect_chains(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """W101 (``manage.py check --database default``): enabled redirect rules that loop or chain."""
    if not databases or WebsiteRedirect._meta.db_table not in connection.introspection.table_names():
        return []  # not asked, or not migrated yet (migrate runs the database checks first)
    rules = WebsiteRedirect.objects.filter(enabled=True).order_by("priority", "id")
    return [Warning(f"Redirect {data['source']} → {data['target']}: {describe(*problem)}",
                    hint="Point it at the final address, or disable one of the rules.", id="django_frappe_web.W101")
            for data, problem in problems(rule.as_rule_dict() for rule in rules.iterator())]


CONFIG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")  # [schema.]name


def check_search_settings(app_configs: Any = None, **kwargs: Any) -> list:
    """E102: ``SEARCH_CONFIGS`` is not language codes to configuration names, or
    ``SEARCH_DEFAULT_CONFIG`` is no configuration name."""
    configs = web_settings.SEARCH_CONFIGS
    default = web_settings.SEARCH_DEFAULT_CONFIG
    pairs = list(configs.items()) if isinstance(configs, dict) else [(None, configs)]
    bad = [f"{code!r}: {name!r}" for code, name in pairs
           if not isinstance(code, str) or not isinstance(name, str) or not CONFIG_NAME.match(name)]
    if not isinstance(default, str) or not CONFIG_NAME.match(default):
        bad.append(f"SEARCH_DEFAULT_CONFIG {default!r}")
    return [Error(f"Bad text search configuration in FRAPPE_WEB: {', '.join(bad)}.",
                  hint="Map language codes to PostgreSQL configuration names: {'en': 'english', 'de': 'german'}.",
                  id="django_frappe_web.E102")] if bad else []


def check_search_configs_exist(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """E103 (``manage.py check --database default``): a configuration the full-text search would use
    is not in the database (every search and every save of a web-view document would fail)."""
    if not databases or check_search_settings() or not fulltext.enabled():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        known = {row[0] for row in cursor.fetchall()}
    missing = [name for name in fulltext.configs() if name.split(".")[-1] not in known]
    return [Error(f"Text search configuration {name!r} (FRAPPE_WEB SEARCH_CONFIGS) is not in the database.",
                  hint="Use one listed by \\dF in psql, or create it (CREATE TEXT SEARCH CONFIGURATION).",
                  id="django_frappe_web.E103") for name in missing]
