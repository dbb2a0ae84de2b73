"""The admin of Web Pages (blocks inline, drafts, preview links, revisions) and Web Templates.

"Save" publishes: the page and its blocks are written and a published revision is kept.
"Save draft" on an existing page writes nothing of the live page: the form's values and blocks
become a draft revision, with a signed preview link in the message. A revision is published
(or an earlier one reverted to) with the revisions list's action.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .content_models import (
    NotFoundLog,
    RouteTranslation,
    WebPageBlock,
    WebPageRevision,
    WebPageTranslation,
    WebsiteRouteMeta,
    WebTemplate,
)
from .models import WebPage, WebsiteRedirect
from .translation_forms import TranslationForm
from .website import blocks as web_blocks
from .website import publishing
from .website.redirect_chains import describe
from .website.redirect_csv import export_redirects, import_redirects
from .website.redirects import RedirectRule
from .website.titles import route_title

DRAFT_BUTTON = "_save_draft"


class WebPageBlockForm(forms.ModelForm):
    """The template is chosen among the known ones; the values are checked against its fields."""

    web_template = forms.ChoiceField(label=gettext_lazy("Web template"))

    class Meta:
        model = WebPageBlock
        fields = ["web_template", "values", "ordering"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["web_template"].choices = [(name, name) for name in sorted(web_blocks.web_templates())]
        self.fields["values"].help_text = _("A JSON object of the template's fields, e.g. {example}").format(
            example=json.dumps({"title": "Welcome"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("web_template") and "values" in cleaned:
            try:
                cleaned["values"] = web_blocks.clean_block(cleaned["web_template"], cleaned["values"] or {})
            except ValidationError as exc:
                raise ValidationError(exc.message_dict.get("values") or exc.messages) from None
        return cleaned


class WebPageBlockInline(admin.StackedInline):
    model = WebPageBlock
    form = WebPageBlockForm
    extra = 0


class WebPageTranslationForm(TranslationForm):
    """The language is one of the site's (the default one is the page's own); the model's clean
    checks the route (its form, and that no page or other translation is at it)."""

    class Meta:
        model = WebPageTranslation
        fields = ["language", "title", "route", "description", "main_section", "block_texts"]


class WebPageTranslationInline(admin.StackedInline):
    """The page in other languages, next to the original (not drafted: "Save draft" leaves them
    unchanged); the blocks' texts listed to translate, as the page has them saved."""

    model = WebPageTranslation
    form = WebPageTranslationForm
    extra = 0

    def get_formset(self, request: Any, obj: WebPage | None = None, **kwargs: Any) -> Any:
        blank = {} if obj is None else dict.fromkeys(web_blocks.block_texts(obj), "")
        return super().get_formset(request, obj, form=WebPageTranslationForm.for_original(block_texts=blank), **kwargs)


class RouteTranslationForm(TranslationForm):
    """A document's route in another language: the language is one of the site's (the default
    one is the document's own route); the model's clean checks the route is free."""

    class Meta:
        model = RouteTranslation
        fields = ["language", "route"]

class RouteTranslationInline(GenericTabularInline):
    """Add it to the ``inlines`` of a web-view doctype's admin: the document's routes in other
    languages (``de/artikel/hallo``), edited next to it (docs/content.md)."""

    model = RouteTranslation
    form = RouteTranslationForm
    extra = 0


