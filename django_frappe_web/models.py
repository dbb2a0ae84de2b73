"""Models edited in the Django admin: redirects, web pages and the website settings, and the
scheduled job types the scheduler records.

(Print formats, files and API keys arrive with their own features; the web forms' models are in
:mod:`.web_form_models`, the Web Page's blocks and revisions in :mod:`.content_models`.)
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .offered_languages import OfferedLanguages
from .storage import get_file_storage

REDIRECT_STATUS_CHOICES = [(301, "301 Moved Permanently"), (302, "302 Found"),
                           (307, "307 Temporary Redirect"), (308, "308 Permanent Redirect")]


class WebsiteRedirect(models.Model):
    """A redirect rule: ``source`` is a regex over the whole path (slashes stripped at both ends)."""

    source = models.CharField(_("source"), max_length=1000,
                              help_text=_(r"A regular expression matched against the whole path, e.g. old-blog/(.*)"))
    target = models.CharField(_("target"), max_length=1000,
                              help_text=_(r"Where to send the visitor; \1 inserts the first group, e.g. /blog/\1"))
    redirect_http_status = models.PositiveSmallIntegerField(_("status"), choices=REDIRECT_STATUS_CHOICES, default=301)
    match_with_query_string = models.BooleanField(_("match with query string"), default=False)
    forward_query_parameters = models.BooleanField(_("forward query parameters"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    priority = models.IntegerField(_("priority"), default=0, help_text=_("Lower numbers are tried first."))
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("website redirect")
        indexes = [models.Index(fields=["enabled", "priority", "id"])]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self) -> None:
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.redirects import RedirectRule

        try:
            RedirectRule.from_dict(self.as_rule_dict(), origin="admin")
        except ValidationError as exc:
            raise ValidationError({"source": exc.messages}) from None
        problem = self.chain_problem()
        if problem is not None and problem[0] == "loop":
            from .website.redirect_chains import describe

            raise ValidationError({"target": describe(*problem)})

    def chain_problem(self, rule=None) -> tuple[str, list[str]] | None:
        """A loop or a chain this rule makes with the other enabled rules (website/redirect_chains.py)."""
        from .website.redirect_chains import problem_among

        if not self.enabled:
            return None
        others = WebsiteRedirect.objects.filter(enabled=True).exclude(pk=self.pk)
        return problem_among(self.as_rule_dict(), (self.priority, self.pk or 0),
                             [((other.priority, other.pk), other.as_rule_dict()) for other in others])

    def as_rule_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "redirect_http_status": self.redirect_http_status,
            "match_with_query_string": self.match_with_query_string,
            "forward_query_parameters": self.forward_query_parameters,
        }


class WebPage(models.Model):
    """A page written in the admin (Markdown or HTML) and served at its route."""

    CONTENT_TYPES = [("markdown", "Markdown"), ("html", "HTML")]

    title = models.CharField(_("title"), max_length=200)
    route = models.CharField(_("route"), max_length=255, unique=True, help_text=_("e.g. about/team"))
    content_type = models.CharField(_("content type"), max_length=10, choices=CONTENT_TYPES, default="markdown")
    main_section = models.TextField(_("content"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    description = models.TextField(_("meta description"), blank=True)
    meta_image = models.CharField(_("meta image URL"), max_length=500, blank=True)
    start_date = models.DateTimeField(_("start date"), null=True, blank=True,
                                      help_text=_("Live from this moment (empty: at once)."))
    end_date = models.DateTimeField(_("end date"), null=True, blank=True,
                                    help_text=_("Live until this moment (empty: for good)."))
    css = models.TextField(_("page CSS"), blank=True, help_text=_("Served as a file with a version key (a strict CSP can allow it)."))
    javascript = models.TextField(_("page JavaScript"), blank=True, help_text=_("Served as a file with a version key."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", editable=False)
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["route"]
        verbose_name = _("web page")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.paths import normalize_path

        route = normalize_path(self.route or "")
        if route is None:
            raise ValidationError({"route": _("Use letters, digits, '-', '_' and '/' only; no '..' or hidden parts.")})
        self.route = route
        translations = self._meta.get_field("translations").related_model  # WebPageTranslation (content_models.py)
        if translations.objects.filter(route=route).exists():
            raise ValidationError({"route": _("A translation of a web page is at this route already.")})
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must come after the start date.")})

    def get_absolute_url(self) -> str:
        return f"/{self.route}"

    def is_live(self, now: datetime.datetime | None = None) -> bool:
        """Published, and between ``start_date`` and ``end_date`` (the DocumentPage asks)."""
        now = now or timezone.now()
        return (self.published and (self.start_date is None or self.start_date <= now)
                and (self.end_date is None or now < self.end_date))

    @staticmethod
    def live_q() -> models.Q:
        """The rows :meth:`is_live` says are live now, as a filter (site search)."""
        now = timezone.now()
        return (models.Q(start_date__isnull=True) | models.Q(start_date__lte=now)) & (
            models.Q(end_date__isnull=True) | models.Q(end_date__gt=now))

    def live_until(self) -> datetime.datetime | None:
        """When a rendered copy of this page stops being right: a cached copy expires then."""
        return self.end_date

    def get_context(self, context: dict) -> dict:
        """Context for the page; the content is staff-written, so it is trusted HTML."""
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.sources import render_markdown

        html = render_markdown(self.main_section)[0] if self.content_type == "markdown" else self.main_section
        return {"main_section": mark_safe(html), "description": self.description, "meta_image": self.meta_image}  # nosec B308 B703 # noqa: S308


class WebsiteSettings(OfferedLanguages):
    """The one row of site-wide settings, in every page's context as ``website_settings``."""

    home_page = models.CharField(_("home page"), max_length=255, blank=True,
                                 help_text=_("Route served at /; empty uses FRAPPE_WEB['HOME_PAGE']."))
    title_prefix = models.CharField(_("title prefix"), max_length=100, blank=True)
    brand_html = models.CharField(_("brand"), max_length=500, blank=True, help_text=_("Text or HTML in the top bar."))
    copyright = models.CharField(_("copyright"), max_length=200, blank=True)
    favicon = models.CharField(_("favicon URL"), max_length=500, blank=True)
    robots_txt = models.TextField(_("robots.txt"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    disable_signup = models.BooleanField(_("disable sign-up"), default=False,
                                         help_text=_("Close /signup although FRAPPE_WEB['SIGNUP_ENABLED'] is on."))
    # Raw HTML, only staff edit it (the admin): put into every page as written, escaped nowhere.
    banner_html = models.TextField(_("banner HTML"), blank=True, help_text=_("HTML above the top bar of every page."))
    head_html = models.TextField(_("head HTML"), blank=True, help_text=_("HTML at the end of every page's <head>."))
    hide_login = models.BooleanField(_("hide login"), default=False, help_text=_("No 'Log in' link in the top bar."))
    navbar_search = models.BooleanField(_("search in the top bar"), default=False,
                                        help_text=_("A search box linking to the site search, once the site has one."))
    # The theme (website/theme_css.py): empty keeps the shipped default; dark_ ones: for visitors in dark mode.
    primary_color = models.CharField(_("primary colour"), max_length=7, blank=True,
                                     help_text=_("Buttons and highlights, a hex colour such as #1a73c9."))
    text_color = models.CharField(_("text colour"), max_length=7, blank=True)
    background_color = models.CharField(_("background colour"), max_length=7, blank=True)
    link_color = models.CharField(_("link colour"), max_length=7, blank=True)
    dark_primary_color = models.CharField(_("primary colour (dark mode)"), max_length=7, blank=True)
    dark_text_color = models.CharField(_("text colour (dark mode)"), max_length=7, blank=True)
    dark_background_color = models.CharField(_("background colour (dark mode)"), max_length=7, blank=True)
    dark_link_color = models.CharField(_("link colour (dark mode)"), max_length=7, blank=True)
    font_family = models.CharField(_("body font"), max_length=300, blank=True,
                                   help_text=_('Font names separated by commas, e.g. Inter, "Segoe UI", sans-serif '
                                               "(fonts the visitor's device has, or ones your own CSS loads)."))
    heading_font_family = models.CharField(_("heading font"), max_length=300, blank=True,
                                           help_text=_("As the body font; empty uses the body font."))
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("website settings")
        verbose_name_plural = _("website settings")

    def __str__(self) -> str:
        return str(_("Website settings"))

    def clean(self) -> None:
        # Not at the top: models load with the app registry, and the website package imports them.
        from .website.theme_css import THEME_FIELDS, theme_problems

        for field in THEME_FIELDS:
            setattr(self, field, (getattr(self, field) or "").strip())
        problems = theme_problems(self.theme_values())
        if problems:
            raise ValidationError(problems)

    def theme_values(self) -> dict[str, str]:
        """The theme's fields and their values (website/theme_css.py writes the stylesheet)."""
        from .website.theme_css import THEME_FIELDS

        return {field: getattr(self, field) for field in THEME_FIELDS}

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> WebsiteSettings:
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class WebsiteLink(models.Model):
    """A link in the top bar or the footer."""

    LOCATIONS = [("top_bar", _("Top bar")), ("footer", _("Footer"))]

    settings = models.ForeignKey(WebsiteSettings, on_delete=models.CASCADE, related_name="links")
    location = models.CharField(max_length=10, choices=LOCATIONS, default="top_bar")
    label = models.CharField(max_length=100)
    url = models.CharField(max_length=500, blank=True, help_text=_("Empty for a drop-down or a footer column heading."))
    parent_label = models.CharField(_("parent label"), max_length=100, blank=True,
                                    help_text=_("The label of the item this one is under (a drop-down, a footer column)."))
    ordering = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["location", "ordering", "id"]

    def __str__(self) -> str:
        return self.label


class RoleHomePage(models.Model):
    """Frappe's Role Home Page: where a logged-in user of a group lands after logging in."""

    settings = models.ForeignKey(WebsiteSettings, on_delete=models.CASCADE, related_name="role_home_pages")
    role = models.CharField(_("role"), max_length=150, help_text=_("A Django group name."))
    home_page = models.CharField(_("home page"), max_length=255)
    ordering = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]
        verbose_name = _("role home page")

    def __str__(self) -> str:
        return f"{self.role} → {self.home_page}"


class PrintFormat(models.Model):
    """A print layout for a doctype: ``html`` is a template with ``doc`` in its context."""

    name = models.CharField(_("name"), max_length=140, unique=True)
    doctype = models.CharField(_("doctype"), max_length=140, db_index=True)
    html = models.TextField(_("HTML template"), blank=True)
    css = models.TextField(_("CSS"), blank=True)
    is_default = models.BooleanField(_("default for this doctype"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["doctype", "name"]
        verbose_name = _("print format")
        constraints = [
            models.UniqueConstraint(fields=["doctype"], condition=models.Q(is_default=True),
                                    name="one_default_print_format_per_doctype"),
        ]

    def __str__(self) -> str:
        return self.name


def _file_storage():
    return get_file_storage()


class File(models.Model):
    """An uploaded file: public at ``/files/<name>``, private at ``/private/files/<name>``."""

    file = models.FileField(_("file"), max_length=500, storage=_file_storage, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_url = models.CharField(_("file URL"), max_length=1000, blank=True, db_index=True)
    is_private = models.BooleanField(_("private"), default=False)
    folder = models.CharField(_("folder"), max_length=255, blank=True, default="Home")
    attached_to_doctype = models.CharField(_("attached to doctype"), max_length=140, blank=True, db_index=True)
    attached_to_name = models.CharField(_("attached to name"), max_length=255, blank=True)
    attached_to_field = models.CharField(_("attached to field"), max_length=140, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    file_size = models.BigIntegerField(_("size"), default=0)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    creation = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-creation"]
        verbose_name = _("file")
        indexes = [models.Index(fields=["attached_to_doctype", "attached_to_name"])]

    def __str__(self) -> str:
        return self.file_name or self.file_url


class APIKey(models.Model):
    """A key/secret pair for ``Authorization: token <key>:<secret>``; the secret is stored hashed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="frappe_api_keys")
    api_key = models.CharField(_("API key"), max_length=64, unique=True)
    api_secret = models.CharField(_("API secret (hashed)"), max_length=256, editable=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.api_key} ({self.user})"


class RouteGeneration(models.Model):
    """The page versions' source of truth: one row per slot (row 1 is the whole site's), bumped in
    the transaction of each write that changes what a page shows (see :mod:`django_frappe_web.website.generation`)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("route generation")

    def __str__(self) -> str:
        return str(self.value)


class ScheduledJobType(models.Model):
    """One event of an app's ``scheduler_events`` hook (Frappe's Scheduled Job Type).

    Rows are written by the scheduler from the hooks at its start (``manage.py run_scheduler``);
    ``last_enqueued`` is its claim: a scheduler enqueues the event only if it moves that value
    from what it read to now, so several schedulers never enqueue one due time twice.
    """

    method = models.CharField(_("method"), max_length=255)
    frequency = models.CharField(_("frequency"), max_length=20)
    cron_format = models.CharField(_("cron format"), max_length=255, blank=True, default="")
    app = models.CharField(_("app"), max_length=255, blank=True, default="")
    stopped = models.BooleanField(_("stopped"), default=False, help_text=_("A stopped event is never enqueued."))
    last_enqueued = models.DateTimeField(_("last enqueued"), null=True, blank=True, editable=False)
    last_execution = models.DateTimeField(_("last execution"), null=True, blank=True, editable=False,
                                          help_text=_("When a worker last started the job."))
    creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["method", "frequency", "cron_format"]
        verbose_name = _("scheduled job type")
        constraints = [models.UniqueConstraint(fields=["method", "frequency", "cron_format"],
                                               name="unique_scheduled_job_type")]

    def __str__(self) -> str:
        return f"{self.method} ({self.cron_format or self.frequency})"


class BackgroundJob(models.Model):
    """A Frappe ``job_id`` and the Django Tasks result that last ran under it.

    The task backend holds the job itself (status, return value, traceback); this row only
    names it, so ``frappe.get_job_status(job_id)`` can ask the backend, and its lock makes two
    concurrent ``enqueue(..., job_id=..., deduplicate=True)`` calls take turns.
    """

    job_id = models.CharField(_("job id"), max_length=255, unique=True)
    backend = models.CharField(_("task backend"), max_length=32)
    result_id = models.CharField(_("task result id"), max_length=64)
    method = models.TextField(_("method"))
    queue = models.CharField(_("queue"), max_length=32)
    user = models.CharField(_("enqueued by"), max_length=150)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now=True)

    class Meta:
        ordering = ["-enqueued_at"]
        verbose_name = _("background job")

    def __str__(self) -> str:
        return self.job_id


from .content_models import NotFoundLog, WebPageBlock, WebPageRevision, WebsiteRouteMeta, WebTemplate  # noqa: E402, F401 - issue 17
from .print_models import PrintFormatTranslation  # noqa: E402, F401
from .search_models import SearchEntry  # noqa: E402, F401 - the site search's index (issue 17)
from .user_languages import UserLanguage  # noqa: E402, F401
from .web_form_models import WebForm, WebFormDraft, WebFormField, WebFormRequest, WebFormTranslation  # noqa: E402, F401
