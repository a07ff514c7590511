"""Days with visits, which the forum's trust levels weigh: counted once a day per user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from accounts.services.visits import user_visit_record
from tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def yesterdays_visitor() -> User:
    return ReaderFactory(last_visit_on=timezone.localdate() - timedelta(days=1), visit_days=4)


def test_a_signed_in_users_first_request_of_the_day_counts_a_day(client: Client) -> None:
    user = yesterdays_visitor()
    client.force_login(user)

    assert client.get("/settings/").status_code == 200
    assert client.get("/settings/").status_code == 200

    user.refresh_from_db()
    assert (user.visit_days, user.last_visit_on) == (5, timezone.localdate())


def test_a_request_already_counted_today_asks_nothing_more(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = ReaderFactory()  # seen today

    with django_assert_num_queries(0):
        assert user_visit_record(user=user) is False


def test_a_stale_copy_of_the_user_counts_the_day_only_once() -> None:
    user = yesterdays_visitor()
    stale = User.objects.get(pk=user.pk)

    assert user_visit_record(user=user) is True
    assert user_visit_record(user=stale) is False

    user.refresh_from_db()
    assert user.visit_days == 5


def test_a_logged_out_request_counts_nothing(client: Client) -> None:
    user = yesterdays_visitor()

    client.get("/")

    user.refresh_from_db()
    assert user.visit_days == 4
