"""Signing up: the form, the account it creates, and verifying its e-mail address.

Whatever the address, a valid sign-up gets one answer ("check your e-mail"): a new address
gets its verification link, a known one an e-mail saying it already has an account (an account
never verified gets its link again). Nobody learns from the answer whether an address is known.
A filled honeypot field is answered the same, with nothing created or sent.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ..exceptions import PermissionError
from ..login_throttle import check_login_attempt
from ..settings import web_settings
from ..views import signup_enabled  # the login page links to /signup when it is open
from .keys import verification_user
from .mails import send_already_registered, send_verification

logger = logging.getLogger("django_frappe_web.accounts")

HONEYPOT_FIELD = "website"  # hidden by the page's CSS: people leave it empty, form-filling bots do not
CHECK_EMAIL = gettext_noop("Please check your email for verification")  # translated where shown
ASK_ADMINISTRATOR = gettext_noop("Please ask your administrator to verify your sign-up")


def check_signup_allowed(request: HttpRequest, email: Any) -> None:
    """Sign-up must be on (403), and the visitor within the login throttle's limits (429)."""
    if not signup_enabled():
        raise PermissionError(_("Sign Up is disabled"))
    check_login_attempt(request.META.get("REMOTE_ADDR") or "", email, action="signup")


class SignupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput, required=False)
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args: Any, require_password: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].required = require_password

    def clean_email(self) -> str:
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password")
        if password and "email" in data:
            # Django's validators, with the would-be user (the similarity validator compares them).
            candidate = get_user_model()(**{get_user_model().get_email_field_name(): data["email"]})
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


def sign_up(request: HttpRequest, email: str, full_name: str, password: str | None = None,
            redirect_to: str = "") -> tuple[Any, bool, bool]:
    """Create the account of a valid sign-up, or find the one with this address, and mail it.

    Returns ``(user, created, mailed)``; ``mailed`` is false only when the e-mail could not be
    sent. Without a password (Frappe's API), the e-mail's link lets the visitor choose one, which
    verifies the address too."""
    existing = find_by_email(email)
    if existing is None:
        try:
            with transaction.atomic():
                user = create_account(email, full_name, password)
        except IntegrityError:  # the same address signed up at the same moment: the other one won
            existing = find_by_email(email)
        else:
            if user.is_active and password is not None:
                return user, True, True  # no verification asked for: nothing to mail
            return user, True, _mailed(send_verification, request, user, set_password=password is None,
                                       redirect_to=redirect_to)
    if existing is None:
        raise PermissionError(_("Sign Up is not possible with this address"))  # an address we cannot read back
    if not existing.is_active and existing.last_login is None:
        # Whoever signed up first may not own the address: the password they chose must not survive
        # the owner's verification, so the link now sets a new one (and the earlier links stop working).
        _forget_password(existing)
        mailed = _mailed(send_verification, request, existing, set_password=True)
    else:
        mailed = _mailed(send_already_registered, request, existing, email)
    return existing, False, mailed


def _forget_password(user: Any) -> None:
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])


def _mailed(send: Any, *args: Any, **kwargs: Any) -> bool:
    """Send; a mail server that fails is logged and reported as ``False`` (the account stays)."""
    try:
        send(*args, **kwargs)
    except Exception:  # noqa: BLE001 - any backend error: the visitor is told to ask an administrator
        logger.exception("Could not send the sign-up e-mail")
        return False
    return True


def find_by_email(email: str) -> Any:
    User = get_user_model()
    by_email = User._default_manager.filter(**{f"{User.get_email_field_name()}__iexact": email}).order_by("pk").first()
    return by_email or User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": email}).first()


def create_account(email: str, full_name: str, password: str | None) -> Any:
    """A user named by its address, active at once only when no verification is required (and it
    has a password to log in with), in the default group."""
    User = get_user_model()
    user = User(**{User.USERNAME_FIELD: email, User.get_email_field_name(): email})
    first, _sep, last = full_name.strip().partition(" ")
    for field, value in (("first_name", first), ("last_name", last.strip())):
        if hasattr(user, field):
            setattr(user, field, value[:150])
    user.is_active = not web_settings.SIGNUP_VERIFICATION
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if web_settings.SIGNUP_DEFAULT_GROUP:
        group, _created = Group.objects.get_or_create(name=web_settings.SIGNUP_DEFAULT_GROUP)
        user.groups.add(group)
    return user


def verify(key: Any) -> Any:
    """Activate the account a verification key was made for; ``None`` for a bad, expired or used key."""
    user = verification_user(key)
    if user is None:
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
