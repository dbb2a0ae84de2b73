"""What a browser posts for Django admin forms it shows: each bound field's value as the form
renders it (checkboxes "on", JSON objects as JSON), so a test can change one value and post the rest
unchanged (``unchanged_post``); and what a JSON textarea of the page shows."""

from __future__ import annotations

import html
import json
import re


def posted_values(forms) -> dict[str, str]:
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is True:
                data[bound.html_name] = "on"
            elif value is not None and value is not False:
                data[bound.html_name] = json.dumps(value) if isinstance(value, dict) else str(value)
    return data


def unchanged_post(client, url: str, extra_rows: bool = False) -> dict[str, str]:
    """The POST of the admin change page at ``url`` as a browser sends it untouched: the form, its
    inlines' management forms and saved rows, and (``extra_rows``) the blank rows it shows."""
    context = client.get(url).context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *(formset.forms if extra_rows else formset.forms[:formset.initial_form_count()])]
    data = posted_values(forms)
    if not extra_rows:
        for inline in context["inline_admin_formsets"]:
            data[f"{inline.formset.prefix}-TOTAL_FORMS"] = str(inline.formset.initial_form_count())
    return data


def json_textarea(page: str, name: str) -> dict:
    """The JSON object in the admin page's textarea ``name``, as the editor sees it."""
    found = re.search(rf'<textarea name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, name
    return json.loads(html.unescape(found.group(1)))
