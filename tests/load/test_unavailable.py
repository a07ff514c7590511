"""The API when its database cannot be reached: a 503 in JSON with Retry-After, which a client
can act on, instead of the site's HTML 500 page (config/web/api_errors.py). The real outage,
PostgreSQL restarted under load, is in test_faults.py; this needs no server."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/forum/categories/"


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection failed: the database system is shutting down"),
        InterfaceError("connection already closed"),
    ],
)
def test_api_answers_503_json_with_retry_after_when_the_database_is_unreachable(
    client: Client, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def unreachable() -> None:
        raise error

    monkeypatch.setattr("forum.discussions.api.views.topics.category_list", unreachable)

    response = client.get(URL)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "The site is briefly unavailable. Try again in a few seconds."
    }


def test_api_still_answers_500_for_an_error_that_is_not_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("forum.discussions.api.views.topics.category_list", broken)

    response = Client(raise_request_exception=False).get(URL)

    assert response.status_code == 500
