"""``POST /api/method/frappe.website.doctype.web_form.web_form.accept``: web forms for script clients.

Frappe's arguments: ``web_form`` (the form's route), ``data`` (a JSON object, as a string
or, in a JSON body, as an object) and optionally ``docname`` (or ``data["name"]``) to
edit a response. The same form, validation, permissions and rate limit as the pages;
an edit only changes the fields present in ``data``, and a create leaves a field
absent from ``data`` at the model's default (as Frappe's ``new_doc``). An Attach field takes the URL of
a file the caller may read (uploaded first with ``upload_file``, as Frappe's web form
script does) or an ``http(s)`` link; ``""`` clears it. Answers the saved document's
name and the form's fields: ``{"message": {"doctype": ..., "name": ..., ...}}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..exceptions import DoesNotExistError, PermissionError, ValidationError
from ..json_input import parse_json
from ..local import get_local
from ..website.paths import normalize_path
from ..whitelist import alias, whitelist
from .forms import AttachedFile, SubmissionForm, WebFormSpec, initial_from_document, load_spec
from .routes import published_form
from .spam import check_captcha
from .submission import (
    check_can_create,
    check_can_edit,
    check_submission_rate,
    get_own_response,
    response_data,
    save_response,
)
from .tables import build_formset, rows_to_formset_data
from .translations import text_in, translate_form

FRAPPE_PATH = "frappe.website.doctype.web_form.web_form.accept"
SCALARS = (str, int, float, bool, type(None))


@whitelist(allow_guest=True, methods=["POST"])
def accept(web_form: str, data: Any, docname: str | None = None) -> dict[str, Any]:
    """Create or (with ``docname``) edit a response through the web form at route ``web_form``."""
    check_submission_rate()
    web_form_row = _published_form(web_form)
    # The caller's language (the API's): its errors name the labels of that language's translation.
    spec = load_spec(translate_form(web_form_row, text_in(web_form_row.pk, get_language())))
    check_captcha(get_local().request, spec.web_form)
    values = parse_data(data, tables={table.fieldname for table in spec.tables})
    _check_doctype(spec, values.pop("doctype", None))
    name = docname or values.pop("name", None)
    urls = {field: values.pop(field) for field in spec.attach_fieldnames if field in values}
    attached = {field: AttachedFile(url) if url else None for field, url in urls.items()}
    user = get_local().user
    if name:
        check_can_edit(spec)
        if not user.is_authenticated:
            raise PermissionError(_("You must log in to edit a response."))
        instance = get_own_response(spec, user, name)
        initial = initial_from_document(spec, instance)
        form = SubmissionForm(spec, user, data=_with_rows(spec, values, instance), initial={**initial, **attached},
                              editing=True, instance=instance)
    else:
        check_can_create(spec, user)
        instance, form = None, SubmissionForm(spec, user, data=_with_rows(spec, values, None), initial=attached)
    if not form.is_valid():
        error = ValidationError(form.error_message() or "The data is not valid.")
        error.field_errors = form.error_dict()
        raise error
    return response_data(spec, save_response(spec, form, user, instance))


alias(FRAPPE_PATH, accept)


def _published_form(name: Any) -> Any:
    route = normalize_path(name) if isinstance(name, str) else None
    if not route:
        raise DoesNotExistError(_("Web Form {name!r} not found").format(name=str(name)[:200]))
    return published_form(route=route)


def parse_data(data: Any, tables: set[str] = frozenset()) -> dict[str, Any]:
    """``data`` as a dict of plain values (a table's rows: a list of objects); anything else is a clear 417."""
    if isinstance(data, (str, bytes)):
        data = parse_json(data, "data", not_json="data must be a JSON object; it is not valid JSON")
    if not isinstance(data, dict):
        raise ValidationError(_("data must be a JSON object, not {type}").format(
            type=type(data).__name__ if data is not None else 'missing'))
    for key, value in data.items():
        if key in tables:
            if not isinstance(value, list):
                raise ValidationError(_("data[{key!r}] must be a list of rows (objects), not {type}").format(
                    key=key, type=type(value).__name__))
        elif not isinstance(value, SCALARS):
            raise ValidationError(_("data[{key!r}] must be a string, number, boolean or null, not {type}").format(
                key=key, type=type(value).__name__))
    return dict(data)


def _with_rows(spec: WebFormSpec, values: dict[str, Any], instance: Any) -> dict[str, Any]:
    """Tables' rows (lists of dicts, as Frappe's ``accept``) as the form's POST data; a table left out is unchanged."""
    for table in spec.tables:
        if table.fieldname in values:
            existing = list(build_formset(table, get_local().user, instance).get_queryset()) if instance else []
            try:
                values.update(rows_to_formset_data(table, values.pop(table.fieldname), existing))
            except ValueError as exc:
                error = ValidationError(str(exc))
                error.field_errors = {table.fieldname: [str(exc)]}
                raise error from None
    return values


def _check_doctype(spec: WebFormSpec, doctype: Any) -> None:
    if doctype is not None and doctype != spec.doctype.name:
        raise ValidationError(_("This web form is for {form_doctype}, not {doctype}").format(
            form_doctype=spec.doctype.name, doctype=doctype))
