"""The web forms' models (issue 16): a form, its fields and layout breaks, the drafts saved
half-way and the keyed links that prefill it.

Imported by :mod:`.models`, so Django sees these models as the app's (and ``models.WebForm`` keeps working).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .translation_models import Translation


class WebForm(models.Model):
    """A form stored in the database, served at ``/<route>`` by the WebFormPage renderer."""

    title = models.CharField(_("title"), max_length=200)
    route = models.CharField(_("route"), max_length=255, unique=True)
    doctype = models.CharField(_("doctype"), max_length=140)
    published = models.BooleanField(_("published"), default=False)
    login_required = models.BooleanField(_("login required"), default=False)
    allow_edit = models.BooleanField(_("allow editing"), default=False)
    allow_multiple = models.BooleanField(_("allow multiple responses"), default=True)
    allow_delete = models.BooleanField(_("allow deleting"), default=False)
    show_list = models.BooleanField(_("show list"), default=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    max_attachment_size = models.PositiveIntegerField(_("max attachment size (MB)"), null=True, blank=True)
    allow_incomplete = models.BooleanField(_("allow incomplete (drafts)"), default=False)
    list_columns = models.TextField(_("list columns"), blank=True)
    notify_emails = models.TextField(_("notify"), blank=True)
    confirmation_field = models.CharField(_("confirm to"), max_length=140, blank=True)
    client_script = models.TextField(_("client script"), blank=True)
    custom_css = models.TextField(_("custom CSS"), blank=True)
    introduction_text = models.TextField(_("introduction (Markdown)"), blank=True)
    success_message = models.TextField(_("success message"), blank=True)
    success_url = models.CharField(_("success URL"), max_length=500, blank=True)
    button_label = models.CharField(_("button label"), max_length=100, blank=True, default="Submit")
    allowed_embedding_domains = models.TextField(_("allowed embedding domains"), blank=True,
                                                 help_text=_("One domain per line, e.g. https://example.com"))
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["route"]
        verbose_name = _("web form")

    def __str__(self) -> str:
        return self.title


class WebFormField(models.Model):
    """A row of a web form: a field, a ``Table`` (a child model's rows) or a layout break (no ``fieldname``)."""

    BREAK_TYPES = ("Section Break", "Column Break", "Page Break")
    FIELDTYPES = [(t, t) for t in ("Data", "Small Text", "Text", "Int", "Float", "Currency", "Date", "Datetime",
                                   "Check", "Select", "Link", "Email", "URL", "Phone", "Password", "Attach", "Table",
                                   *BREAK_TYPES)]

    web_form = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="fields")
    fieldname = models.CharField(_("field"), max_length=140, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    fieldtype = models.CharField(_("type"), max_length=20, choices=FIELDTYPES, blank=True)
    reqd = models.BooleanField(_("mandatory"), default=False)
    default = models.CharField(_("default"), max_length=500, blank=True)
    options = models.TextField(_("options"), blank=True,
                               help_text=_("Select: one option per line. Table: the child columns, one per line"))
    description = models.CharField(_("description"), max_length=500, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    read_only = models.BooleanField(_("read only"), default=False)
    depends_on = models.CharField(_("depends on"), max_length=500, blank=True, help_text=_('eval:doc.country=="DE"'))
    mandatory_depends_on = models.CharField(_("mandatory depends on"), max_length=500, blank=True)
    max_rows = models.PositiveIntegerField(_("max rows"), null=True, blank=True, help_text=_("Table: the most rows"))
    ordering = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["ordering", "id"]
        verbose_name = _("web form field")
        constraints = [models.UniqueConstraint(fields=["web_form", "fieldname"], name="unique_web_form_field",
                                               condition=~models.Q(fieldname=""))]

    def __str__(self) -> str:
        return self.label or self.fieldname or self.fieldtype

    @property
    def is_break(self) -> bool:
        return self.fieldtype in self.BREAK_TYPES


class WebFormDraft(models.Model):
    """A response saved half-way (``allow_incomplete``): what was posted, not yet a document."""

    web_form = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="drafts")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("posted values"), default=dict)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering, verbose_name = ["-modified", "-id"], _("web form draft")

    def __str__(self) -> str:
        return f"{self.web_form} draft {self.pk}"


