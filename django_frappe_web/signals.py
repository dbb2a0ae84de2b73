"""Signal handlers, connected in ``AppConfig.ready()``."""

from __future__ import annotations


def connect_handlers() -> None:
    """Connect this package's receivers (website cache invalidation arrives with the website)."""
