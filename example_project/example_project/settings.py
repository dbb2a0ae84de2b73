"""Settings of the example project: SQLite and a local-memory cache, DEBUG on (a demo, not production)."""

import os
from importlib.util import find_spec
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "example-project-only-not-a-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
# The site's languages (docs/i18n.md): /me?_lang=de, a preferred_language cookie, a user's language
# on /me, or the browser's Accept-Language choose among them.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
ROOT_URLCONF = "example_project.urls"
WSGI_APPLICATION = "example_project.wsgi.application"
ASGI_APPLICATION = "example_project.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular_sidecar",  # Swagger UI's static files for /api/docs/
    "django_tasks_db",  # frappe.enqueue's jobs, run by `manage.py db_worker` (make demo starts one)
    "django_frappe_web",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_frappe_web.middleware.FrappeMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# DEMO_DATABASE lets the browser tests run the demo on a throw-away database file.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("DEMO_DATABASE", BASE_DIR / "db.sqlite3")}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "example"}}

# frappe.enqueue: jobs are rows of this database, run by `manage.py db_worker --queue-name short,default,long`
# (`make demo` runs one beside runserver). Frappe's queues keep their names (FRAPPE_WEB["JOB_QUEUES"]).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["short", "default", "long"]},
}

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
# Uploads: public files in MEDIA_ROOT/files (served at /files/), private ones in PRIVATE_FILES_ROOT,
# outside MEDIA_ROOT (served at /private/files/ after a permission check). Next to the database, so a
# throw-away DEMO_DATABASE gets throw-away files too.
DATA_DIR = Path(os.environ["DEMO_DATABASE"]).parent if os.environ.get("DEMO_DATABASE") else BASE_DIR
MEDIA_ROOT = DATA_DIR / "media"
LOGIN_URL = "/login"

# Every key is optional; these show the common ones.
FRAPPE_WEB = {
    "HOME_PAGE": "home",  # a Web Page built from blocks (demo/seed_content.py)
    "PRIVATE_FILES_ROOT": str(DATA_DIR / "private" / "files"),
    "BACKUP_DIR": str(DATA_DIR / "backups"),  # served at /backups/<name> to superusers only
    "PAGE_RENDERERS": ["demo.renderers.HelloRenderer"],
    "WEBSITE_REDIRECTS": [
        {"source": r"old-blog/(.*)", "target": r"/blog/\1", "redirect_http_status": 301},
    ],
    "WEBSITE_ROUTE_RULES": [
        {"from_route": "/kb/<category>", "to_route": "Article"},
    ],
    # Accounts (docs/accounts.md): /signup is open; new accounts verify their address and join "Customer".
    "SIGNUP_ENABLED": True,
    "SIGNUP_DEFAULT_GROUP": "Customer",
    # The portal menu (docs/portal.md), in the top bar of logged-in users and on /me.
    "PORTAL_MENU": [
        {"title": "My talk proposal", "route": "/talks", "reference_doctype": "Talk Proposal"},
        {"title": "Expense claims", "route": "/claims", "reference_doctype": "Expense Claim", "role": "Claimants"},
    ],
}

# Account e-mails (verification, password reset) are files in sent_mail/ next to the database:
# open the newest one to follow its link. A real site sets an SMTP backend.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "sent_mail"
AUTH_PASSWORD_VALIDATORS = [{"NAME": f"django.contrib.auth.password_validation.{name}"} for name in (
    "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
    "NumericPasswordValidator")]

# --- Front ends on another origin (docs/api.md, "Front ends on another origin") ----------------------
# OAuth2 bearer tokens when django-oauth-toolkit is installed (the [oauth] extra): its views at /o/
# (authorize, token, revoke_token, introspect), applications in the admin, tokens on /api.
if find_spec("oauth2_provider"):
    INSTALLED_APPS.append("oauth2_provider")
    FRAPPE_WEB["API_AUTHENTICATION_CLASSES"] = [
        "django_frappe_web.api.authentication.APIKeyAuthentication",
        "django_frappe_web.api.bearer.BearerTokenAuthentication",  # before the session: a token needs no CSRF
        "django_frappe_web.api.authentication.FrappeSessionAuthentication",
    ]
    OAUTH2_PROVIDER = {
        "SCOPES": {"read": "Read what you may read", "write": "Change what you may change"},
        # RFC 9700 (the OAuth 2.0 security best current practice) now rather than in django-oauth-toolkit 4.0:
        # no implicit or password grants, PKCE with S256 only, tokens never in URLs and stored hashed,
        # `iss` in authorization responses, a replayed refresh token revokes its whole family.
        **{f"COMPLIANT_BCP_RFC9700_{gate}": True for gate in (
            "IMPLICIT_GRANT", "PASSWORD_GRANT", "PKCE_METHOD", "ACCESS_TOKEN_TRANSPORT", "AUTHZ_RESPONSE_ISS",
            "TOKEN_STORAGE")},
        "REFRESH_TOKEN_REUSE_PROTECTION": True,
    }

# FRONTEND_ORIGINS=https://app.example.com,http://localhost:5173 lets those origins call /api and /o/
# from the browser (django-cors-headers, the [cors] extra), with cookies, and trusts them for CSRF.
# SESSION_COOKIE_SAMESITE=None (with HTTPS) when such an origin is another site and uses the session.
FRONTEND_ORIGINS = [origin.strip() for origin in os.environ.get("FRONTEND_ORIGINS", "").split(",") if origin.strip()]
if FRONTEND_ORIGINS:
    from corsheaders.defaults import default_headers

    INSTALLED_APPS.append("corsheaders")
    MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")
    CORS_ALLOWED_ORIGINS = FRONTEND_ORIGINS
    CORS_ALLOW_CREDENTIALS = True
    CORS_URLS_REGEX = r"^/(api|o)/.*$"
    CORS_ALLOW_HEADERS = (*default_headers, "x-frappe-csrf-token")
    CORS_EXPOSE_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]
    CSRF_TRUSTED_ORIGINS = FRONTEND_ORIGINS
SESSION_COOKIE_SAMESITE = os.environ.get("SESSION_COOKIE_SAMESITE", "Lax")
