"""The sign-up form holds the handle to its rule in the browser, and the account mails (address
verification, password reset) come in the site's own layout under the site's name, not
allauth's plain default naming the server's host."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from pytest_django import Settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
PASSWORD = "rare earth magnets 42"


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = "https://rare-earth.example"


def _html(message: EmailMultiAlternatives) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return str(html)


def _last_mail() -> EmailMultiAlternatives:
    message = mail.outbox[-1]
    assert isinstance(message, EmailMultiAlternatives)
    return message


def test_signup_handle_field_carries_the_rule_its_help_text_states(client: Client) -> None:
    page = client.get("/accounts/signup/").content.decode()

    [field] = re.findall(r'<input[^>]*name="username"[^>]*>', page)
    assert 'minlength="3"' in field
    assert 'maxlength="30"' in field
    assert 'pattern="[A-Za-z0-9_]{3,30}"' in field
    assert "3 to 30 letters, digits or underscores" in page


def test_verification_mail_comes_in_the_sites_layout_under_its_name(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    data = {"email": "ann@example.com", "username": "ann_r"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", data | {"password1": PASSWORD, "password2": PASSWORD})

    message = _last_mail()
    assert message.subject == "[Rare Earth Exchanges] Confirm your email address"
    body, html = message.body, _html(message)
    for text in (body, html):
        assert "Hello ann_r," in text
        assert "your account on Rare Earth Exchanges is ready" in text
        assert "register an account on" not in text
    assert re.search(r"http://testserver/accounts/confirm-email/\S+", body)
    assert "https://rare-earth.example" in body
    # The notification mails' frame: the site's name at the top, its colours, one button.
    assert 'border-top:4px solid #0b6e4f">' in html
    assert (
        '<td style="padding:20px 24px 8px;font-weight:800;font-size:18px">Rare Earth Exchanges'
        in html
    )
    assert ">Confirm my address</a>" in html
    assert 'href="http://testserver/accounts/confirm-email/' in html


def test_password_reset_mail_comes_in_the_sites_layout_under_its_name(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    user = UserFactory(username="ann_r", email="ann@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "ann@example.com"})

    message = _last_mail()
    assert message.subject == "[Rare Earth Exchanges] Reset your password"
    assert "your account on Rare Earth Exchanges (your handle is ann_r)" in message.body
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+", message.body)
    html = _html(message)
    assert ">Choose a new password</a>" in html
    assert 'border-top:4px solid #0b6e4f">' in html


def test_reset_for_an_unknown_address_comes_in_the_same_layout(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # The same frame as for a registered address: the answers must not tell the two apart.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    message = _last_mail()
    assert message.to == ["nobody@example.com"]
    assert "no account has it" in _html(message)
    assert 'border-top:4px solid #0b6e4f">' in _html(message)


def test_signup_with_a_registered_address_mails_in_the_same_layout(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    UserFactory(email="ann@example.com")
    data = {"email": "ann@example.com", "username": "other_ann"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", data | {"password1": PASSWORD, "password2": PASSWORD})

    message = _last_mail()
    assert message.to == ["ann@example.com"]
    assert ">Reset my password</a>" in _html(message)
