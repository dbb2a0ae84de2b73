"""Which HTTP verbs may call a whitelisted function: the one check of ``/api/method``, ``/api/v2/method``
and the site root's ``?cmd=``.

* The function's ``methods=`` (Frappe's default: GET, POST, PUT, DELETE): another verb is a 405
  with ``Allow``; HEAD counts as GET.
* A GET of a function that changes state (``logout``; ``changes_state=True``; any function whose
  ``methods`` leave GET out) is refused with 403 when the browser marks it as coming from another
  site (:mod:`django_frappe_web.cross_site`), before the verb check: a link or an ``<img>``
  elsewhere must not act for the user. A GET without those headers (frappe-client's
  ``GET /?cmd=logout``) is not refused -- unless its credentials may only read (a bearer token
  without the write scope, :mod:`.bearer`): such a GET writes all the same.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import MethodNotAllowed

from ..cross_site import is_cross_site
from ..exceptions import PermissionError
from ..whitelist import WhitelistedMethod

CROSS_SITE_MESSAGE = "Not permitted: a request from another site cannot call this method with GET; use POST"
# Set on a request by credentials that may read but not write (a bearer token without the write
# scope): why a GET of a state-changing function is refused to them.
READ_ONLY_CREDENTIALS = "frappe_read_only_credentials"


def request_verb(method: str) -> str:
    """The verb a call is checked as: HEAD is a GET without its body."""
    return "GET" if method == "HEAD" else method


def check_verb(entry: WhitelistedMethod, request: Any) -> None:
    """Refuse the call when its verb is not one ``entry`` answers (405) or is a cross-site GET of
    a state-changing function (403)."""
    verb = request_verb(request.method)
    if verb == "OPTIONS":
        return  # DRF's own answer (the view's metadata), as before; CORS preflights are the middleware's
    if verb == "GET" and entry.changes_state:
        if is_cross_site(request):
            raise PermissionError(CROSS_SITE_MESSAGE)
        if getattr(request, READ_ONLY_CREDENTIALS, None):
            raise PermissionError(getattr(request, READ_ONLY_CREDENTIALS))
    if verb not in entry.methods:
        raise MethodNotAllowed(request.method)
