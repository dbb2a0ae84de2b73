"""A form's responses as CSV, for staff: an admin action, streamed row by row (never built in memory).

The columns are the document's name and the form's fields in order; table rows are counted.
Cells (header labels too) a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) get a leading ``'``. Staff also need the ``view`` permission on the doctype.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..exceptions import PermissionError
from ..utils import spreadsheet_safe
from .spec import WebFormSpec

CHUNK_SIZE = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


def check_can_export(spec: WebFormSpec, user: Any) -> None:
    opts = spec.doctype.opts
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionError(_("You may not read {doctype} documents, so you cannot export them.").format(
            doctype=spec.doctype.name))


def csv_response(spec: WebFormSpec) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(spec), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(spec.web_form.route) or "responses"}.csv"'
    return response


def csv_lines(spec: WebFormSpec) -> Iterator[str]:
    writer = csv.writer(_Echo())
    fields = [field.fieldname for field in spec.fields]
    header = ["name", *[field.label for field in spec.fields], *[table.label for table in spec.tables]]
    yield writer.writerow([spreadsheet_safe(label) for label in header])  # labels are typed in the designer: text too
    queryset = spec.doctype.get_queryset().order_by("pk")
    for table in spec.tables:
        queryset = queryset.prefetch_related(table.fieldname)
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        cells = [spec.doctype.get_name(obj), *[_value(obj, name) for name in fields],
                 *[len(getattr(obj, table.fieldname).all()) for table in spec.tables]]
        yield writer.writerow([spreadsheet_safe(cell) for cell in cells])


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    return getattr(value, "pk", value)
