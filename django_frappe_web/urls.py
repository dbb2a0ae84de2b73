"""Include last in the project's urls: ``path("", include("django_frappe_web.urls"))``.

Fixed routes first (login, logout, sitemap, robots), then files (served before the
website, as in Frappe), then ``/api`` and the root's ``?cmd=`` calls when Django REST
framework is installed, and last the website catch-all.
"""

import re
from importlib.util import find_spec

from django.urls import URLPattern, include, path, re_path
from django.urls.resolvers import RoutePattern

from . import js_translations, views
from .files import views as file_views
from .web_forms import assets as web_form_assets
from .website import page_assets, preview, theme

app_name = "frappe_web"
WEBSITE_PATH = r"(?P<path>[\s\S]*)"

# The package's own files and previews, under "_" (a www page's route never starts with one):
# one pattern for the website's paths to pass, however many of these there are.
underscored = [
    path("preview/<str:token>", preview.preview, name="preview"),
    re_path(r"^preview/(?P<token>[^/]+)/assets/(?P<key>[0-9a-f]{16})\.(?P<extension>css|js)$",
            preview.preview_asset, name="preview-asset"),
    re_path(r"^page_assets/(?P<page_id>[0-9]{1,18})\.(?P<key>[0-9a-f]{16})\.(?P<extension>css|js)$",
            page_assets.page_asset, name="page-asset"),
    re_path(r"^theme/(?P<key>[0-9a-f]{16})\.css$", theme.theme_stylesheet, name="theme-stylesheet"),
    re_path(js_translations.URL_PATTERN, js_translations.catalog_view, name="js-translations"),
]

urlpatterns = [
    path("login", views.login, name="login"),
    path("logout", views.logout, name="logout"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("_", include(underscored)),
    path("files/<path:name>", file_views.public_file, name="public-file"),
    path("private/files/<path:name>", file_views.private_file, name="private-file"),
    path("backups/<path:name>", file_views.backup_file, name="backup"),
    path("web-form-assets/<int:pk>/<slug:hash>/custom.<str:kind>", web_form_assets.asset, name="web-form-asset"),
    # [\s\S], not ".": a path with an encoded newline (%0A) must reach the site's 404 page too.
    re_path(rf"^{WEBSITE_PATH}$", views.serve, name="serve"),
]

# The REST API lives in its own subpackage so the rest imports without DRF (as django-filter does).
# "/" goes to the API's view, which answers ``?cmd=`` calls and serves the home page otherwise.
if find_spec("rest_framework") is not None:
    from .api.views import site_root

    urlpatterns[-1:-1] = [path("api/", include("django_frappe_web.api.urls")), path("", site_root, name="root")]


def website_paths_first(patterns: list) -> list:
    """The catch-all once more, first, for the paths none of ``patterns`` (the others here) can match:
    a website page is then resolved by one regular expression, not after a dozen failed patterns
    (a third of the URL resolution of a cached page). Built from the patterns themselves, so it
    cannot forget one; none when a pattern is a regular expression (what it matches is not known)."""
    exact, prefixes = [], []
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            return []
        route = str(pattern.pattern)
        literal = route.split("<", 1)[0]
        if isinstance(pattern, URLPattern) and literal == route:
            exact.append(route)  # "login", "" (the root)
        elif literal:
            prefixes.append(literal)  # "files/", "api/", "_" (the package's own files)
        else:
            return []
    guard = "|".join([*(re.escape(route) + r"\Z" for route in exact), *(re.escape(prefix) for prefix in prefixes)])
    return [re_path(rf"^(?!{guard}){WEBSITE_PATH}$", views.serve, name="serve")]


urlpatterns[:0] = website_paths_first(urlpatterns[:-1])
