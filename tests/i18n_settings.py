"""The languages the i18n tests configure: English (the default), German and French (the package's catalogs)."""

from __future__ import annotations

import pytest

LANGUAGES = [("en", "English"), ("de", "German"), ("fr", "French")]


@pytest.fixture
def three_languages(settings):
    settings.LANGUAGES = LANGUAGES
    settings.LANGUAGE_CODE = "en"
    return settings
