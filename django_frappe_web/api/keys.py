"""API keys: ``Authorization: token <api_key>:<api_secret>`` credentials stored in :class:`~django_frappe_web.models.APIKey`.

No DRF here: the admin and ``manage.py generate_api_key`` create keys without it.

The secret is random (192 bits), so a fast SHA-256 digest is as safe to store as a
slow password hash would be -- nobody can guess their way back to a random secret --
and it keeps token authentication to one cheap indexed query per request. (Django's
PBKDF2 password hasher would spend most of a second on every API call.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

HASH_PREFIX = "sha256$"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used is written at most once a minute per key


def generate_key() -> str:
    return secrets.token_hex(10)


def generate_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    return HASH_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def check_secret(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), hashed)


def create_api_key(user: Any, enabled: bool = True) -> tuple[Any, str]:
    """A new key for ``user`` and its secret, which is shown to the caller once and never stored."""
    from ..models import APIKey

    secret = generate_secret()
    row = APIKey.objects.create(user=user, api_key=generate_key(), api_secret=hash_secret(secret), enabled=enabled)
    return row, secret


def regenerate_secret(row: Any) -> str:
    """Replace the secret of an existing key; returns the new secret (shown once)."""
    secret = generate_secret()
    row.api_secret = hash_secret(secret)
    row.save(update_fields=["api_secret"])
    return secret


def authenticate(api_key: str, api_secret: str) -> Any | None:
    """The enabled :class:`APIKey` (with its user loaded) matching both values, else ``None``."""
    from ..models import APIKey

    if len(api_key) > 64 or len(api_secret) > 256 or "\x00" in api_key:
        return None
    row = APIKey.objects.select_related("user").filter(api_key=api_key, enabled=True).first()
    if row is None or not check_secret(api_secret, row.api_secret):
        return None
    _touch(row)
    return row


def _touch(row: Any) -> None:
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_RESOLUTION:
        type(row).objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now
