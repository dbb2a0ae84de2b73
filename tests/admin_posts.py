"""What a browser posts for Django admin forms it shows: each bound field's value as the form
renders it (checkboxes "on", JSON objects as JSON), so a test can change one value and post the rest
unchanged."""

from __future__ import annotations

import json


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