@admin.register(WebPage)
class WebPageAdmin(admin.ModelAdmin):
    list_display = ["title", "route", "content_type", "published", "start_date", "end_date", "modified"]
    list_filter = ["published", "content_type"]
    search_fields = ["title", "route", "main_section"]
    inlines = [WebPageBlockInline, WebPageTranslationInline]
    readonly_fields = ["draft_state"]
    change_form_template = "admin/django_frappe_web/webpage/change_form.html"

    @admin.display(description=gettext_lazy("Drafts and revisions"))
    def draft_state(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        revisions = reverse("admin:django_frappe_web_webpagerevision_changelist") + f"?page__id__exact={obj.pk}"
        draft = publishing.latest_draft(obj)
        if draft is None:
            return format_html('No unpublished changes. <a href="{}">Revisions</a>', revisions)
        return format_html('Unpublished changes: <a href="{}" target="_blank">preview the draft</a>. '
                           '<a href="{}">Revisions</a> (publish the draft there)', publishing.preview_url(draft), revisions)

    def get_readonly_fields(self, request, obj=None):
        # A page's own JavaScript runs for every visitor: only superusers write it (and its CSS).
        # Not a boundary: HTML content (an HTML main section, an HTML block field) is trusted staff
        # input as well and may carry a script, so the change permission is for trusted staff only.
        trusted = request.user.is_superuser
        return [*super().get_readonly_fields(request, obj), *([] if trusted else ["css", "javascript"])]

    def is_draft(self, request, change) -> bool:
        return change and DRAFT_BUTTON in request.POST

    def save_model(self, request, obj, form, change):
        if self.is_draft(request, change):
            return  # the live page stays as it is: the values go into a draft revision (save_related)
        if not change and request.user.pk:
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if self.is_draft(request, not add):
            return [{"changed": {"fields": ["draft"]}}]
        return super().construct_change_message(request, form, formsets, add)

    def save_related(self, request, form, formsets, change):
        if self.is_draft(request, change):
            revision = publishing.record_revision(form.instance, request.user, published=False,
                                                  blocks=_formset_blocks(formsets))
            for formset in formsets:  # nothing of them was saved (the admin's history reads these)
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            messages.info(request, format_html(_('Saved as a draft; the live page is unchanged. <a href="{url}" target="_blank">Preview it</a>.'),
                                               url=publishing.preview_url(revision)))
            if any(formset.model is WebPageTranslation and formset.has_changed() for formset in formsets):
                messages.warning(request, _("Translations are not part of drafts: their changes were not saved. "
                                            "Save the page to publish them."))
            return
        super().save_related(request, form, formsets, change)
        publishing.record_revision(form.instance, request.user, published=True)


def _formset_blocks(formsets) -> list[tuple[str, dict, int]]:
    """The blocks as the (valid) inline forms have them, deleted ones left out."""
    found = []
    for formset in formsets:
        for block_form in formset.forms:
            data = getattr(block_form, "cleaned_data", None) or {}
            if not data.get("web_template") or data.get("DELETE"):
                continue
            found.append((data["web_template"], data.get("values") or {}, data.get("ordering") or 0))
    return sorted(found, key=lambda block: block[2])


@admin.register(WebPageRevision)
class WebPageRevisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "published", "author", "created", "preview_link"]
    list_filter = ["published", "page"]
    readonly_fields = ["page", "data", "published", "author", "created"]
    actions = ["publish_revision"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # kept as saved; view permission shows them

    @admin.display(description=gettext_lazy("Preview"))
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', publishing.preview_url(obj), _("preview"))

    @admin.action(description=gettext_lazy("Publish (revert the page to) the selected revision"), permissions=["publish"])
    def publish_revision(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one revision to publish."), messages.ERROR)
            return
        revision = queryset.get()
        try:
            publishing.publish_revision(revision, request.user)
        except ValidationError as exc:
            self.message_user(request, _("Not published: {errors}").format(errors="; ".join(exc.messages)), messages.ERROR)
            return
        self.message_user(request, _("Published the revision of {created}: the page shows it now.").format(
            created=f"{revision.created:%Y-%m-%d %H:%M:%S}"))

    def has_publish_permission(self, request):
        return request.user.has_perm("django_frappe_web.change_webpage")


class WebTemplateForm(forms.ModelForm):
    class Meta:
        model = WebTemplate
        fields = ["name", "fields", "template"]


@admin.register(WebTemplate)
class WebTemplateAdmin(admin.ModelAdmin):
    form = WebTemplateForm
    list_display = ["name", "modified"]
    search_fields = ["name"]


@admin.register(WebsiteRouteMeta)
class WebsiteRouteMetaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meta_title", "noindex", "modified"]
    list_filter = ["noindex"]
    search_fields = ["route", "meta_title", "description"]


def hidden_page(rule: WebsiteRedirect) -> str | None:
    """The live page (document, www page, list) an enabled rule with a literal source takes the place of."""
    if not rule.enabled:
        return None
    literal = RedirectRule.from_dict(rule.as_rule_dict()).analysis.literal
    if literal is None or rule.match_with_query_string:
        return None
    return literal if route_title(literal, AnonymousUser()) is not None else None


class RedirectImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"), help_text=gettext_lazy(
        "Columns: source, target and optionally redirect_http_status, match_with_query_string, "
        "forward_query_parameters, enabled, priority."))
    dry_run = forms.BooleanField(label=gettext_lazy("Dry run (report what would change, write nothing)"), required=False,
                                 initial=True)


class RedirectAdminMixin:
    """The redirects' admin: "Import CSV" (with a dry run), an "Export as CSV" action, and a
    warning when a saved rule leads to another redirect (a loop is refused by the model's clean)."""

    change_list_template = "admin/django_frappe_web/websiteredirect/change_list.html"
    actions = ["export_csv"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_csv_view)
        return [path("import-csv/", view, name="django_frappe_web_websiteredirect_import"), *super().get_urls()]

    def import_csv_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            return HttpResponse(_("Not permitted"), status=403)
        report = None
        form = RedirectImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = import_redirects(form.cleaned_data["file"].read(), dry_run=form.cleaned_data["dry_run"])
        context = {**self.admin_site.each_context(request), "form": form, "report": report,
                   "opts": self.model._meta, "title": _("Import redirects from CSV")}
        return TemplateResponse(request, "admin/django_frappe_web/websiteredirect/import_csv.html", context,
                                status=400 if report is not None and report.errors else 200)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        problem = obj.chain_problem()
        if problem is not None:
            messages.warning(request, describe(*problem))
        hidden = hidden_page(obj)
        if hidden is not None:
            messages.warning(request, _("This redirect hides a live page: /{route} (redirects are tried before "
                                        "pages).").format(
                route=hidden))

    @admin.action(description=gettext_lazy("Export the selected redirects as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(export_redirects(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="redirects.csv"'
        return response


@admin.register(NotFoundLog)
class NotFoundLogAdmin(admin.ModelAdmin):
    """The frequent 404s; "Create redirects" makes a disabled rule for each selected path, for
    staff to give a target and enable."""

    list_display = ["__str__", "count", "first_seen", "last_seen"]
    search_fields = ["path"]
    readonly_fields = ["path", "count", "first_seen", "last_seen"]
    actions = ["create_redirects"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Create redirects for the selected paths (disabled, to set their targets)"),
                  permissions=["add_redirect"])
    def create_redirects(self, request, queryset):
        created = [WebsiteRedirect.objects.get_or_create(source=re.escape(entry.path), defaults={"target": "/", "enabled": False})[1]
                   for entry in queryset]
        queryset.delete()
        count = sum(created)
        self.message_user(request, ngettext("{count} redirect created, disabled: set its target and enable it.",
                                            "{count} redirects created, disabled: set each target and enable it.",
                                            count).format(count=count))
        return HttpResponseRedirect(reverse("admin:django_frappe_web_websiteredirect_changelist") + "?enabled__exact=0")

    def has_add_redirect_permission(self, request):
        return request.user.has_perm("django_frappe_web.add_websiteredirect")
