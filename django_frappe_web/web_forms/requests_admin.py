"""The admin of keyed links (Web Form Requests): staff create a link with values, an expiry, a single use.

The key is made by the server when the row is created; the admin shows the link to send.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..doctypes import get_doctype
from ..exceptions import DoesNotExistError
from ..models import WebFormRequest
from .keyed_links import new_key, value_problems
from .routes import form_url


class WebFormRequestForm(forms.ModelForm):
    class Meta:
        model = WebFormRequest
        fields = ["web_form", "email", "values", "hidden_values", "expires_at", "single_use"]
        help_texts = {
            "values": 'Filled in for the recipient, who may change them: {"full_name": "Ada"}.',
            "hidden_values": 'Written by the server, whatever is posted: {"country": "DE"}. A field of them '
                             "the form shows is shown read-only.",
            "expires_at": "Empty: the link never expires.",
            "single_use": "The link works for one response only.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        web_form = data.get("web_form")
        if web_form is None:
            return data
        try:
            doctype = get_doctype(web_form.doctype)
        except DoesNotExistError:
            raise forms.ValidationError(_("The form's doctype {doctype} is not registered.").format(
                doctype=web_form.doctype)) from None
        shown = {row.fieldname for row in web_form.fields.all() if row.fieldname and not row.hidden}
        for name, hidden in (("values", False), ("hidden_values", True)):
            if name in data:
                for problem in value_problems(doctype, shown, data[name], hidden):
                    self.add_error(name, problem)
        return data


class WebFormRequestAdmin(admin.ModelAdmin):
    form = WebFormRequestForm
    actions = ["send_links"]
    list_display = ["web_form", "email", "expires_at", "single_use", "used_at", "creation"]
    list_filter = ["web_form", "single_use"]
    readonly_fields = ["link", "used_at", "response_name"]
    search_fields = ["email"]

    @admin.display(description=gettext_lazy("Link to send"))
    def link(self, obj: WebFormRequest) -> str:
        if not obj.pk:
            return _("Made when you save.")
        return format_html("<code>{}?key={}</code>", form_url(obj.web_form.route, "new"), obj.key)

    @admin.action(description=gettext_lazy("Email the links to their recipients"))
    def send_links(self, request: Any, queryset: Any) -> None:
        sent, skipped = 0, 0
        for row in queryset.select_related("web_form"):
            if not row.email or (row.single_use and row.used_at) or (row.expires_at and row.expires_at <= timezone.now()):
                skipped += 1
                continue
            url = request.build_absolute_uri(f"{form_url(row.web_form.route, 'new')}?key={row.key}")
            until = ("\n" + _("The link works until {expires}.").format(expires=f"{timezone.localtime(row.expires_at):%Y-%m-%d %H:%M}")
                     if row.expires_at else "")
            try:
                send_mail(row.web_form.title.replace("\n", " "), _("Please fill in {title}:").format(title=row.web_form.title) + f"\n\n{url}\n{until}",
                          None, [row.email])
                sent += 1
            except Exception as exc:  # noqa: BLE001 - the mail server's error, told to staff
                self.message_user(request, _("Could not mail {email}: "
                                             "{exc}").format(email=row.email, exc=exc), messages.ERROR)
        self.message_user(request, _("Links sent: {sent}; without a recipient, used or expired: {skipped}.").format(
            sent=sent, skipped=skipped))

    def save_model(self, request: Any, obj: WebFormRequest, form: Any, change: bool) -> None:
        if not obj.key:
            obj.key = new_key()
        super().save_model(request, obj, form, change)
