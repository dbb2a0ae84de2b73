"""What a Web Page is built from besides its own text: blocks placed from reusable web
templates, and the revisions kept at each save (drafts included).

Imported by :mod:`.models`, so Django sees these models as the app's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .translation_models import Translation


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


class WebPageTranslation(Translation):
    """A Web Page in another language: its title, content and meta description in ``language``,
    and optionally a route of its own (``de/ueber-uns``) that serves the page in that language.

    The page's blocks, schedule and published state apply to it (docs/content.md); ``block_texts``
    translates the blocks' texts: ``{original: translation}``, applied wherever a block's prose field
    says exactly the original (website/blocks.py), so it survives reordering and republishing, and an
    original that changes shows as written until it is translated again.
    """

    page = models.ForeignKey("django_frappe_web.WebPage", on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    # NULL, not "": pages without a route of their own never clash with each other.
    route = models.CharField(_("route"), max_length=255, unique=True, null=True, blank=True,
                             help_text=_("e.g. de/ueber-uns (empty: the page's route with ?_lang=<language>)"))
    main_section = models.TextField(_("content"), blank=True)
    description = models.TextField(_("meta description"), blank=True)
    block_texts = models.JSONField(_("blocks' texts"), default=dict, blank=True,
                                   help_text=_('e.g. {"Take the tour": "Zur Tour"}: each text of the page\'s '
                                               'blocks and its translation; empty ones show as written.'))
    modified = models.DateTimeField(auto_now=True)

    checked_fields = ("route", "block_texts")

    class Meta:
        ordering = ["language"]
        verbose_name = _("web page translation")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_translation_per_page_and_language")]

    def __str__(self) -> str:
        return f"{self.page} ({self.language})"

    def _clean_route(self) -> str | None:
        route = self.cleaned_route()
        if route is None:
            return None
        page = getattr(self, "page", None)  # not set yet: RelatedObjectDoesNotExist is an AttributeError
        # Its own page as the form has it (its route may be changing in the same save), the rest as saved.
        if page is not None and route == page.route:
            raise ValidationError(_("A web page is at this route already."))
        owner = route_owner(route, exclude=self, own_page=page)
        if owner:
            raise ValidationError(_("This route is taken: %(owner)s.") % {"owner": owner})
        return route

    def _clean_block_texts(self) -> dict[str, str]:
        return self.cleaned_texts("block_texts")


class RouteTranslation(Translation):
    """A route of its own in another language for a document of a web-view doctype
    (``de/artikel/hallo`` for the article at ``articles/hello``): the router serves the document
    there in that language, and its pages list the route among their ``hreflang`` alternates.

    Generic (any registered doctype's admin adds :class:`~django_frappe_web.content_admin.RouteTranslationInline`);
    a Web Page's translations have their own route field instead (docs/content.md).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("doctype"))
    object_id = models.CharField(_("document"), max_length=255)
    document = GenericForeignKey("content_type", "object_id")
    route = models.CharField(_("route"), max_length=255, unique=True, help_text=_("e.g. de/artikel/hallo"))

    checked_fields = ("route",)

    class Meta:
        ordering = ["language"]
        verbose_name = _("route translation")
        indexes = [models.Index(fields=["content_type", "object_id"], name="route_translation_document")]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "language"],
                                               name="one_route_per_document_and_language")]

    def __str__(self) -> str:
        return f"{self.route} ({self.language})"

    def _clean_route(self) -> str:
        route = self.cleaned_route(required=True)
        model = self.content_type.model_class() if self.content_type_id else None
        if model is not None and model._meta.concrete_model._meta.label_lower == "django_frappe_web.webpage":
            raise ValidationError(_("A web page's translations have a route of their own: set it there."))
        owner = route_owner(route, exclude=self)
        if owner:
            raise ValidationError(_("This route is taken: %(owner)s.") % {"owner": owner})
        return route


