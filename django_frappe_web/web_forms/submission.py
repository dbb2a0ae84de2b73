"""The rules a web form submission follows, shared by the pages and the ``accept`` API.

**The form, not model permissions, decides.** As in Frappe (which inserts web form
documents with ``ignore_permissions``), a published form lets anyone it admits (guests,
unless ``login_required``) create a document with the form's fields, and lets a
logged-in user read, edit (``allow_edit``) and delete (``allow_delete``) the documents
they own through the model's owner field -- nothing else. Model permissions still
limit what a Link field offers. Saving goes through :class:`~django_frappe_web.document.Document`,
so the model's ``full_clean`` (required, max_length, choices, unique, ``clean()``) applies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from ..document import Document
from ..exceptions import DuplicateEntryError, PermissionError, TooManyRequestsError, ValidationError
from ..files.cleanup import delete_if_unused
from ..files.uploads import attach_file_url, save_uploaded_file
from ..local import get_local
from ..models import File
from ..rate_limiter import check_rate_limit
from ..settings import DEFAULTS, web_settings
from .forms import AttachedFile, SubmissionForm, WebFormSpec
from .notifications import notify_on_commit
from .tables import build_formset


class AlreadyAnsweredError(DuplicateEntryError):
    """A single-response form the user has answered already; ``name`` is their response."""

    def __init__(self, message: str, name: Any):
        super().__init__(message, title=_("Already answered"))
        self.name = name


def check_submission_rate() -> None:
    """Count one submission from this IP (pages and API together); 429 beyond ``WEB_FORM_RATE_LIMIT``."""
    config = {**DEFAULTS["WEB_FORM_RATE_LIMIT"], **(web_settings.WEB_FORM_RATE_LIMIT or {})}
    try:
        limit, seconds = int(config["limit"]), int(config["seconds"])
    except (TypeError, ValueError):
        limit = seconds = 0
    if limit < 1 or seconds < 1:
        raise ImproperlyConfigured(
            f"FRAPPE_WEB['WEB_FORM_RATE_LIMIT'] must have a positive integer limit and seconds, not {config!r}")
    try:
        check_rate_limit(check_submission_rate, limit, seconds)
    except TooManyRequestsError as exc:
        raise TooManyRequestsError(
            _("Too many submissions from your address. Please try again in {retry_after} seconds.").format(
                retry_after=exc.retry_after),
            retry_after=exc.retry_after, title=_("Too many submissions"),
        ) from None


# -- whose responses -------------------------------------------------------------------


def own_responses(spec: WebFormSpec, user: Any) -> models.QuerySet:
    """The documents ``user`` owns through the doctype's owner field (none for guests)."""
    queryset = spec.doctype.get_queryset()
    if not spec.owner_field or not user.is_authenticated or user.pk is None:
        return queryset.none()
    return queryset.filter(**{spec.owner_field: user})


def get_own_response(spec: WebFormSpec, user: Any, name: Any) -> models.Model:
    """``user``'s document ``name``; anyone else's is "not found", so its existence does not leak."""
    return spec.doctype.get_object(name, own_responses(spec, user))


def existing_response(spec: WebFormSpec, user: Any) -> models.Model | None:
    """The user's earlier response, when the form takes one response per user."""
    if spec.web_form.allow_multiple:
        return None
    return own_responses(spec, user).order_by("pk").first()


def check_can_create(spec: WebFormSpec, user: Any) -> None:
    if spec.web_form.login_required and not user.is_authenticated:
        raise PermissionError(_("You must log in to submit this form."))
    existing = existing_response(spec, user)
    if existing is not None:
        raise AlreadyAnsweredError(_("You have already submitted this form."), spec.doctype.get_name(existing))


def check_can_edit(spec: WebFormSpec) -> None:
    if not spec.web_form.allow_edit:
        raise PermissionError(_("This form does not allow editing responses."))


def check_can_delete(spec: WebFormSpec) -> None:
    if not spec.web_form.allow_delete:
        raise PermissionError(_("This form does not allow deleting responses."))


# -- saving ----------------------------------------------------------------------------


