"""``login``, ``logout`` and ``frappe.auth.get_logged_user`` on Django's auth and sessions.

Login answers as Frappe does (``{"message", "home_page", "full_name"}``: ``"Logged In"`` for a
system user, ``"No App"`` for a website user, who has no desk to go to) and
sets Frappe's informational cookies (``system_user``, ``full_name``, ``user_id``,
``user_image``), which Frappe front ends read. The session itself is Django's: its
cookie is ``SESSION_COOKIE_NAME`` (set it to ``"sid"`` for Frappe's name).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import auth as django_auth
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseBase
from django.urls import NoReverseMatch, reverse
from rest_framework.decorators import throttle_classes

from ..exceptions import AuthenticationError
from ..local import get_local, get_session_user
from ..permissions import is_system_user
from ..translate import _
from ..website.portal_menu import home_page_of
from ..whitelist import alias, whitelist
from .throttling import LoginThrottle

FRAPPE_COOKIES = ("system_user", "full_name", "user_id", "user_image")


class CookieManager:
    """``frappe.local.cookie_manager`` for ``/api/method`` calls: cookies to set on (or delete from) the response."""

    def __init__(self) -> None:
        self.to_set: dict[str, tuple[str, dict[str, Any]]] = {}
        self.to_delete: set[str] = set()

    def set_cookie(self, key: str, value: str, **kwargs: Any) -> None:
        self.to_set[key] = (value, kwargs)
        self.to_delete.discard(key)

    def delete_cookie(self, keys: str | list[str]) -> None:
        for key in [keys] if isinstance(keys, str) else keys:
            self.to_set.pop(key, None)
            self.to_delete.add(key)

    def apply(self, response: HttpResponseBase) -> None:
        for key, (value, kwargs) in self.to_set.items():
            response.set_cookie(key, value, **{"samesite": "Lax", **kwargs})
        for key in self.to_delete:
            response.delete_cookie(key, samesite="Lax")


@whitelist(allow_guest=True, methods=["POST"])
@throttle_classes([LoginThrottle])
def login(usr: str | None = None, pwd: str | None = None, **kwargs: Any) -> None:
    """Log in with a username (or e-mail address) and password, as ``POST /api/method/login``.

    Bad credentials are a 401 "Invalid login credentials". ``otp``, ``tmp_id`` and
    ``device`` (Frappe's two-factor fields) are accepted and ignored.
    """
    local = get_local()
    request = local.request
    user = _authenticate(request, usr, pwd)
    if user is None:
        local.response["message"] = message = _("Invalid login credentials")
        raise AuthenticationError(message)
    django_auth.login(request, user)
    local.user = user
    local.response.pop("session_expired", None)  # a stale cookie before this login: a fresh session now
    full_name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or user.get_username()
    message = "Logged In" if is_system_user(user) else "No App"  # Frappe's answer to a Website User
    local.response.update(message=message, home_page=_home_page(user), full_name=full_name)
    _set_user_cookies(user, full_name)


def _authenticate(request: Any, usr: Any, pwd: Any) -> Any:
    if not isinstance(usr, str) or not isinstance(pwd, str) or not usr or not pwd or len(usr) > 254:
        return None
    if "\x00" in usr:  # no user has one, and PostgreSQL refuses it in a query (a 500): Django's form says no too
        return None
    user = django_auth.authenticate(request, username=usr, password=pwd)
    if user is None and "@" in usr:  # Frappe users log in with their e-mail address
        User = get_user_model()
        email_field = User.get_email_field_name()
        match = User._default_manager.filter(**{f"{email_field}__iexact": usr}).first()
        if match is not None:
            user = django_auth.authenticate(request, username=match.get_username(), password=pwd)
        else:
            User().set_password(pwd)  # hash anyway: an unknown address must not answer faster
    return user


def _home_page(user: Any) -> str:
    """Where Frappe would send the user: the desk (here Django's admin) for system users, else the
    website user's home page (the portal, ``/me``: ``FRAPPE_WEB["WEBSITE_USER_HOME_PAGE"]``)."""
    if is_system_user(user):
        try:
            return reverse("admin:index")
        except NoReverseMatch:
            pass
    return home_page_of(user)


def _set_user_cookies(user: Any, full_name: str) -> None:
    cookie_manager = get_local().cookie_manager
    if cookie_manager is None:
        return
    cookie_manager.set_cookie("system_user", "yes" if is_system_user(user) else "no")
    cookie_manager.set_cookie("full_name", quote(full_name))
    cookie_manager.set_cookie("user_id", quote(user.get_username()))
    cookie_manager.set_cookie("user_image", "")


@whitelist(allow_guest=True, changes_state=True)
def logout() -> None:
    """End the Django session (if any) and clear Frappe's cookies.

    GET is allowed, as in Frappe (frappe-client logs out with ``GET /?cmd=logout``), but refused
    when a browser sends it from another site (``changes_state``)."""
    local = get_local()
    if local.request is not None and hasattr(local.request, "session"):
        django_auth.logout(local.request)
    local.user = AnonymousUser()
    if local.cookie_manager is not None:
        local.cookie_manager.delete_cookie(list(FRAPPE_COOKIES))


@whitelist()
def get_logged_user() -> str:
    """The current user's name (``frappe.auth.get_logged_user``)."""
    return get_session_user()


alias("login", login)
alias("logout", logout)
alias("frappe.auth.get_logged_user", get_logged_user)
