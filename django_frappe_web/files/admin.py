"""``File`` in the Django admin: list, filter by attached doctype and private flag, upload.

An upload from the admin goes through :func:`~.uploads.save_uploaded_file`'s checks
(size, name, extension, write permission on the document) and the same storing
step, so it is hashed, deduplicated and put in the public or private storage like
any other. Ticking or unticking "private" on an existing file moves it between them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from ..exceptions import FrappeError
from ..models import File
from .permissions import resolve_attachment
from .uploads import set_privacy, store_upload
from .utils import human_size
from .validation import clean_folder, validate_upload


class FileAdminForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("File"), required=False)

    class Meta:
        model = File
        fields = ["is_private", "folder", "attached_to_doctype", "attached_to_name", "attached_to_field"]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.request = request
        self.file_name = ""
        if self.instance.pk:
            del self.fields["upload"]
        else:
            self.fields["upload"].required = True

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            if "upload" in self.fields and cleaned.get("upload") is not None:
                self.file_name = validate_upload(cleaned["upload"])
            cleaned["folder"] = clean_folder(cleaned.get("folder"))
            self.attachment = resolve_attachment(
                cleaned.get("attached_to_doctype"), cleaned.get("attached_to_name"),
                cleaned.get("attached_to_field"), user=self.request.user,
            )
        except FrappeError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


class FileAdmin(admin.ModelAdmin):
    form = FileAdminForm
    list_display = ["file_name", "link", "is_private", "attached_to_doctype", "attached_to_name", "size", "owner",
                    "creation"]
    list_filter = ["is_private", "attached_to_doctype", "folder"]
    search_fields = ["file_name", "file_url", "attached_to_name"]
    readonly_fields = ["link", "size", "content_hash", "owner", "creation", "modified"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args: Any, **inner: Any):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def get_fields(self, request: Any, obj: Any = None) -> list[str]:
        editable = ["is_private", "folder", "attached_to_doctype", "attached_to_name", "attached_to_field"]
        return editable + self.readonly_fields if obj else ["upload", *editable]

    def save_model(self, request: Any, obj: File, form: FileAdminForm, change: bool) -> None:
        attachment = form.attachment
        obj.attached_to_doctype, obj.attached_to_name = attachment.doctype, attachment.name
        obj.attached_to_field = attachment.fieldname
        if change:
            if "is_private" in form.changed_data:
                set_privacy(obj, obj.is_private)
            obj.save()
            return
        obj.file_name = form.file_name
        obj.owner = request.user
        store_upload(obj, form.cleaned_data["upload"])

    @admin.display(description=gettext_lazy("URL"), ordering="file_url")
    def link(self, obj: File) -> str:
        return format_html('<a href="{}">{}</a>', obj.file_url, obj.file_url) if obj.file_url else "-"

    @admin.display(description=gettext_lazy("Size"), ordering="file_size")
    def size(self, obj: File) -> str:
        return human_size(obj.file_size)
