"""Frappe's account API: ``frappe.core.doctype.user.user.sign_up``, ``.reset_password`` and
``.update_password`` (what frappe-js-sdk's ``auth`` and Frappe's own login page call).

Departures, for privacy (docs/decisions.md): ``sign_up`` never answers ``[0, "Already
Registered"]`` and ``reset_password`` never answers ``"not found"`` (a 404): both answer the
same for known and unknown addresses, and the e-mail tells the owner what happened.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext as _

from ..exceptions import AuthenticationError, ValidationError
from ..local import get_local
from ..login_throttle import check_login_attempt
from ..messages import msgprint
from ..utils import is_same_host_url
from ..website.portal_menu import home_page_of
from ..whitelist import alias, whitelist
from .passwords import INVALID_KEY, RESET_SENT, key_user, request_reset, save_new_password
from .signup import ASK_ADMINISTRATOR, CHECK_EMAIL, SignupForm, check_signup_allowed
from .signup import sign_up as sign_up_account

USER_MODULE = "frappe.core.doctype.user.user"


@whitelist(allow_guest=True, methods=["POST"])
def sign_up(email: Any = None, full_name: Any = None, redirect_to: Any = None) -> list:
    """``[1, "Please check your email for verification"]`` for a new or a known address (``[2,
    ...]`` when the e-mail could not be sent); 403 while sign-up is off, 417 for a bad address or
    name, 429 beyond the login throttle's limits."""
    request = get_local().request
    check_signup_allowed(request, email)
    require_text(email=email, full_name=full_name)
    form = SignupForm({"email": email, "full_name": full_name}, require_password=False)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    target = redirect_to if isinstance(redirect_to, str) and is_same_host_url(request, redirect_to) else ""
    _user, _created, mailed = sign_up_account(request, form.cleaned_data["email"], form.cleaned_data["full_name"],
                                              redirect_to=target)
    return [1, _(CHECK_EMAIL)] if mailed else [2, _(ASK_ADMINISTRATOR)]


@whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: Any = None) -> None:
    """Mail a reset link if an account has this address (or username); the same answer either way."""
    request_reset(get_local().request, user)
    msgprint(_(RESET_SENT), title=_("Password Email Sent"))


@whitelist(allow_guest=True, methods=["POST"])
def update_password(new_password: Any = None, logout_all_sessions: Any = 0, key: Any = None,
                    old_password: Any = None) -> str:
    """Set a new password with a reset ``key`` (then logged in) or, logged in, the ``old_password``;
    answers the page to go to. A bad key is a 410 with Frappe's message; a wrong old password a
    401; a password Django's validators refuse a 417. Other sessions always end (Django's session
    hash), so ``logout_all_sessions`` needs no handling."""
    local = get_local()
    request = local.request
    require_text(new_password=new_password)
    if key:
        user, verifies = key_user(key)
        if user is None:
            local.response["http_status_code"] = 410
            return _(INVALID_KEY)
        form = SetPasswordForm(user, {"new_password1": new_password, "new_password2": new_password})
    else:
        user, verifies = local.user, False
        if not getattr(user, "is_authenticated", False):
            raise AuthenticationError(_("Incorrect User or Password"))
        check_login_attempt(request.META.get("REMOTE_ADDR") or "", user.get_username())  # old-password guesses
        form = PasswordChangeForm(user, {"old_password": old_password, "new_password1": new_password,
                                         "new_password2": new_password})
    if not form.is_valid():
        if "old_password" in form.errors:
            raise AuthenticationError(_("Incorrect User or Password"))
        raise ValidationError(form_errors(form))
    save_new_password(request, form, verifies, with_key=bool(key))
    return home_page_of(user)


def require_text(**values: Any) -> None:
    """A JSON body may send a list or a number where Frappe expects text: refused (417), never
    turned into its ``str()`` (a password of ``"['x']"``)."""
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("{name} must be text, not {type}").format(name=name, type=type(value).__name__))


def form_errors(form: Any) -> str:
    """A form's errors as one message (each field's first, then the form's)."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


for _function in (sign_up, reset_password, update_password):
    alias(f"{USER_MODULE}.{_function.__name__}", _function)
