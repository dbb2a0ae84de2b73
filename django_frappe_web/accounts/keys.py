"""The keys in account e-mails: Django's token generators behind Frappe's one ``key`` parameter.

A key is ``<user id in base64>.<token>`` (neither part holds a dot). A reset key is Django's
password-reset token: it dies when the password changes or the user logs in, and after
``PASSWORD_RESET_TIMEOUT``. A verification key comes from the same generator with its own salt
and the account's active flag in its hash, so it dies once the account is active: a replayed link
finds nothing to do.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

MAX_KEY_LENGTH = 200


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    """Django's generator, salted apart, whose tokens also change when the account turns active."""

    key_salt = "django_frappe_web.accounts.keys.VerificationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


verification_token_generator = VerificationTokenGenerator()


def make_key(user: Any, generator: PasswordResetTokenGenerator = default_token_generator) -> str:
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}.{generator.make_token(user)}"


def key_parts(user: Any, generator: PasswordResetTokenGenerator = default_token_generator) -> dict[str, str]:
    """``uid`` and ``token`` as Django's reset e-mail templates get them, and the ``key`` they make."""
    uid, token = make_key(user, generator).split(".", 1)
    return {"uid": uid, "token": token, "key": f"{uid}.{token}"}


def user_for_key(key: Any, generator: PasswordResetTokenGenerator = default_token_generator) -> Any:
    """The user ``key`` was made for while it is still good for ``generator``, else ``None``
    (malformed, unknown user, expired, used or for another user: one answer for all)."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or key.count(".") != 1:
        return None
    uid, token = key.split(".")
    User = get_user_model()
    try:
        pk = User._meta.pk.to_python(urlsafe_base64_decode(uid).decode())
        user = User._default_manager.get(pk=pk)
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, ValidationError, User.DoesNotExist):
        return None
    return user if generator.check_token(user, token) else None


def verification_user(key: Any) -> Any:
    return user_for_key(key, verification_token_generator)
