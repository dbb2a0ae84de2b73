"""API keys: ``Authorization: token <api_key>:<api_secret>`` (or ``Basic``) credentials stored in :class:`APIKey`.

Core code, no DRF: the API's authentication class, private file serving, the admin and
``manage.py generate_api_key`` all use it. Why secrets are SHA-256 digests rather than
password hashes: docs/api.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import AuthenticationError
from .models import APIKey

HASH_PREFIX = "sha256$"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used is written at most once a minute per key
TOKEN_SCHEME = "token"  # nosec B105 - the Authorization scheme's name, not a password


def generate_key() -> str:
    return secrets.token_hex(10)


def generate_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    return HASH_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def check_secret(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), hashed)


def issue_credentials(row: APIKey) -> str:
    """Give an unsaved key a new ``api_key`` and secret; returns the secret (shown once, stored hashed)."""
    row.api_key = generate_key()
    return _replace_secret(row)


def create_api_key(user: Any, enabled: bool = True) -> tuple[APIKey, str]:
    """A new key for ``user`` and its secret, which is shown to the caller once and never stored."""
    row = APIKey(user=user, enabled=enabled)
    secret = issue_credentials(row)
    row.save(force_insert=True)
    return row, secret


def regenerate_secret(row: APIKey) -> str:
    """Replace the secret of an existing key; returns the new secret (shown once)."""
    secret = _replace_secret(row)
    row.save(update_fields=["api_secret"])
    return secret


def _replace_secret(row: APIKey) -> str:
    secret = generate_secret()
    row.api_secret = hash_secret(secret)
    return secret


def authenticate(api_key: str, api_secret: str) -> APIKey | None:
    """The enabled :class:`APIKey` (with its user loaded) matching both values, else ``None``."""
    if len(api_key) > 64 or len(api_secret) > 256 or "\x00" in api_key:
        return None
    row = APIKey.objects.select_related("user").filter(api_key=api_key, enabled=True).first()
    if row is None or not check_secret(api_secret, row.api_secret):
        return None
    _touch(row)
    return row


def authenticate_header(header: str | None) -> tuple[Any, APIKey] | None:
    """``(user, key)`` for an ``Authorization`` header carrying an API key; ``None`` for no header or
    another scheme. A malformed pair, or a key that is unknown, disabled, paired with the wrong
    secret or of an inactive user, is an :class:`AuthenticationError`."""
    credentials = parse_authorization(header) if header else None
    if credentials is None:
        return None
    row = authenticate(*credentials)
    if row is None or not row.user.is_active:
        raise AuthenticationError(_("Invalid API key or secret"))
    return row.user, row


def parse_authorization(header: str) -> tuple[str, str] | None:
    """``(api_key, api_secret)`` from ``token key:secret`` or ``Basic base64(key:secret)``; ``None`` for other schemes."""
    scheme, _sep, credentials = header.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == TOKEN_SCHEME:
        pair = credentials.strip()
    elif scheme == "basic":
        pair = _decode_basic(credentials.strip())
    else:
        return None
    api_key, separator, api_secret = pair.partition(":")
    if not (separator and api_key and api_secret):
        raise AuthenticationError(_("Invalid authorization header: expected <api_key>:<api_secret>"))
    return api_key, api_secret


def _decode_basic(credentials: str) -> str:
    try:
        return base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise AuthenticationError(_("Invalid basic authorization header")) from None


def _touch(row: APIKey) -> None:
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_RESOLUTION:
        type(row).objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now
