from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template import TemplateSyntaxError, engines
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import api_keys, background_jobs, content_admin, scheduler
from .doctypes import site
from .files.admin import FileAdmin
from .models import (
    APIKey,
    BackgroundJob,
    File,
    PrintFormat,
    PrintFormatTranslation,
    RoleHomePage,
    ScheduledJobType,
    WebForm,
    WebFormRequest,
    WebsiteLink,
    WebsiteRedirect,
    WebsiteSettings,
)
from .translation_forms import TranslationForm
from .user_languages import UserLanguage
from .web_forms.admin import WebFormAdmin
from .web_forms.requests_admin import WebFormRequestAdmin
from .website.theme_css import THEME_FIELDS


@admin.register(WebsiteRedirect)
class WebsiteRedirectAdmin(content_admin.RedirectAdminMixin, admin.ModelAdmin):
    list_display = ["source", "target", "redirect_http_status", "enabled", "priority"]
    list_editable = ["enabled", "priority"]
    list_filter = ["enabled", "redirect_http_status"]
    search_fields = ["source", "target"]


class WebsiteLinkInline(admin.TabularInline):
    model = WebsiteLink
    extra = 1


class RoleHomePageInline(admin.TabularInline):
    model = RoleHomePage
    extra = 0


class WebsiteSettingsForm(forms.ModelForm):
    """The languages to offer are ticked among ``settings.LANGUAGES`` (the model's clean checks them too)."""

    offered_languages = forms.MultipleChoiceField(label=_("Languages to offer"), required=False,
                                                  widget=forms.CheckboxSelectMultiple,
                                                  help_text=_("The languages of the top bar's language picker; "
                                                              "none: no picker."))

    class Meta:
        model = WebsiteSettings
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_languages"].choices = list(settings.LANGUAGES)