class WebFormRequest(models.Model):
    """A keyed link (Frappe's Web Form Request): its values live here, so the link cannot change them."""

    web_form = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="requests")
    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    email = models.EmailField(_("recipient"), blank=True)
    values = models.JSONField(_("prefilled values"), default=dict, blank=True)
    hidden_values = models.JSONField(_("fixed values"), default=dict, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    single_use = models.BooleanField(_("single use"), default=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True, editable=False)
    response_name = models.CharField(_("response"), max_length=255, blank=True, editable=False)
    creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering, verbose_name = ["-creation"], _("web form request")

    def __str__(self) -> str:
        return f"{self.web_form} for {self.email or 'anyone with the link'}"


class WebFormTranslation(Translation):
    """A web form in another language: its texts in ``language`` (an empty one shows the form's
    own), labels and descriptions of its fields, and optionally a route of its own
    (``de/kontakt``) that serves the form in that language (docs/web-forms.md)."""

    web_form = models.ForeignKey(WebForm, on_delete=models.CASCADE, related_name="translations")
    # NULL, not "": forms without a route of their own never clash with each other.
    route = models.CharField(_("route"), max_length=255, unique=True, null=True, blank=True,
                             help_text=_("e.g. de/kontakt (empty: the form's route with ?_lang=<language>)"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    introduction_text = models.TextField(_("introduction (Markdown)"), blank=True)
    success_title = models.CharField(_("success title"), max_length=200, blank=True)
    success_message = models.TextField(_("success message"), blank=True)
    button_label = models.CharField(_("button label"), max_length=100, blank=True)
    fields = models.JSONField(_("field labels"), default=dict, blank=True,
                              help_text=_('e.g. {"email": {"label": "E-Mail", "description": "Wir antworten hierhin."}}'))
    layout_texts = models.JSONField(_("steps' and sections' texts"), default=dict, blank=True,
                                    help_text=_('e.g. {"Your details": "Ihre Angaben"}: the title or description '
                                                'of each step and section, and its translation.'))
    modified = models.DateTimeField(auto_now=True)

    checked_fields = ("route", "fields", "layout_texts")

    class Meta:
        ordering = ["language"]
        verbose_name = _("web form translation")
        constraints = [models.UniqueConstraint(fields=["web_form", "language"],
                                               name="one_translation_per_web_form_and_language")]

    def __str__(self) -> str:
        return f"{self.web_form} ({self.language})"

    def _clean_route(self) -> str | None:
        from .content_models import route_owner  # not at the top: content_models is imported after this module

        route = self.cleaned_route()
        if route is None:
            return None
        # A form's pages are its route and the paths under it (/new, /list, /<name>/edit): no overlap either way.
        if WebForm.objects.filter(route_clash(route)).exists() or \
                WebFormTranslation.objects.filter(route_clash(route)).exclude(pk=self.pk).exists():
            raise ValidationError(_("This route clashes with another web form's pages."))
        owner = route_owner(route, exclude=self)
        if owner:
            raise ValidationError(_("This route is taken: %(owner)s.") % {"owner": owner})
        return route

    def _clean_fields(self) -> dict:
        """``{fieldname: {"label": ..., "description": ...}}`` for fields the form has (as saved)."""
        given = self.fields if self.fields not in (None, "") else {}
        if not isinstance(given, dict) or not all(
                isinstance(texts, dict) and set(texts) <= {"label", "description"}
                and all(isinstance(value, str) for value in texts.values()) for texts in given.values()):
            raise ValidationError(_('A JSON object like {"email": {"label": "E-Mail", "description": "..."}}.'))
        web_form = getattr(self, "web_form", None)  # not set yet: RelatedObjectDoesNotExist is an AttributeError
        known = set(web_form.fields.exclude(fieldname="").values_list("fieldname", flat=True)) \
            if web_form is not None and web_form.pk is not None else set()
        unknown = sorted(set(given) - known)
        if unknown:
            raise ValidationError(_("The form has no field named %(names)s (save its fields first).")
                                  % {"names": ", ".join(unknown)})
        # Empty texts are no translation: the form's own show (kept out, so the page needs no check).
        return {name: {key: value.strip() for key, value in texts.items() if value.strip()}
                for name, texts in given.items() if any(value.strip() for value in texts.values())}

    def _clean_layout_texts(self) -> dict[str, str]:
        return self.cleaned_texts("layout_texts")


def route_clash(route: str) -> models.Q:
    """Rows (web forms or their translations) whose route is ``route``, under it or above it: the
    pages of a form (``/<route>/new``, ``/<route>/<name>/edit``...) would overlap theirs."""
    parents = [route.rsplit("/", depth)[0] for depth in range(1, route.count("/") + 1)]
    return models.Q(route=route) | models.Q(route__startswith=f"{route}/") | models.Q(route__in=parents)
