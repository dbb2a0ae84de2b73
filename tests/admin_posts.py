"""What a browser posts for Django admin forms it shows: each bound field's value as the form
renders it (checkboxes "on", JSON objects as JSON), so a test can change one value and post the rest
unchanged; and what a JSON textarea of the page shows."""

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


def json_textarea(page: str, name: str) -> dict:
    """The JSON object in the admin page's textarea ``name``, as the editor sees it."""
    found = re.search(rf'<textarea name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, name
    return json.loads(html.unescape(found.group(1)))
