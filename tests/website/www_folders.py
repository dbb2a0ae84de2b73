"""The www fixture folders the www tests read, and helpers to build and age trees in ``tmp_path``.

``fixtures/site_a`` and ``fixtures/site_b`` are used as ``WWW_DIRS`` in that order;
``tests/testapp/www`` is the installed test app's folder. The fixtures using them are in conftest.py.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_A = FIXTURES / "site_a"
SITE_B = FIXTURES / "site_b"
TESTAPP_WWW = Path(__file__).resolve().parent.parent / "testapp" / "www"

A = os.path.realpath(SITE_A)
B = os.path.realpath(SITE_B)
APP = os.path.realpath(TESTAPP_WWW)


def write(path: Path, text: str = "", mtime_offset: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    if mtime_offset is not None:
        stamp = time.time() + mtime_offset
        os.utime(path, (stamp, stamp))
    return path


def age_tree(root: Path, seconds: float = 3600) -> None:
    """Set every folder's mtime in the past, so only later changes look recent."""
    stamp = time.time() - seconds
    for dirpath, _dirnames, _filenames in os.walk(root):
        os.utime(dirpath, (stamp, stamp))
