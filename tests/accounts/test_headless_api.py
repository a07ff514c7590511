"""The allauth headless API: what a single-page app or a mobile client signs up and logs in with."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.permissions import posting_refusal
from accounts.viewer import Viewer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rare earth magnets 42"
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> tuple[int, Any]:
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    return response.status_code, response.json()


def _key_from_last_mail(path: str) -> str:
    match = re.search(rf"{re.escape(path)}([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_browser_signup_then_verification_logs_in_and_allows_posting(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        status, body = _post(
            client,
            "/_allauth/browser/v1/auth/signup",
            {"email": "ann@example.com", "username": "ann_r", "password": PASSWORD},
        )

    assert status == 401
    assert {"id": "verify_email", "is_pending": True} in [
        {key: flow.get(key) for key in ("id", "is_pending")} for flow in body["data"]["flows"]
    ]
    assert posting_refusal(Viewer.of(User.objects.get(username="ann_r"))) is not None

    key = _key_from_last_mail("/accounts/confirm-email/")
    with django_capture_on_commit_callbacks(execute=True):
        status, body = _post(client, "/_allauth/browser/v1/auth/email/verify", {"key": key})

    assert status == 200
    assert body["meta"]["is_authenticated"] is True
    assert body["data"]["user"]["username"] == "ann_r"
    assert posting_refusal(Viewer.of(User.objects.get(username="ann_r"))) is None


def test_browser_signup_refuses_a_taken_handle_with_a_field_error(client: Client) -> None:
    UserFactory(username="ann_r")

    status, body = _post(
        client,
        "/_allauth/browser/v1/auth/signup",
        {"email": "new@example.com", "username": "ANN_R", "password": PASSWORD},
    )

    assert status == 400
    assert body["errors"][0]["param"] == "username"
    assert User.objects.count() == 1


def test_app_login_returns_a_session_token_that_authenticates(client: Client) -> None:
    user = UserFactory(username="ann_r", email="ann@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    status, body = _post(
        client, "/_allauth/app/v1/auth/login", {"email": "ann@example.com", "password": PASSWORD}
    )
    token = body["meta"]["session_token"]
    session = Client().get("/_allauth/app/v1/auth/session", HTTP_X_SESSION_TOKEN=token)

    assert status == 200
    assert session.status_code == 200
    assert session.json()["data"]["user"]["username"] == "ann_r"


def test_app_login_with_a_wrong_password_is_refused(client: Client) -> None:
    UserFactory(email="ann@example.com", password=PASSWORD)

    status, body = _post(
        client, "/_allauth/app/v1/auth/login", {"email": "ann@example.com", "password": "wrong"}
    )

    assert status == 400
    assert "session_token" not in body.get("meta", {})


def test_browser_password_reset_sets_a_new_password(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    user = UserFactory(username="ann_r", email="ann@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        status, _ = _post(
            client, "/_allauth/browser/v1/auth/password/request", {"email": "ann@example.com"}
        )
    assert status == 200

    key = _key_from_last_mail("/accounts/password/reset/key/")
    new_password = "neodymium praseodymium 7"
    status, _ = _post(
        client, "/_allauth/browser/v1/auth/password/reset", {"key": key, "password": new_password}
    )

    user.refresh_from_db()
    assert status == 401  # reset, and not logged in: the client logs in with the new password
    assert user.check_password(new_password)


def test_browser_password_request_answers_the_same_for_an_unknown_address(
    client: Client,
) -> None:
    status, body = _post(
        client, "/_allauth/browser/v1/auth/password/request", {"email": "nobody@example.com"}
    )

    assert status == 200
    assert body == {"status": 200}


def test_headless_specification_is_served_and_linked_from_the_api_docs(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    # allauth's own page loads Redoc from a CDN, which our CSP refuses: it leads to ours.
    allauths_page = client.get("/_allauth/openapi.html", follow=True)

    assert "/api/docs/auth/" in schema["info"]["description"]
    assert client.get("/api/docs/auth/").status_code == 200
    assert allauths_page.redirect_chain == [("/api/docs/auth/", 302)]
    assert allauths_page.status_code == 200


def test_headless_specification_page_loads_all_it_needs_from_this_site(client: Client) -> None:
    response = client.get("/api/docs/auth/")
    page = response.content.decode()
    csp = dict(part.split(maxsplit=1) for part in response["Content-Security-Policy"].split("; "))
    sources = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', page)
    static = [url for url in sources if url.startswith(settings.STATIC_URL)]
    start_up = client.get(next(url for url in sources if not url.startswith(settings.STATIC_URL)))
    spec_url = re.search(r'url: "([^"]+)"', start_up.content.decode())
    assert spec_url
    spec = client.get(spec_url.group(1))

    assert response.status_code == 200
    assert all(url.startswith("/") and not url.startswith("//") for url in sources), sources
    assert len(static) == 4  # Swagger UI's script, preset, stylesheet and icon
    assert all(finders.find(url.removeprefix(settings.STATIC_URL)) for url in static), static
    assert start_up["Content-Type"] == "application/javascript"
    assert spec_url.group(1) == "/_allauth/openapi.json"
    assert spec.status_code == 200
    assert "/_allauth/{client}/v1/auth/login" in json.loads(spec.content)["paths"]
    # What Swagger UI needs, and no more: its scripts and the spec from here, and the inline
    # <style> of drf-spectacular's page.
    assert csp["script-src"] == csp["connect-src"] == "'self'"
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    assert csp["img-src"] == "'self' data:"
    assert re.findall(r"<script(?![^>]* src=)", page) == []
