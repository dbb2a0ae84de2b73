"""Fixtures of the account tests: sign-up on, and reading the links out of mails."""

import re

import pytest
from django.test import override_settings

SIGNUP_ON = {"SIGNUP_ENABLED": True}


@pytest.fixture
def signup_on(db):
    with override_settings(FRAPPE_WEB=SIGNUP_ON):
        yield


def link_in(message) -> str:
    """The path (with query) of the one link to this site in a mail."""
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def text(response) -> str:
    return response.content.decode()


VALIDATORS = [{"NAME": f"django.contrib.auth.password_validation.{name}"} for name in (
    "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
    "NumericPasswordValidator")]


@pytest.fixture(autouse=True)
def password_validators(settings):
    """Django's standard validators (the test settings have none)."""
    settings.AUTH_PASSWORD_VALIDATORS = VALIDATORS