def route_owner(route: str, exclude: models.Model | None = None, own_page: models.Model | None = None) -> str:
    """What is at ``route`` already, or ``""``: a page (other than ``own_page``), a translation's or
    a web form's route (other than ``exclude``'s own; a form's pages are the paths under its route
    too), a web-view document. The one check of every translation's own route."""
    from .doctypes import site  # not at the top: the registry imports the models
    from .web_form_models import WebForm, WebFormTranslation, route_clash

    def others(model: type[models.Model], condition: models.Q) -> models.QuerySet:
        rows = model.objects.filter(condition)
        return rows.exclude(pk=exclude.pk) if isinstance(exclude, model) and exclude.pk is not None else rows

    web_page = WebPageTranslation._meta.get_field("page").related_model
    pages = web_page.objects.filter(route=route)
    if own_page is not None and own_page.pk is not None:
        pages = pages.exclude(pk=own_page.pk)
    if pages.exists() or others(WebPageTranslation, models.Q(route=route)).exists():
        return str(_("a web page"))
    if others(RouteTranslation, models.Q(route=route)).exists():
        return str(_("another route translation"))
    if WebForm.objects.filter(route_clash(route)).exists() or others(WebFormTranslation, route_clash(route)).exists():
        return str(_("a web form"))
    for doctype in (d for d in site if d.has_web_view and d.route_field):
        if doctype.get_queryset().filter(**{doctype.route_field: route}).exists():
            return str(_("a document of {0}")).format(doctype.name)
    return ""


class WebsiteRouteMeta(models.Model):
    """Meta tags for one route, whatever serves it (Frappe's Website Route Meta): a www page, a
    document, a list. Set values override what the page itself says."""

    route = models.CharField(_("route"), max_length=255, unique=True, help_text=_("e.g. about/team ('' is the home page)"),
                             blank=True)
    meta_title = models.CharField(_("meta title"), max_length=200, blank=True)
    description = models.TextField(_("meta description"), blank=True)
    image = models.CharField(_("meta image URL"), max_length=500, blank=True)
    canonical = models.CharField(_("canonical URL"), max_length=500, blank=True)
    noindex = models.BooleanField(_("noindex"), default=False, help_text=_("Ask search engines not to index this page."))
    meta_tags = models.JSONField(_("extra meta tags"), default=list, blank=True,
                                 help_text=_('e.g. [{"key": "og:type", "value": "article"}, {"key": "author", "value": "Ada"}]'))
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["route"]
        verbose_name = _("website route meta")
        verbose_name_plural = _("website route meta")

    def __str__(self) -> str:
        return f"/{self.route}"

    def clean(self) -> None:
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.paths import normalize_path

        route = normalize_path(self.route or "")
        if route is None:
            raise ValidationError({"route": _("Use letters, digits, '-', '_' and '/' only; no '..' or hidden parts.")})
        self.route = route
        tags = self.meta_tags
        if not isinstance(tags, list) or not all(
                isinstance(tag, dict) and set(tag) == {"key", "value"} and isinstance(tag["key"], str)
                and isinstance(tag["value"], str) and tag["key"].strip() for tag in tags):
            raise ValidationError({"meta_tags": _('A list of {"key": ..., "value": ...} objects, both text.')})
        if self.canonical and not self.canonical.startswith(("https://", "http://", "/")):
            raise ValidationError({"canonical": _("An absolute URL or a path starting with '/'.")})


class NotFoundLog(models.Model):
    """How often a path answered 404 (``FRAPPE_WEB["NOT_FOUND_LOG"]``; sampled and bounded), so
    staff can turn the frequent ones into redirects."""

    path = models.CharField(_("path"), max_length=500, unique=True)
    count = models.PositiveIntegerField(_("count (estimated)"), default=0)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["-count", "path"]
        verbose_name = _("404 log entry")
        verbose_name_plural = _("404 log")

    def __str__(self) -> str:
        return f"/{self.path}"
