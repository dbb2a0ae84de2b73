"""The API's views: the policy every endpoint shares, and ``/api/method/<dotted.path>``.

:class:`FrappeAPIMixin` is where the API's DRF policy lives -- on the views, so a project
needs no ``REST_FRAMEWORK`` settings and other DRF APIs of the project keep their own. Its
authentication, permission and throttle classes come from ``FRAPPE_WEB`` (docs/api.md).
"""

from __future__ import annotations

import functools
import inspect
import mimetypes
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import __version__
from ..exceptions import DoesNotExistError, PermissionError, ValidationError
from ..local import get_local
from ..messages import server_messages
from ..session import session_has_expired
from ..settings import web_settings
from ..translate import _
from ..views import serve_page
from ..whitelist import WhitelistedMethod, alias, get_whitelisted, whitelist
from . import auth
from .exceptions import V1, V2, exception_handler
from .method_verbs import check_verb, request_verb
from .renderers import FrappeContentNegotiation, FrappeJSONRenderer
from .schema import FrappeAutoSchema

# frappe.response keys that steer the response rather than being part of its body.
RESPONSE_CONTROL_KEYS = frozenset({"http_status_code", "docs", "type"})
IGNORED_ARGUMENTS = frozenset({"cmd", "flags"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class FromSettings:
    """A view attribute whose value is a ``FRAPPE_WEB`` setting, read on each access (so tests may change it).

    A non-data descriptor: a subclass's class attribute, or an ``as_view()`` keyword, overrides it.
    """

    def __init__(self, setting: str) -> None:
        self.setting = setting

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:  # the class's attribute (DRF's router inspects every one): not read at import,
            return self       # so a bad dotted path is the system check E007, not a URLconf that fails
        return getattr(web_settings, self.setting)


class FrappeAPIMixin:
    """The policy of every ``/api`` view; ``api_version`` picks Frappe's v1 or v2 envelope."""

    api_version: int = V1
    authentication_classes = FromSettings("API_AUTHENTICATION_CLASSES")
    permission_classes = FromSettings("API_PERMISSION_CLASSES")
    throttle_classes = FromSettings("API_THROTTLE_CLASSES")
    renderer_classes = [FrappeJSONRenderer]
    # frappe.form_dict reads the request with Frappe's rules; a DRF parser would consume the body first.
    parser_classes: list = []
    content_negotiation_class = FrappeContentNegotiation
    schema = FrappeAutoSchema()

    def get_exception_handler(self) -> Callable[..., Any]:
        return exception_handler

    def perform_authentication(self, request: Request) -> None:
        # frappe.session.user and permission checks in documents follow the API's user (e.g. an API key).
        local = get_local()
        local.user = request.user
        if session_has_expired(request._request, request.user):
            # As Frappe: the request goes on as a guest's and the response says so; a refusal is a 401.
            local.response["session_expired"] = 1

    def get_authenticate_header(self, request: Request) -> str | None:
        """The challenge of the scheme the client sent (a bad bearer token gets Bearer's), else the first class's."""
        scheme = (request.META.get("HTTP_AUTHORIZATION", "").split(None, 1) or [""])[0].lower()
        challenges = [c for c in (a.authenticate_header(request) for a in self.get_authenticators()) if c]
        return next((c for c in challenges if c.split(None, 1)[0].lower() == scheme), challenges[0] if challenges else None)

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> None:
        # Frappe answers 403 to guests as to users (DRF would say 401 or 403 depending on the header).
        raise PermissionError(message or _("Not permitted"))

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(response, "data", None), dict):
            add_frappe_response(response, self.api_version)
        cookie_manager = get_local().cookie_manager
        if cookie_manager is not None:
            cookie_manager.apply(response)
        return response


def add_frappe_response(response: Response, version: int) -> None:
    """What the request put in ``frappe.response`` and ``frappe.local.message_log``, as Frappe sends it."""
    local = get_local()
    frappe_response = local.response
    data = response.data
    for key, value in frappe_response.items():
        if key not in RESPONSE_CONTROL_KEYS:
            data.setdefault(key, value)
    if frappe_response.get("docs"):
        data.setdefault("docs", frappe_response["docs"])
    status = frappe_response.get("http_status_code")
    if status and response.status_code < 400:
        response.status_code = int(status)
    if local.message_log and "errors" not in data and "exc_type" not in data:
        if version == V2:
            data.setdefault("messages", local.message_log)
        else:
            data.setdefault("_server_messages", server_messages(local.message_log))


class MethodView(FrappeAPIMixin, APIView):
    """``/api/method/<dotted.path>``: call a whitelisted function with the arguments it accepts.

    The result goes in ``message`` (v1) or ``data`` (v2); keys the function put in
    ``frappe.response`` are sent too, and ``frappe.response.http_status_code`` sets
    the status; ``frappe.response["type"]`` may make it a redirect or a file (see
    :func:`typed_response`). A function may also return a Django response, sent as is.
    A POST, PUT, PATCH or DELETE call (but ``login``) runs in a transaction: when it raises, its writes
    are undone. Which verbs may call the function is :func:`.method_verbs.check_verb`'s decision.
    A function with a ``prepare_request`` attribute has it called with Django's
    request before anything reads the body (``upload_file`` installs its size limits).
    """

    whitelisted: WhitelistedMethod

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.whitelisted = get_whitelisted(self.method_path())
        self.headers = self.default_response_headers  # DRF built them (Allow) before the function was known
        get_local().cookie_manager = auth.CookieManager()
        prepare_request = getattr(self.whitelisted.func, "prepare_request", None)
        if prepare_request is not None:
            # Before authentication: a CSRF check may read the body (e.g. upload_file's streaming limits).
            prepare_request(request._request)
        super().initial(request, *args, **kwargs)
        check_verb(self.whitelisted, request)  # after authentication and permissions, as Frappe checks them first

    def method_path(self) -> str:
        path = self.kwargs.get("method") or get_local().form_dict.get("cmd")
        if not isinstance(path, str) or not path:
            raise DoesNotExistError(_("No method given"))
        return path.split("/")[0]  # frappe-client appends a slash; Frappe ignores what follows it

    @property
    def allowed_methods(self) -> list[str]:
        """The function's HTTP methods (sent as ``Allow``), once it is known."""
        entry = getattr(self, "whitelisted", None)
        return list(entry.methods) if entry is not None else super().allowed_methods

    def get_throttles(self) -> list:
        # A function's own throttles (DRF's @throttle_classes, as on ``login``) come on top of the API's.
        own = getattr(self.whitelisted.func, "throttle_classes", ())
        return super().get_throttles() + [throttle() for throttle in own]

    def call(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        entry = self.whitelisted
        verb = request_verb(request.method)
        # As Frappe, an unsafe call that raises leaves no write behind -- except a failed login,
        # whose records (lockout counters of user_login_failed receivers) must stay.
        if verb in UNSAFE_METHODS and entry.func is not auth.login:
            with transaction.atomic():
                result = entry.func(**call_arguments(entry))
        else:
            result = entry.func(**call_arguments(entry))
        if isinstance(result, HttpResponseBase):
            return result
        typed = typed_response(get_local().response)
        if typed is not None:
            return typed
        body = {} if result is None else {"data" if self.api_version == V2 else "message": result}
        return Response(body)

    get = post = put = patch = delete = call


class MethodV2View(MethodView):
    api_version = V2


FILE_TYPES = {"binary": "application/octet-stream", "pdf": "application/pdf", "csv": "text/csv", "txt": "text/plain"}


def typed_response(frappe_response: dict) -> HttpResponseBase | None:
    """Frappe's ``frappe.response["type"]``: ``redirect`` (to ``location``), or a file (``download``,
    ``binary``, ``pdf``: ``filename`` + ``filecontent``; ``csv``, ``txt``: ``doctype`` + ``result``)."""
    kind = frappe_response.get("type")
    if kind == "redirect":
        return HttpResponseRedirect(frappe_response["location"])
    if kind not in ("download", *FILE_TYPES):
        return None
    in_result = kind in ("csv", "txt")
    filename = f"{frappe_response.get('doctype') or 'data'}.{kind}" if in_result else frappe_response["filename"]
    content_type = FILE_TYPES.get(kind) or frappe_response.get("content_type") or (
        mimetypes.guess_type(filename)[0] or "application/octet-stream")
    response = HttpResponse(frappe_response.get("result" if in_result else "filecontent") or b"",
                            content_type=content_type)
    attachment = kind in ("csv", "txt") or (kind == "download" and
                                            frappe_response.get("display_content_as", "attachment") == "attachment")
    response["Content-Disposition"] = content_disposition_header(attachment, filename.replace(" ", "_"))
    return response


@functools.cache
def _parameters(func: Callable[..., Any]) -> tuple[inspect.Signature, tuple[str, ...], bool]:
    signature = inspect.signature(func)
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    names = tuple(p.name for p in signature.parameters.values() if p.kind in kinds)
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
    return signature, names, takes_any


def call_arguments(entry: WhitelistedMethod) -> dict[str, Any]:
    """The ``frappe.form_dict`` arguments ``entry``'s function accepts (all of them with ``**kwargs``)."""
    signature, names, takes_any = _parameters(entry.func)
    if not names and not takes_any:
        return {}  # e.g. ping: the request's arguments are never even parsed
    form_dict = get_local().form_dict
    if takes_any:
        arguments = {key: value for key, value in form_dict.items() if key not in IGNORED_ARGUMENTS}
    else:
        arguments = {name: form_dict[name] for name in names if name in form_dict}
    try:
        signature.bind(**arguments)
    except TypeError as exc:
        raise ValidationError(_("{field}: {exc}").format(field=entry.path.rsplit('.', 1)[-1], exc=exc)) from None
    return arguments


class NotFoundView(FrappeAPIMixin, APIView):
    """Any other ``/api/...`` path: a JSON 404 in Frappe's envelope, never the website's page."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        path = self.kwargs.get("path", "")
        self.api_version = V2 if path.startswith("v2/") else V1
        super().initial(request, *args, **kwargs)
        raise DoesNotExistError(_not_found_message(path))


def _not_found_message(path: str) -> str:
    parts = path.split("/")
    if parts and parts[0] in ("v1", "v2"):
        parts = parts[1:]
    if len(parts) >= 2 and parts[0] in ("resource", "document", "doctype") and parts[1]:
        return _("DocType {0} not found").format(parts[1])
    return _("Not found: {0}").format(f"/api/{path}")


@whitelist(allow_guest=True)
def ping() -> str:
    """Frappe's health check."""
    return "pong"


@whitelist(allow_guest=True)
def version() -> str:
    """The version of django-frappe-web (Frappe answers its own, to guests too)."""
    return __version__


alias("ping", ping)
alias("version", version)

# For the site root: Frappe clients (frappe-client for Python) post ``cmd=<method>`` to "/".
cmd_view = MethodView.as_view()
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@csrf_exempt  # the API checks CSRF its own way (token auth needs none); pages get csrf_protect in serve_page
@require_http_methods(["GET", "HEAD", "POST"])
def site_root(request: HttpRequest) -> HttpResponseBase:
    """``/`` when the API is installed: Frappe's ``cmd`` calls, else the website's home page."""
    if is_cmd_request(request):
        return cmd_view(request)
    return serve_page(request)


def is_cmd_request(request: HttpRequest) -> bool:
    """A Frappe RPC call to the site root (``/?cmd=ping``, or a form POST with ``cmd``), as frappe-client sends them."""
    if request.path_info != "/":
        return False
    if "cmd" in request.GET:
        return True
    return request.method == "POST" and request.content_type in FORM_TYPES and "cmd" in request.POST
