"""Settings for the benchmarks: the test settings with DEBUG off and a pre-migrated SQLite database."""

from tests.settings import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False

from pathlib import Path as _Path

FRAPPE_WEB = {"WWW_DIRS": [str(_Path(__file__).resolve().parent / "www")]}
TEMPLATES[0]["DIRS"] = [_Path(__file__).resolve().parent / "templates"]
