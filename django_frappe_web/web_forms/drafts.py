"""Drafts (Frappe's ``allow_incomplete``): a logged-in visitor saves a response half-way and finishes it later.

A draft is what the visitor posted (fields, steps, table rows; not files), stored as a
:class:`~django_frappe_web.models.WebFormDraft` row -- not a document, so it needs none of the
required fields, never counts as a response (one-response forms, lists of responses) and
is only ever seen by its owner. Submitting it validates the whole form as usual; the draft is
deleted in the transaction that saves the document.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import QueryDict

from ..exceptions import DoesNotExistError, PermissionError, ValidationError
from ..models import WebFormDraft
from .layout import ACTION_FIELD, STEP_FIELD

DRAFT_FIELD = "_web_form_draft"
MAX_DRAFTS = 20  # per user and form: a draft is free-form storage, so it is bounded
NOT_STORED = {"csrfmiddlewaretoken", ACTION_FIELD, STEP_FIELD, DRAFT_FIELD}


def check_can_draft(web_form: Any, user: Any) -> None:
    if not web_form.allow_incomplete:
        raise PermissionError("This form does not allow saving drafts.")
    if not user.is_authenticated:
        raise PermissionError("You must log in to save a draft.")


def own_drafts(web_form: Any, user: Any) -> Any:
    if not user.is_authenticated or not web_form.allow_incomplete:
        return WebFormDraft.objects.none()
    return WebFormDraft.objects.filter(web_form=web_form, owner=user)


def get_own_draft(web_form: Any, user: Any, draft_id: Any, lock: bool = False) -> WebFormDraft:
    """The user's draft ``draft_id`` of this form; anyone else's (or a bad id) is "not found"."""
    drafts = own_drafts(web_form, user)
    draft = drafts.select_for_update().filter(pk=draft_id).first() if str(draft_id).isdigit() and lock else (
        drafts.filter(pk=draft_id).first() if str(draft_id).isdigit() else None)
    if draft is None:
        raise DoesNotExistError("This draft does not exist, or is not yours.")
    return draft


def save_draft(web_form: Any, user: Any, posted: QueryDict, step: int) -> WebFormDraft:
    """Store what was posted as a new draft, or over the draft named in ``posted``."""
    check_can_draft(web_form, user)
    data = {key: posted.getlist(key) for key in posted if key not in NOT_STORED}
    with transaction.atomic():
        if posted.get(DRAFT_FIELD):
            draft = get_own_draft(web_form, user, posted[DRAFT_FIELD], lock=True)
        else:
            if own_drafts(web_form, user).count() >= MAX_DRAFTS:
                raise ValidationError(f"You have {MAX_DRAFTS} drafts of this form already: finish one first.")
            draft = WebFormDraft(web_form=web_form, owner=user)
        draft.data, draft.step = data, step
        draft.save()
    return draft


def draft_data(draft: WebFormDraft) -> QueryDict:
    """The draft as the POST it was saved from."""
    data = QueryDict(mutable=True)
    for key, values in (draft.data or {}).items():
        if isinstance(values, list):
            data.setlist(key, [str(value) for value in values])
    return data
