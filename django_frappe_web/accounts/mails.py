"""The account e-mails, sent with Django's machinery (``PasswordResetForm`` for resets,
``send_mail`` and the e-mail backend) from templates a project may override (``frappe_web/accounts/*_subject.txt``, ``*_email.txt``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string

from .keys import key_parts, verification_token_generator

TEMPLATES = "frappe_web/accounts"


def mail_context(request: HttpRequest, user: Any, **extra: Any) -> dict[str, Any]:
    """What Django's reset e-mail gets (``site_name``, ``domain``, ``protocol``, ``user``), and
    ``base_url`` for links."""
    site = get_current_site(request)
    protocol = "https" if request.is_secure() else "http"
    return {"site_name": site.name, "domain": site.domain, "protocol": protocol, "user": user,
            "base_url": f"{protocol}://{site.domain}", **extra}


def send_account_mail(request: HttpRequest, name: str, user: Any, to_email: str, **extra: Any) -> None:
    """Send ``frappe_web/accounts/<name>_subject.txt`` / ``<name>_email.txt`` to ``to_email`` with
    Django's ``send_mail``; a failing server raises (``PasswordResetForm.send_mail`` would only log
    it, and sign-up tells the visitor when its e-mail could not go)."""
    context = mail_context(request, user, **extra)
    subject = "".join(render_to_string(f"{TEMPLATES}/{name}_subject.txt", context).splitlines())
    send_mail(subject, render_to_string(f"{TEMPLATES}/{name}_email.txt", context), None, [to_email])


def send_verification(request: HttpRequest, user: Any, set_password: bool, redirect_to: str = "") -> None:
    """The link that activates a new account: ``/signup?key=`` when the visitor chose a password,
    ``/update-password?key=`` (choose one, which verifies the address too) when they did not (the API)."""
    parts = key_parts(user, verification_token_generator)
    page = "update-password" if set_password else "signup"
    after = f"&redirect-to={quote(redirect_to)}" if redirect_to else ""
    send_account_mail(request, "verification", user, user.email, path=f"/{page}?key={parts['key']}{after}",
                      set_password=set_password)


def send_already_registered(request: HttpRequest, user: Any, to_email: str) -> None:
    """Told to an address that signs up again: it has an account (and how to get back into it)."""
    send_account_mail(request, "already_registered", user, to_email)


def send_password_reset(request: HttpRequest, email: str) -> None:
    """Django's ``PasswordResetForm``: a reset link to each active account with this address (none
    for an unknown one, and the caller answers the same)."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(request=request, use_https=request.is_secure(),
                  subject_template_name=f"{TEMPLATES}/password_reset_subject.txt",
                  email_template_name=f"{TEMPLATES}/password_reset_email.txt")