@admin.register(WebsiteSettings)
class WebsiteSettingsAdmin(admin.ModelAdmin):
    form = WebsiteSettingsForm
    inlines = [WebsiteLinkInline, RoleHomePageInline]
    fieldsets = [
        (None, {"fields": [field.name for field in WebsiteSettings._meta.get_fields()
                           if getattr(field, "editable", False) and not field.auto_created
                           and not field.is_relation and field.name not in (*THEME_FIELDS, "offered_languages")]}),
        (_("Languages"), {"fields": ["offered_languages"]}),
        (_("Theme"), {"fields": list(THEME_FIELDS),
                      "description": _("Colours and fonts of every page; empty keeps the default.")}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not WebsiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class PrintFormatForm(forms.ModelForm):
    """Doctype choices from the registry; the template must compile with the project's engine.

    ``is_default`` is a plain form field (the model field is excluded from the form), so
    ticking it on a second format is not refused by the "one default per doctype"
    constraint: the admin unsets the previous default in the same transaction instead.
    """

    doctype = forms.ChoiceField(label=_("Doctype"))
    is_default = forms.BooleanField(label=_("Default for this doctype"), required=False,
                                    help_text=_("Used when a print view names no format; "
                                                "the doctype's previous default is unset."))

    class Meta:
        model = PrintFormat
        exclude = ["is_default"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        names = site.names()
        current = self.instance.doctype
        if current and current not in names:  # a doctype since unregistered stays editable
            names.append(current)
        self.fields["doctype"].choices = [("", "---------"), *((name, name) for name in names)]
        self.fields["is_default"].initial = self.instance.is_default

    def clean_html(self) -> str:
        return check_template(self.cleaned_data["html"])


def check_template(html: str) -> str:
    """``html`` when it compiles with the project's first template engine, else a form error."""
    try:
        engines.all()[0].from_string(html)
    except TemplateSyntaxError as exc:
        raise forms.ValidationError(_("The template does not compile: {exc}").format(exc=exc)) from None
    return html


class PrintFormatTranslationForm(TranslationForm):
    """A language variant: one of the site's languages (not the default, the format's own), a template that compiles."""

    class Meta:
        model = PrintFormatTranslation
        fields = ["language", "html", "css"]


    def clean_html(self) -> str:
        return check_template(self.cleaned_data["html"])


class PrintFormatTranslationInline(admin.StackedInline):
    """The format in other languages, next to the original: the print view picks the reader's."""

    model = PrintFormatTranslation
    form = PrintFormatTranslationForm
    extra = 0


@admin.register(PrintFormat)
class PrintFormatAdmin(admin.ModelAdmin):
    form = PrintFormatForm
    inlines = [PrintFormatTranslationInline]
    exclude = ["is_default"]  # the form's own field; see PrintFormatForm
    fields = ["name", "doctype", "html", "css", "is_default", "disabled"]
    list_display = ["name", "doctype", "is_default", "disabled", "modified"]
    list_filter = ["doctype", "is_default", "disabled"]
    search_fields = ["name", "doctype"]

    def save_model(self, request, obj, form, change):
        # The admin's change view runs in a transaction: the old default is unset only if this saves.
        obj.is_default = form.cleaned_data["is_default"]
        if obj.is_default:
            PrintFormat.objects.filter(doctype=obj.doctype, is_default=True).exclude(pk=obj.pk).update(is_default=False)
        super().save_model(request, obj, form, change)


admin.site.register(WebForm, WebFormAdmin)
admin.site.register(WebFormRequest, WebFormRequestAdmin)
admin.site.register(File, FileAdmin)


@admin.register(UserLanguage)
class UserLanguageAdmin(admin.ModelAdmin):
    """A user's language (docs/i18n.md): it applies when neither ``_lang`` nor the cookie names one."""

    list_display = ("user", "language")
    list_filter = ("language",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    """Keys for ``Authorization: token <key>:<secret>``: the secret is shown once, in a message after saving."""

    list_display = ["api_key", "user", "enabled", "last_used", "creation"]
    list_filter = ["enabled"]
    search_fields = ["api_key", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["api_key", "last_used", "creation"]
    actions = ["regenerate_secrets"]

    def get_fields(self, request, obj=None):
        return ["user", "enabled"] if obj is None else ["api_key", "user", "enabled", "last_used", "creation"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        secret = api_keys.issue_credentials(obj)
        super().save_model(request, obj, form, change)
        self._show_secret(request, obj, secret)

    @admin.action(description=_("Generate a new secret for the selected keys"))
    def regenerate_secrets(self, request, queryset):
        for row in queryset:
            self._show_secret(request, row, api_keys.regenerate_secret(row))

    def _show_secret(self, request, row, secret):
        messages.warning(request, format_html(
            _("API key {key} for {user}: the secret is <code>{secret}</code>. Copy it now: it is not stored and "
              "will not be shown again."), key=row.api_key, user=row.user, secret=secret))


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    """Job ids and what their last job became; the task backend holds the job (read-only here)."""

    list_display = ["job_id", "method", "queue", "user", "enqueued_at", "status"]
    list_filter = ["queue", "backend"]
    search_fields = ["job_id", "method", "user"]
    readonly_fields = ["job_id", "backend", "result_id", "method", "queue", "user", "enqueued_at", "status", "error"]
    list_per_page = 50  # each row's status is a look-up in the task backend

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("status"))
    def status(self, obj):
        return background_jobs.status_of(obj) or "-"

    @admin.display(description=_("traceback"))
    def error(self, obj):
        job = background_jobs.result_of(obj)
        return format_html("<pre>{}</pre>", job.errors[-1].traceback) if job and job.errors else "-"


@admin.register(ScheduledJobType)
class ScheduledJobTypeAdmin(admin.ModelAdmin):
    """Read-only but for ``stopped``: the rows come from apps' ``scheduler_events`` (the scheduler syncs them)."""

    list_display = ["method", "frequency", "cron_format", "queue", "last_enqueued", "last_execution", "next_run",
                    "stopped"]
    list_filter = ["frequency", "stopped"]
    search_fields = ["method"]
    fields = ["method", "app", "frequency", "cron_format", "queue", "last_enqueued", "last_execution", "next_run",
              "stopped"]
    readonly_fields = [f for f in fields if f != "stopped"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("queue"))
    def queue(self, obj):
        return scheduler.job_queue(obj)

    @admin.display(description=_("next run"))
    def next_run(self, obj):
        return _("stopped") if obj.stopped else scheduler.next_run_of(obj)
