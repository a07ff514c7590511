"""Sign-up, verification, login, logout, reset and email change through allauth's real pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from accounts.permissions import posting_refusal
from accounts.roles import Role
from accounts.viewer import Viewer
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rare earth magnets 42"
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


def _link_in_last_mail() -> str:
    match = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def _sign_up(client: Client, capture: CaptureOnCommit, **fields: str) -> object:
    data = {"email": "ann@example.com", "username": "ann_r", "password1": PASSWORD}
    data |= {"password2": data["password1"]} | fields
    with capture(execute=True):
        return client.post("/accounts/signup/", data)


def _verified_user(**kwargs: object) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signup_sends_a_verification_mail_whose_link_logs_in_and_allows_posting(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    response = _sign_up(client, django_capture_on_commit_callbacks)

    user = User.objects.get(username="ann_r")
    assert response["Location"] == "/accounts/confirm-email/"
    assert (
        "We have sent an email to you for verification"
        in client.get(response["Location"]).content.decode()
    )
    assert Viewer.of(user).has_role(Role.READERS)
    assert mail.outbox[-1].to == ["ann@example.com"]
    assert mail.outbox[-1].subject == "[Rare Earth Exchanges] Confirm your email address"
    assert "Hello ann_r," in mail.outbox[-1].body
    assert posting_refusal(Viewer.of(user)) is not None
    assert client.get("/").wsgi_request.user.is_anonymous

    link = _link_in_last_mail()
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302

    user = User.objects.get(pk=user.pk)
    assert posting_refusal(Viewer.of(user)) is None
    assert client.get("/").wsgi_request.user == user


def test_login_before_verification_explains_and_resends_the_mail(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _sign_up(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    cache.clear()  # the resend cooldown (ACCOUNT_RATE_LIMITS["confirm_email"]) has passed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/", {"login": "ann_r", "password": PASSWORD})

    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/").wsgi_request.user.is_anonymous
    assert mail.outbox[-1].to == ["ann@example.com"]


def test_resending_the_verification_mail_waits_for_the_cooldown(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _sign_up(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/", {"login": "ann_r", "password": PASSWORD})

    assert not mail.outbox


def test_unverified_logged_in_user_is_told_why_they_cannot_post_and_how_to_resend(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    user = UserFactory(email="ann@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)

    page = client.get(ArticleFactory().get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_send": "", "email": "ann@example.com"})

    refusal = posting_refusal(Viewer.of(user))
    assert refusal is not None
    assert refusal.message == (
        "Verify your email address to post: follow the link we sent to ann@example.com."
    )
    assert refusal.message in page
    assert '<a href="/accounts/email/">Resend the verification mail</a>' in page
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


@pytest.mark.parametrize("handle", ["ann_r", "ANN_R", "Ann_R"])
def test_signup_refuses_a_handle_taken_in_any_case(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit, handle: str
) -> None:
    UserFactory(username="ann_r", email="first@example.com")

    response = _sign_up(
        client, django_capture_on_commit_callbacks, email="second@example.com", username=handle
    )

    assert response.status_code == 400
    assert response.context["form"].errors["username"] == ["That handle is taken."]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"username": "a b"}, "username", "A handle is 3 to 30 letters, digits or underscores."),
        ({"username": "ab"}, "username", "A handle is 3 to 30 letters, digits or underscores."),
        (
            {"username": "deleted_42"},
            "username",
            "That handle is reserved. Please choose another.",
        ),
        (
            {"username": "Moderator"},
            "username",
            "That handle is reserved. Please choose another.",
        ),
        (
            {"password1": "12345678", "password2": "12345678"},
            "password1",
            "This password is too common.",
        ),
    ],
)
def test_signup_reports_bad_input_on_its_field_and_saves_nothing(
    client: Client,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    fields: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = _sign_up(client, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not User.objects.exists()
    assert not mail.outbox


def test_signup_with_a_registered_email_does_not_reveal_the_account(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _verified_user(username="first", email="ann@example.com")

    response = _sign_up(client, django_capture_on_commit_callbacks, username="second")

    assert response["Location"] == "/accounts/confirm-email/"
    assert not User.objects.filter(username="second").exists()
    assert mail.outbox[-1].to == ["ann@example.com"]
    assert "already" in mail.outbox[-1].subject.lower()


@pytest.mark.parametrize("login", ["ann@example.com", "ann_r", "ANN_R"])
def test_login_accepts_email_or_handle_and_rotates_the_session(client: Client, login: str) -> None:
    _verified_user(username="ann_r", email="ann@example.com", password=PASSWORD)
    client.get("/accounts/login/")
    client.session.save()
    anonymous_key = client.session.session_key

    response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert client.session.session_key != anonymous_key


def test_login_failure_does_not_say_whether_the_account_exists(client: Client) -> None:
    _verified_user(username="ann_r", email="ann@example.com", password=PASSWORD)

    wrong_password = client.post("/accounts/login/", {"login": "ann@example.com", "password": "x"})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.com", "password": "x"})

    assert wrong_password.context["form"].errors == unknown.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_is_rate_limited_after_repeated_failures(client: Client) -> None:
    _verified_user(username="ann_r", email="ann@example.com", password=PASSWORD)

    for _ in range(5):
        client.post("/accounts/login/", {"login": "ann@example.com", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "ann@example.com", "password": PASSWORD})

    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client: Client) -> None:
    user = _verified_user(password=PASSWORD)
    client.force_login(user)
    session_key = client.session.session_key

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.is_anonymous
    assert not Session.objects.filter(session_key=session_key).exists()


def test_password_reset_by_mail_sets_a_new_password(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _verified_user(username="ann_r", email="ann@example.com", password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "ann@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"

    form_url = client.get(_link_in_last_mail())["Location"]
    new_password = "neodymium praseodymium 7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    assert (
        Client().post("/accounts/login/", {"login": "ann_r", "password": new_password}).status_code
        == 302
    )


def test_password_reset_answers_the_same_for_an_unknown_address(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response["Location"] == "/accounts/password/reset/done/"
    assert "/accounts/password/reset/key/" not in mail.outbox[-1].body


def test_email_change_takes_effect_only_once_the_new_address_is_verified(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    user = _verified_user(username="ann_r", email="ann@example.com", password=PASSWORD)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "ann@newmail.example"})

    assert mail.outbox[-1].to == ["ann@newmail.example"]
    assert User.objects.get(pk=user.pk).email == "ann@example.com"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link_in_last_mail())

    user.refresh_from_db()
    assert user.email == "ann@newmail.example"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("ann@newmail.example", True)
    ]


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_use_the_site_layout(client: Client, url: str) -> None:
    page = client.get(url).content.decode()

    assert '<header class="site-header">' in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
