"""Views: the website catch-all, login and logout, sitemap.xml and robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from .exceptions import TooManyRequestsError
from .login_throttle import check_login_attempt
from .models import WebsiteSettings
from .settings import web_settings
from .users import username_of
from .utils import is_same_host_url
from .website import router, sitemap
from .website.portal_menu import home_page_of

REDIRECT_FIELDS = ("redirect-to", "redirect_to", "next")
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


# csrf_exempt + csrf_protect on serve_page: a method other than these is a 405 before any CSRF check.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def serve(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every path no other URL pattern claimed: the website."""
    if request.method == "POST" or CSRF_MIDDLEWARE not in settings.MIDDLEWARE:
        return serve_page(request)
    # GET and HEAD are safe methods: csrf_protect would accept them unchecked, and CsrfViewMiddleware
    # (which runs for every view) sets the CSRF cookie a page asks for; its second pass costs a hit ~5%.
    return router.serve(request)


@csrf_protect
def serve_page(request: HttpRequest) -> HttpResponse:
    """Redirects, route rules, then the page renderers."""
    return router.serve(request)


def safe_redirect_target(request: HttpRequest, default: str = "/") -> str:
    """The visitor's ``redirect-to`` (or ``next``) when it stays on this host, else ``default``."""
    for name in REDIRECT_FIELDS:
        target = request.POST.get(name) or request.GET.get(name)
        if is_same_host_url(request, target):
            return target
    return default


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Django's ``AuthenticationForm``; then the page asked for, else the user's home page
    (staff: the site's root; website users: the portal, ``/me``)."""
    redirect_to = safe_redirect_target(request, default="")
    if request.user.is_authenticated and request.method != "POST":
        return HttpResponseRedirect(redirect_to or home_page_of(request.user))
    context = {"redirect_to": redirect_to, "title": _("Login"), "signup_enabled": signup_enabled()}
    if request.method == "POST":
        try:
            check_login_attempt(request.META.get("REMOTE_ADDR") or "", request.POST.get("username"))
        except TooManyRequestsError as exc:
            return throttled_login_page(request, context, exc)
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        return HttpResponseRedirect(redirect_to or home_page_of(form.get_user()))
    status = 401 if request.method == "POST" else 200
    return render(request, "frappe_web/login.html", {**context, "form": form}, status=status)


def signup_enabled() -> bool:
    """``FRAPPE_WEB["SIGNUP_ENABLED"]``, unless Website Settings' ``disable_signup`` closes it."""
    return bool(web_settings.SIGNUP_ENABLED) and not WebsiteSettings.load().disable_signup


def throttled_login_page(request: HttpRequest, context: dict, exc: TooManyRequestsError) -> HttpResponse:
    """429 with ``Retry-After``: the form again with the error, refused before any password check
    (an unbound form: validating it would authenticate), keeping only the username typed."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    response = render(request, "frappe_web/login.html", {**context, "form": form, "error": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation (a link must not log anyone out); POST logs out."""
    redirect_to = safe_redirect_target(request)
    if request.method == "POST":
        auth_logout(request)
        return HttpResponseRedirect(redirect_to)
    return render(request, "frappe_web/logout.html", {"redirect_to": redirect_to, "title": _("Log out"),
                                                      "session_user": username_of(request.user)})


@require_http_methods(["GET", "HEAD"])
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return HttpResponse(sitemap.render_sitemap(request), content_type="application/xml; charset=utf-8")


@require_http_methods(["GET", "HEAD"])
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(sitemap.render_robots(request), content_type="text/plain; charset=utf-8")
