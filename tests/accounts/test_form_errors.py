"""A page that shows its form back with errors answers 400; shown or sent right, as before."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve
from django.views.generic.edit import FormView

from accounts import allauth_urls
from accounts.models import User
from config.web.form_responses import InvalidFormStatusMixin
from tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
NEW_PASSWORD = "rare earth magnets 42"
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


def _reader(client: Client) -> User:
    reader = ReaderFactory()
    client.force_login(reader)
    return reader


def _reset_key_path(client: Client, reader: User, capture: CaptureOnCommit) -> str:
    with capture(execute=True):
        client.post("/accounts/password/reset/", {"email": reader.email})
    match = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    # The link sets the key in the session and redirects to the form without it.
    return client.get(match.group(1))["Location"]


def test_login_answers_400_with_the_error_when_the_password_is_wrong(client: Client) -> None:
    reader = ReaderFactory()

    response = client.post("/accounts/login/", {"login": reader.username, "password": "wrong"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The handle or email, or the password, is not right."
    ]
    assert client.get("/").wsgi_request.user.is_anonymous


def test_login_answers_400_when_a_field_is_missing(client: Client) -> None:
    response = client.post("/accounts/login/", {"login": "", "password": ""})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"login", "password"}


def test_login_redirects_when_the_password_is_right(client: Client) -> None:
    reader = ReaderFactory()

    response = client.post("/accounts/login/", {"login": reader.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == reader


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_form_page_answers_200_when_shown(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


def test_signup_answers_400_when_the_passwords_differ(client: Client) -> None:
    data = {
        "email": "ann@example.com",
        "username": "ann_r",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD + "!",
    }

    response = client.post("/accounts/signup/", data)

    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == [
        "You must type the same password each time."
    ]
    assert not User.objects.filter(username="ann_r").exists()


def test_password_reset_answers_400_when_the_address_is_not_an_address(client: Client) -> None:
    response = client.post("/accounts/password/reset/", {"email": "not-an-address"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert not mail.outbox


def test_password_reset_from_key_answers_400_when_the_passwords_differ(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    reader = ReaderFactory()
    path = _reset_key_path(client, reader, django_capture_on_commit_callbacks)

    response = client.post(path, {"password1": NEW_PASSWORD, "password2": "something else"})

    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == [
        "You must type the same password each time."
    ]
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_password_reset_from_key_redirects_when_the_passwords_agree(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    reader = ReaderFactory()
    path = _reset_key_path(client, reader, django_capture_on_commit_callbacks)

    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)


def test_password_change_answers_400_when_the_current_password_is_wrong(client: Client) -> None:
    reader = _reader(client)
    data = {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    response = client.post("/accounts/password/change/", data)

    assert response.status_code == 400
    assert response.context["form"].errors["oldpassword"] == ["Please type your current password."]
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_password_change_redirects_when_the_current_password_is_right(client: Client) -> None:
    reader = _reader(client)
    data = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    response = client.post("/accounts/password/change/", data)

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)


def test_password_set_answers_400_when_the_passwords_differ(client: Client) -> None:
    reader = _reader(client)
    reader.set_unusable_password()
    reader.save(update_fields=["password"])
    client.force_login(reader)

    response = client.post(
        "/accounts/password/set/", {"password1": NEW_PASSWORD, "password2": "something else"}
    )

    assert response.status_code == 400
    assert "password2" in response.context["form"].errors


def test_email_change_answers_400_when_the_new_address_is_not_an_address(
    client: Client,
) -> None:
    _reader(client)

    response = client.post("/accounts/email/", {"action_add": "", "email": "not-an-address"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]


def test_email_change_redirects_when_the_new_address_is_valid(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _reader(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new@example.com"]


def test_reauthenticate_answers_400_when_the_password_is_wrong(client: Client) -> None:
    _reader(client)

    response = client.post("/accounts/reauthenticate/", {"password": "wrong"})

    assert response.status_code == 400
    assert "password" in response.context["form"].errors


def test_every_allauth_form_page_answers_400_for_invalid_input() -> None:
    """No form page of allauth's is served by allauth's own view, which would answer 200."""
    form_pages = [
        pattern
        for pattern in allauth_urls.urlpatterns
        if issubclass(getattr(pattern.callback, "view_class", object), FormView)
    ]
    assert {pattern.name for pattern in form_pages} >= {
        "account_login",
        "account_signup",
        "account_email",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_reauthenticate",
    }
    for pattern in form_pages:
        assert issubclass(pattern.callback.view_class, InvalidFormStatusMixin), pattern.name
    assert issubclass(resolve("/accounts/login/").func.view_class, InvalidFormStatusMixin)
