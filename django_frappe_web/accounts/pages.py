"""``AccountPage``: the renderer of ``/signup``, ``/update-password`` and ``/me``, in the site's
base template, as Frappe's ``www/login`` (sign-up tab), ``www/update-password`` and ``www/me``.

* ``/signup``: the sign-up form (404 while sign-up is off); ``/signup?key=`` verifies an address.
* ``/update-password``: a guest gets the "forgot password" form (an address, one answer for all);
  with ``?key=`` Django's ``SetPasswordForm`` (a bad key: 400 with a link to ask again); a logged-in
  user Django's ``PasswordChangeForm``.
* ``/me``: the account page and the portal menu; guests go to ``/login?redirect-to=/me``.

Every page is per visitor (CSRF token, user) and never cached; a key in the address is kept out
of other sites' ``Referer`` headers (``Referrer-Policy: same-origin``; not ``no-referrer``, with
which browsers send ``Origin: null`` and Django's CSRF check refuses the form), as Django's reset
view keeps it out of the address bar. A project's own ``www/me.html`` (or a renderer before this
one) wins.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers

from ..exceptions import DoesNotExistError, TooManyRequestsError
from ..languages import remember, supported, user_language
from ..translate import _
from ..user_languages import set_stored_language
from ..utils import is_same_host_url
from ..website.portal_menu import home_page_of, menu_for
from ..website.renderers.base import BaseRenderer
from .passwords import RESET_SENT, key_user, log_in, request_reset, save_new_password
from .signup import CHECK_EMAIL, SignupForm, check_signup_allowed, sign_up, signup_enabled, verify

ROUTES = {"signup": "signup", "update-password": "update_password", "me": "me"}
SAFE_METHODS = ("GET", "HEAD")


class AccountPage(BaseRenderer):
    cacheable = False  # per visitor: a CSRF token, the user's name and menu

    def can_render(self) -> bool:
        return self.path in ROUTES

    @property
    def user(self) -> Any:
        return self.request.user

    def render(self) -> HttpResponse:
        if self.request.method not in (*SAFE_METHODS, "POST"):
            return HttpResponseNotAllowed([*SAFE_METHODS, "POST"])
        try:
            response = getattr(self, f"page_{ROUTES[self.path]}")()
        except TooManyRequestsError as exc:
            response = self.message(_("Too many requests"), str(exc), 429, indicator_color="red")
            response["Retry-After"] = str(exc.retry_after)
        add_never_cache_headers(response)
        return response

    # -- /signup -----------------------------------------------------------------------------

    def page_signup(self) -> HttpResponse:
        if "key" in self.request.GET:
            return self.verified(verify(self.request.GET["key"]))
        if not signup_enabled():
            raise DoesNotExistError(_("Sign Up is disabled"))
        if self.user.is_authenticated:
            return HttpResponseRedirect(home_page_of(self.user))
        if self.request.method in SAFE_METHODS:
            return self.signup_form(SignupForm())
        form = SignupForm(self.request.POST)
        if not form.is_valid():
            return self.signup_form(form, http_status_code=417)
        if form.is_bot:
            return self.check_email()  # the answer a person gets, and nothing done
        check_signup_allowed(self.request, form.cleaned_data["email"])
        user, created, mailed = sign_up(self.request, form.cleaned_data["email"], form.cleaned_data["full_name"],
                                        form.cleaned_data["password"], redirect_to=self.redirect_target(""))
        if created and user.is_active:  # no verification required: in at once
            log_in(self.request, user)
            return HttpResponseRedirect(self.redirect_target(home_page_of(user)))
        return self.check_email() if mailed else self.message(
            _("Sign-up received"), _("Please ask your administrator to verify your sign-up."), indicator_color="orange")

    def signup_form(self, form: SignupForm, http_status_code: int = 200) -> HttpResponse:
        context = self.get_context(title=_("Sign up"), form=form, redirect_to=self.redirect_target(""))
        return self.render_page("frappe_web/accounts/signup.html", context, http_status_code=http_status_code)

    def check_email(self) -> HttpResponse:
        return self.message(_("Check your e-mail"), _(CHECK_EMAIL))

    def verified(self, user: Any) -> HttpResponse:
        if user is None:
            return self.message(_("Invalid link"), _("This verification link has either been used before or is invalid."),
                                400, indicator_color="red", primary_action="/login", primary_label=_("Log in"))
        after = quote(self.redirect_target(home_page_of(user)))
        return self.message(_("E-mail address verified"), _("Your account is active: you can log in now."),
                            primary_action=f"/login?redirect-to={after}", primary_label=_("Log in"))

    # -- /update-password --------------------------------------------------------------------

    def page_update_password(self) -> HttpResponse:
        if "key" in self.request.GET:
            return self.set_password(self.request.GET["key"])
        if self.user.is_authenticated:
            return self.change_password()
        return self.forgot_password()

    def forgot_password(self) -> HttpResponse:
        if self.request.method in SAFE_METHODS:
            return self.password_page(_("Forgot password?"), None, forgot=True)
        request_reset(self.request, self.request.POST.get("email"))
        return self.message(_("Check your e-mail"), _(RESET_SENT))

    def set_password(self, key: str) -> HttpResponse:
        user, verifies = key_user(key)
        if user is None:
            response = self.message(_("Invalid link"), _("The reset password link has either been used before or is "
                                    "invalid. You can ask for a new one."), 400, indicator_color="red",
                                    primary_action="/update-password", primary_label=_("Forgot password?"))
        elif self.request.method in SAFE_METHODS:
            response = self.password_page(_("Set your password"), SetPasswordForm(user))
        else:
            form = SetPasswordForm(user, self.request.POST)
            if form.is_valid():
                save_new_password(self.request, form, verifies)
                response = HttpResponseRedirect(self.redirect_target(home_page_of(user)))
            else:
                response = self.password_page(_("Set your password"), form, http_status_code=417)
        response["Referrer-Policy"] = "same-origin"
        return response

    def change_password(self) -> HttpResponse:
        if self.request.method in SAFE_METHODS:
            return self.password_page(_("Change password"), PasswordChangeForm(self.user))
        form = PasswordChangeForm(self.user, self.request.POST)
        if not form.is_valid():
            return self.password_page(_("Change password"), form, http_status_code=417)
        save_new_password(self.request, form, with_key=False)
        return self.message(_("Password changed"), _("Your password has been changed."), primary_action="/me",
                            primary_label=_("My account"))

    def password_page(self, title: str, form: Any, forgot: bool = False, http_status_code: int = 200) -> HttpResponse:
        context = self.get_context(title=title, form=form, forgot=forgot, action=self.request.get_full_path())
        return self.render_page("frappe_web/accounts/update_password.html", context, http_status_code=http_status_code)

    # -- /me ---------------------------------------------------------------------------------

    def page_me(self) -> HttpResponse:
        if not self.user.is_authenticated:
            return HttpResponseRedirect(f"/login?redirect-to={quote('/me')}")
        if self.request.method == "POST":
            return self.save_language()
        context = self.get_context(title=_("My Account"), account=self.user, menu=menu_for(self.user),
                                   full_name=self.user.get_full_name() or self.user.get_username(),
                                   languages=settings.LANGUAGES, user_language=user_language(self.user) or "")
        return self.render_page("frappe_web/accounts/me.html", context)

    def save_language(self) -> HttpResponse:
        """The user's language (``""``: none, the browser's applies), kept in the cookie too: the cookie comes first."""
        asked = self.request.POST.get("language", "")
        language = supported(asked) if asked else ""
        if language is None or language != asked.lower():
            return self.message(_("Unknown language"), _("Choose one of the site's languages."), 417,
                                indicator_color="red", primary_action="/me", primary_label=_("My Account"))
        set_stored_language(self.user, language)
        response = HttpResponseRedirect("/me")
        remember(self.request, response, language)
        return response

    # -- helpers -------------------------------------------------------------------------------

    def redirect_target(self, default: str) -> str:
        for name in ("redirect-to", "redirect_to"):
            target = self.request.POST.get(name) or self.request.GET.get(name)
            if is_same_host_url(self.request, target):
                return target
        return default

    def message(self, title: str, message: str, http_status_code: int = 200, indicator_color: str = "blue",
                primary_action: str = "", primary_label: str = "") -> HttpResponse:
        return self.message_page(title, message, http_status_code, indicator_color, primary_action, primary_label)

