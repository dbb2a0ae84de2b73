"""Forgotten and changed passwords, on Django's forms and token generator.

A reset is asked for with an address (or a username, as Frappe's ``reset_password`` takes) and
answered the same whether or not an account has it; the attempt counts in the login throttle's
limits. ``/update-password?key=`` takes a reset key or a verification key mailed at sign-up (the
one that asks the visitor to choose their first password): setting a password with the latter
also activates the account, since the link proved the address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from ..login_throttle import check_login_attempt
from .keys import user_for_key, verification_user
from .mails import send_password_reset

# Marked only: translated where shown (in the request's language), `_(RESET_SENT)`.
RESET_SENT = gettext_noop("If an account exists for this address, password reset instructions have been sent to it.")
INVALID_KEY = gettext_noop("The reset password link has either been used before or is invalid")


def request_reset(request: HttpRequest, user: Any) -> None:
    """Mail a reset link for ``user`` (an address or a username) if an account has it; throttled."""
    check_login_attempt(request.META.get("REMOTE_ADDR") or "", user, action="reset")
    if not isinstance(user, str) or not user.strip() or len(user) > 254 or "\x00" in user:
        return
    send_password_reset(request, email_of(user.strip()))


def email_of(name: str) -> str:
    """An address as given; a username becomes its account's address (Frappe accepts either)."""
    if "@" in name:
        return name
    User = get_user_model()
    user = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": name}).first()
    return getattr(user, User.get_email_field_name(), "") or "" if user is not None else ""


def key_user(key: Any) -> tuple[Any, bool]:
    """The user a reset or first-password key is for, and whether it verifies the address;
    ``(None, False)`` for a bad, expired or used key."""
    user = user_for_key(key)
    if user is not None:
        return user, False
    user = verification_user(key)
    return user, user is not None


def save_new_password(request: HttpRequest, form: Any, verifies: bool = False, with_key: bool = True) -> Any:
    """Save a valid ``SetPasswordForm`` (``with_key``: then the user is logged in, as Frappe's
    ``update_password`` does) or ``PasswordChangeForm`` (the user stays logged in, Django's
    ``update_session_auth_hash``), and activate an account the key ``verifies``. Every other
    session of the user ends: Django's session hash changes with the password."""
    user = form.user
    if verifies:
        user.is_active = True  # saved with the password
    form.save()
    if not with_key:
        if hasattr(request, "session"):
            update_session_auth_hash(request, user)
    elif user.is_active:  # a reset key of an account disabled since then sets the password, no more
        log_in(request, user)
    return user


def log_in(request: HttpRequest, user: Any) -> None:
    """Django's ``login`` for a user no backend authenticated just now (it must be told one)."""
    auth_login(request, user, backend=getattr(user, "backend", None) or settings.AUTHENTICATION_BACKENDS[0])