def save_response(spec: WebFormSpec, form: SubmissionForm, user: Any, instance: models.Model | None = None,
                  fixed: dict[str, Any] | None = None, on_saved: list[Callable[[Document], Any]] = ()) -> Document:
    """Create (``instance`` None) or update a response from a valid form, in one transaction.

    Raises the ``ValidationError``/``DuplicateEntryError`` of the model's ``full_clean``
    (with ``field_errors``), or :class:`AlreadyAnsweredError` for a second response.
    """
    doc = Document(spec.doctype, instance)
    if instance is None:
        doc.update(spec.fixed_values())
    values = form.values()
    attachments = {name: values.pop(name) for name in spec.attach_fieldnames if name in values}
    doc.update(values)
    doc.update(fixed or {})  # a keyed link's hidden values, over anything posted
    # An anonymous form records no owner, not even for a logged-in visitor.
    actor = AnonymousUser() if spec.web_form.anonymous else user
    stored: list[str] = []
    try:
        with transaction.atomic(), _acting_as(actor):
            if instance is None:
                _lock_single_response(spec, user)
            files = {name: _store_attachment(doc, name, value, actor, stored) for name, value in attachments.items()}
            doc.save(ignore_permissions=True)
            _link_attachments(doc, files)
            _save_tables(form, doc)
            if instance is None:
                notify_on_commit(spec, doc)
            for callback in on_saved:  # the draft it finishes, the keyed link it uses: in the same transaction
                callback(doc)
    except BaseException:
        for name in stored:  # the transaction rolled back: drop the files no row points at any more
            delete_if_unused(name)
        raise
    return doc


def _store_attachment(doc: Document, fieldname: str, value: Any, user: Any, stored: list[str]) -> File | None | bool:
    """Store an Attach field's upload (or adopt a file URL) and put its URL in the field.

    Returns the new ``File`` row, ``None`` when the field is cleared, ``False`` when unchanged.
    Uploads are private (the visitor's file is no one else's business) and go through the
    files feature's checks (size, name, extension); their errors are shown on the field.
    """
    current = getattr(doc.instance, fieldname) or ""
    if isinstance(value, AttachedFile) and value == current:
        return False
    try:
        if isinstance(value, UploadedFile):
            row = save_uploaded_file(value, is_private=True, user=user, ignore_permissions=True)
        elif value:
            row = attach_file_url(str(value), is_private=True, user=user, ignore_permissions=True)
        else:
            row = None
    except ValidationError as exc:
        exc.field_errors = {fieldname: [str(exc)]}
        raise
    if row is not None and row.file:
        stored.append(row.file.name)
    doc.set(fieldname, row.file_url if row is not None else "")
    return row


def _link_attachments(doc: Document, files: dict[str, File | None | bool]) -> None:
    """Attach the new ``File`` rows to the saved document; the rows they replace are deleted."""
    name = str(doc.name)
    for fieldname, row in files.items():
        if row is False:
            continue
        attached = File.objects.filter(attached_to_doctype=doc.doctype, attached_to_name=name, attached_to_field=fieldname)
        if row is not None:
            row.attached_to_doctype, row.attached_to_name, row.attached_to_field = doc.doctype, name, fieldname
            row.save(update_fields=["attached_to_doctype", "attached_to_name", "attached_to_field"])
            attached = attached.exclude(pk=row.pk)
        attached.delete()


def _save_tables(form: SubmissionForm, doc: Document) -> None:
    """The child rows, in the parent's transaction: added, changed and deleted rows."""
    for formset in form.active_tables().values():
        formset.instance = doc.instance
        formset.save()


def delete_response(spec: WebFormSpec, instance: models.Model, user: Any) -> None:
    with _acting_as(user):
        Document(spec.doctype, instance).delete(ignore_permissions=True)


def _lock_single_response(spec: WebFormSpec, user: Any) -> None:
    """Check "one response per user" again under a lock on the user's row.

    A double click sends two POSTs at once: on PostgreSQL the second waits here
    for the first to commit, then finds its response.
    """
    if spec.web_form.allow_multiple or not user.is_authenticated or user.pk is None:
        return
    list(get_user_model()._default_manager.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    check_can_create(spec, user)


@contextlib.contextmanager
def _acting_as(user: Any) -> Iterator[None]:
    """Save as ``user`` (owner, modified_by) with ``frappe.flags.in_web_form`` set, as Frappe does."""
    local = get_local()
    previous_user, previous_flag = local._user, local.flags.in_web_form
    local.user, local.flags.in_web_form = user, True
    try:
        yield
    finally:
        local._user, local.flags.in_web_form = previous_user, previous_flag


def response_data(spec: WebFormSpec, doc: Document) -> dict[str, Any]:
    """What a script client gets back: the document's name and the form's visible fields."""
    data = {"doctype": doc.doctype, "name": doc.name}
    for field_spec in spec.visible_fields:
        data[field_spec.fieldname] = doc.get(field_spec.fieldname)
    for table in spec.tables:
        data[table.fieldname] = build_formset(table, AnonymousUser(), doc.instance).rows_data()
    return data

