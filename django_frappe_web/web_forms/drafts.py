"""Drafts (Frappe's ``allow_incomplete``): a logged-in visitor saves a response half-way and finishes it later.

A draft is what the visitor posted (fields, steps, table rows; not files), stored as a
:class:`~django_frappe_web.models.WebFormDraft` row -- not a document, so it needs none of the
required fields, never counts as a response (one-response forms, lists of responses) and
is only ever seen by its owner. Submitting it validates the whole form as usual; the draft is
deleted in the transaction that saves the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..exceptions import DoesNotExistError, DuplicateEntryError, PermissionError, ValidationError
from ..models import WebFormDraft
from .layout import ACTION_FIELD, STEP_FIELD

DRAFT_FIELD = "_web_form_draft"
DRAFT_ID = re.compile(r"[0-9]{1,18}")
MAX_DRAFTS = 20  # per user and form: a draft is free-form storage, so it is bounded
NOT_STORED = {"csrfmiddlewaretoken", ACTION_FIELD, STEP_FIELD, DRAFT_FIELD}


def check_can_draft(web_form: Any, user: Any) -> None:
    if not web_form.allow_incomplete:
        raise PermissionError(_("This form does not allow saving drafts."))
    if not user.is_authenticated:
        raise PermissionError(_("You must log in to save a draft."))


def own_drafts(web_form: Any, user: Any) -> Any:
    if not user.is_authenticated or not web_form.allow_incomplete:
        return WebFormDraft.objects.none()
    return WebFormDraft.objects.filter(web_form=web_form, owner=user)


def get_own_draft(web_form: Any, user: Any, draft_id: Any, lock: bool = False) -> WebFormDraft:
    """The user's draft ``draft_id`` of this form; anyone else's (or a bad id) is "not found"."""
    drafts = own_drafts(web_form, user)
    if lock:
        drafts = drafts.select_for_update()
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses (a 500).
    draft = drafts.filter(pk=draft_id).first() if DRAFT_ID.fullmatch(str(draft_id)) else None
    if draft is None:
        raise DoesNotExistError(_("This draft does not exist, or is not yours."))
    return draft


def save_draft(web_form: Any, user: Any, posted: QueryDict, step: int) -> WebFormDraft:
    """Store what was posted as a new draft, or over the draft named in ``posted``."""
    check_can_draft(web_form, user)
    data = {key: posted.getlist(key) for key in posted if key not in NOT_STORED}
    if any("\x00" in text for key, values in data.items() for text in (key, *values)):
        raise ValidationError(_("A draft cannot hold null characters: remove them and save "
                                "again."))  # jsonb refuses them
    with transaction.atomic():
        if posted.get(DRAFT_FIELD):
            draft = get_own_draft(web_form, user, posted[DRAFT_FIELD], lock=True)
        else:
            if own_drafts(web_form, user).count() >= MAX_DRAFTS:
                raise ValidationError(_("You have {limit} drafts of this form already: finish one first.").format(
                    limit=MAX_DRAFTS))
            draft = WebFormDraft(web_form=web_form, owner=user)
        draft.data, draft.step = data, step
        draft.save()
    return draft


def finish_draft(draft: WebFormDraft) -> Callable[[Any], None]:
    """A callback for ``save_response``: delete the draft in the response's transaction.

    Deleting takes the row's lock, so of two submissions of one draft at once (a double
    click) the second finds it gone and rolls its response back: a draft is one response.
    """
    def finish(doc: Any) -> None:
        deleted, _count = WebFormDraft.objects.filter(pk=draft.pk).delete()
        if not deleted:
            raise DuplicateEntryError(_("This draft has been submitted already."), title=_("Draft submitted"))
    return finish


def draft_data(draft: WebFormDraft) -> QueryDict:
    """The draft as the POST it was saved from."""
    data = QueryDict(mutable=True)
    for key, values in (draft.data or {}).items():
        if isinstance(values, list):
            data.setlist(key, [str(value) for value in values])
    return data
