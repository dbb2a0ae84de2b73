"""Changing the doctype registry for a test, and putting back the very same DocType afterwards:
the API's URL patterns are built once from the registry and keep the instances registered then,
so a new instance of the same class would leave them behind (later tests would patch one
doctype while the API serves another)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django_frappe_web.doctypes import DocType, site


@contextmanager
def replaced_doctype(model, doctype_class: type[DocType] | None = None) -> Iterator[DocType | None]:
    """``model`` registered as ``doctype_class`` for the block (``None``: no doctype at all)."""
    original = site.get_for_model(model)
    site.unregister(model)
    if doctype_class is not None:
        site.register(model, doctype_class)
    try:
        yield site.get_for_model(model)
    finally:
        if site.get_for_model(model) is not None:
            site.unregister(model)
        # register() makes a new instance; the registry's own tables take the original back.
        site._by_name[original.name] = original
        site._by_model[model] = original
        site.changes += 1
