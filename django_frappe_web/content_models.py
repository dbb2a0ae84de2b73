"""What a Web Page is built from besides its own text: blocks placed from reusable web
templates, and the revisions kept at each save (drafts included).

Imported by :mod:`.models`, so Django sees these models as the app's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebTemplate(models.Model):
    """A reusable page section written in the admin (Frappe's Web Template).

    ``template`` is a template for the project's first engine; it sees the block's ``values``
    (autoescaped) and ``block``. ``fields`` declares what a block fills in: a list of
    ``{"fieldname", "label", "fieldtype", "reqd"}`` (see docs/content.md). A row overrides an
    app's ``web_templates/<name>/`` folder of the same name.
    """

    name = models.CharField(_("name"), max_length=140, unique=True)
    template = models.TextField(_("template"))
    fields = models.JSONField(_("fields"), default=list, blank=True,
                              help_text=_('e.g. [{"fieldname": "title", "fieldtype": "Data", "reqd": 1}]'))
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("web template")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.block_fields import check_declared_fields, compile_template

        errors = {}
        try:
            check_declared_fields(self.fields)
        except ValidationError as exc:
            errors["fields"] = exc.messages
        try:
            compile_template(self.template)
        except ValidationError as exc:
            errors["template"] = exc.messages
        if errors:
            raise ValidationError(errors)


class WebPageBlock(models.Model):
    """One web template placed on a web page with its values, in ``ordering`` order."""

    page = models.ForeignKey("django_frappe_web.WebPage", on_delete=models.CASCADE, related_name="blocks")
    web_template = models.CharField(_("web template"), max_length=140)
    values = models.JSONField(_("values"), default=dict, blank=True)
    ordering = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["ordering", "id"]
        verbose_name = _("web page block")

    def __str__(self) -> str:
        return self.web_template

    # The values are checked against the template's fields where blocks are written: the admin's
    # inline form and publishing a revision (website/blocks.py clean_block, which knows the templates).


class WebPageRevision(models.Model):
    """A web page as it was saved (its fields and blocks), published or kept as a draft."""

    page = models.ForeignKey("django_frappe_web.WebPage", on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField(_("content"))
    published = models.BooleanField(_("published"), default=False,
                                    help_text=_("Whether this revision went live when it was saved."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("web page revision")

    def __str__(self) -> str:
        state = _("published") if self.published else _("draft")
        return f"{self.page} · {self.created:%Y-%m-%d %H:%M:%S} ({state})"
