"""The start of a script for a fresh interpreter in which some packages cannot be imported, as if not installed."""

from __future__ import annotations

import textwrap


def blocking(*packages: str) -> str:
    """Python source that makes ``packages`` (and their submodules) unimportable in the interpreter running it."""
    return textwrap.dedent(f"""
        import importlib, pkgutil, sys

        BLOCKED = {packages!r}

        class Blocker:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ModuleNotFoundError(f"No module named {{name!r}} (blocked)", name=name)
                return None

        sys.meta_path.insert(0, Blocker())
        for name in BLOCKED:
            sys.modules[name] = None  # what importlib.util.find_spec reports for a package that is not installed
    """)
