"""Handles in URLs (accounts/converters.py): what a handle cannot hold is a 404 before any
query. On PostgreSQL a NUL reaching the lookup was "text fields cannot contain NUL", a 500;
run these there too (DATABASE_URL=postgres://...)."""

from __future__ import annotations

import pytest
from django.db import DataError, connection
from django.test import Client

from accounts.models import User
from tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

NOT_HANDLES = ["a%00b", "%00", "ann%20reed", "ann.reed", "%C3%A9mile", "a" * 31]


@pytest.fixture
def anonymous(client: Client) -> Client:
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("handle", NOT_HANDLES)
def test_profile_page_is_a_404_for_what_cannot_be_a_handle(anonymous: Client, handle: str) -> None:
    assert anonymous.get(f"/u/{handle}/").status_code == 404


@pytest.mark.parametrize("handle", NOT_HANDLES)
def test_user_api_is_a_json_404_for_what_cannot_be_a_handle(anonymous: Client, handle: str) -> None:
    response = anonymous.get(f"/api/v1/users/{handle}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_profile_urls_still_take_every_handle_a_handle_may_be(anonymous: Client) -> None:
    user = ReaderFactory(username="A_" + "z" * 28)

    assert anonymous.get(user.get_absolute_url()).status_code == 200
    assert anonymous.get(f"/api/v1/users/{user.username}/").status_code == 200


def test_profile_of_a_handle_from_before_the_validator_is_linked_and_a_404(
    anonymous: Client,
) -> None:
    user = ReaderFactory(username="ann.reed")  # saved around handle_validator

    assert user.get_absolute_url() == "/u/ann.reed/"
    assert anonymous.get(user.get_absolute_url()).status_code == 404


@pytest.mark.postgres
def test_postgresql_refuses_a_nul_in_a_text_lookup() -> None:
    """Why the converter matters: without it this is where a NUL in the path ended."""
    assert connection.vendor == "postgresql"
    with pytest.raises(DataError, match="NUL"):
        User.objects.filter(username__iexact="a\x00b").exists()
