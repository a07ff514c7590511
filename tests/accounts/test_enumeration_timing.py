"""Answers never reveal a registered address, not even by how long they take.

These run with Django's default (production) password hashers: under the MD5 hasher of the
test settings hashing costs nothing, and a sign-up that skips it would not stand out.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from itertools import count

import pytest
from django.conf import global_settings
from django.test import Client
from pytest_django import Settings

from tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rare earth magnets 42"
SAMPLES = 5
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
Send = Callable[[str], int]

_numbers = count()


@pytest.fixture
def production_hashers(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def _new_address() -> str:
    return f"new{next(_numbers)}@example.com"


def _medians(send: Send, registered: str, capture: CaptureOnCommit) -> tuple[float, float]:
    """Median seconds of SAMPLES answers for the registered address and for new ones, taken in
    turn so that a slow moment of the machine weighs on both; mail is sent within the timing."""

    def timed(email: str) -> float:
        with capture(execute=True):
            started = time.perf_counter()
            send(email)
            return time.perf_counter() - started

    timed(_new_address())  # the first answer also warms caches and imports
    known, unknown = [], []
    for _ in range(SAMPLES):
        known.append(timed(registered))
        unknown.append(timed(_new_address()))
    return statistics.median(known), statistics.median(unknown)


def _assert_alike(known: float, unknown: float, *, allowance: float = 0.0) -> None:
    """Within twice each other, or (given an allowance) within that many seconds."""
    found = f"registered {known * 1000:.1f} ms, new {unknown * 1000:.1f} ms"
    print(f"medians: {found}")
    assert max(known, unknown) < 2 * min(known, unknown) or abs(known - unknown) < allowance, found


def _html_signup(client: Client) -> Send:
    def send(email: str) -> int:
        handle = f"handle_{next(_numbers)}"
        data = {"email": email, "username": handle, "password1": PASSWORD, "password2": PASSWORD}
        response = client.post("/accounts/signup/", data)
        assert response["Location"] == "/accounts/confirm-email/"
        return response.status_code

    return send


def _headless_signup(client: Client, kind: str) -> Send:
    def send(email: str) -> int:
        body = {"email": email, "username": f"handle_{next(_numbers)}", "password": PASSWORD}
        response = client.post(
            f"/_allauth/{kind}/v1/auth/signup", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 401, response.content
        return response.status_code

    return send


def _html_reset(client: Client) -> Send:
    def send(email: str) -> int:
        response = client.post("/accounts/password/reset/", {"email": email})
        assert response["Location"] == "/accounts/password/reset/done/"
        return response.status_code

    return send


def _headless_reset(client: Client) -> Send:
    def send(email: str) -> int:
        response = client.post(
            "/_allauth/browser/v1/auth/password/request",
            json.dumps({"email": email}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.status_code

    return send


def test_signup_takes_as_long_for_a_registered_address_as_for_a_new_one(
    client: Client, django_capture_on_commit_callbacks: CaptureOnCommit, production_hashers: None
) -> None:
    registered = ReaderFactory().email

    known, unknown = _medians(_html_signup(client), registered, django_capture_on_commit_callbacks)

    _assert_alike(known, unknown)


@pytest.mark.parametrize("kind", ["browser", "app"])
def test_headless_signup_takes_as_long_for_a_registered_address_as_for_a_new_one(
    client: Client,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    production_hashers: None,
    kind: str,
) -> None:
    registered = ReaderFactory().email

    known, unknown = _medians(
        _headless_signup(client, kind), registered, django_capture_on_commit_callbacks
    )

    _assert_alike(known, unknown)


@pytest.mark.parametrize("send", [_html_reset, _headless_reset])
def test_password_reset_takes_as_long_for_a_registered_address_as_for_an_unknown_one(
    client: Client,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    production_hashers: None,
    send: Callable[[Client], Send],
) -> None:
    registered = ReaderFactory().email

    known, unknown = _medians(send(client), registered, django_capture_on_commit_callbacks)

    # Both answers take a few milliseconds and send a mail; a registered address costs two
    # more queries (allauth's reset token covers its addresses), well under a network's jitter.
    # A slow step on one side only (a hash, a mail sent on one side) is far over the allowance.
    _assert_alike(known, unknown, allowance=0.005)
