"""A form's custom script and style (Frappe's client script and custom CSS), served as files.

Never inline: a site whose Content-Security-Policy allows only ``script-src 'self'`` runs them.
The URL carries a hash of the text (``/web-form-assets/<id>/<hash>/custom.js``), so a browser
may keep it for a year and an edit in the admin is a new URL. A stale hash is a 404.

The script runs after ``frappe_web/web_form.js``, which gives it ``frappe.web_form``:
``on(fieldname, fn)`` (``fn(value)`` when the field changes), ``get_value(fieldname)``,
``set_value(fieldname, value)`` and ``validate`` (a function; returning ``false`` stops a
submission). The server still validates everything: the script only helps.
"""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse

from ..models import WebForm

KINDS = {"js": ("client_script", "text/javascript; charset=utf-8"), "css": ("custom_css", "text/css; charset=utf-8")}
YEAR = 365 * 24 * 3600


def version(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def asset_url(web_form: WebForm, kind: str) -> str | None:
    """The URL of a form's script (``js``) or style (``css``); None when it has none."""
    text = getattr(web_form, KINDS[kind][0])
    return f"/web-form-assets/{web_form.pk}/{version(text)}/custom.{kind}" if text.strip() else None


def asset(request: HttpRequest, pk: int, hash: str, kind: str) -> HttpResponse:
    if kind not in KINDS or request.method not in ("GET", "HEAD"):
        raise Http404("No such asset")
    attribute, content_type = KINDS[kind]
    web_form = WebForm.objects.filter(pk=pk, published=True).only(attribute).first()
    text = getattr(web_form, attribute, "") if web_form is not None else ""
    if not text.strip() or version(text) != hash:
        raise Http404("No such asset")
    response = HttpResponse(text, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
