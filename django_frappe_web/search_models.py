"""The site search's index (``website/search_index.py`` keeps it, ``website/fulltext.py`` reads it):
one row per published web-view document, with its plain text and, on PostgreSQL, its ``tsvector``;
and one per translation of a published Web Page, in its language.

Portable on purpose: the column is ``tsvector`` on PostgreSQL and plain text (left empty) on other
databases, so the package imports and migrates without psycopg or ``django.contrib.postgres``; the
GIN index is created by the migration on PostgreSQL only.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TsVectorField(models.Field):
    """A PostgreSQL ``tsvector`` column (``text`` elsewhere); written with SQL expressions only."""

    description = "A full-text search vector"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchEntry(models.Model):
    """A document as the site search sees it: which one (doctype and primary key) and its words."""

    doctype = models.CharField(_("doctype"), max_length=140)
    object_id = models.CharField(_("document"), max_length=255)
    # "": the document as written; else a translation's language (website/search_translations.py).
    language = models.CharField(_("language"), max_length=15, blank=True, default="")
    title = models.TextField(_("title"), blank=True)
    text = models.TextField(_("text"), blank=True)
    # setweight(to_tsvector(config, title), 'A') || setweight(to_tsvector(config, text), 'B'), one
    # pair per configuration of FRAPPE_WEB["SEARCH_CONFIGS"] (docs/decisions.md).
    vector = TsVectorField(null=True, editable=False)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index")
        constraints = [models.UniqueConstraint(fields=["doctype", "object_id", "language"],
                                               name="search_entry_document_language")]
        # The translations' entries alone (few): a search in another language asks which documents
        # have one in it, which the unique index (language last) answers only by reading it whole.
        indexes = [models.Index(fields=["language", "doctype", "object_id"], condition=~models.Q(language=""),
                                name="search_entry_translations")]

    def __str__(self) -> str:
        return f"{self.doctype} {self.object_id}" + (f" ({self.language})" if self.language else "")
