"""The service errors every app raises (config/web/errors.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config.web.errors import RateLimited, expected_errors_check


def test_rate_limited_message_says_second_when_one_is_left() -> None:
    assert str(RateLimited(retry_after=1)).endswith("Try again in 1 second.")


def test_rate_limited_message_is_the_services_own_with_when_to_try_again() -> None:
    limited = RateLimited(retry_after=90, what="You have reported many comments this hour.")

    assert limited.message == "You have reported many comments this hour. Try again in 90 seconds."
    assert str(limited) == limited.message
    assert limited.retry_after == 90


def test_rate_limited_message_speaks_of_posting_when_the_service_says_nothing() -> None:
    message = RateLimited(retry_after=5).message

    assert message == "You are posting too quickly. Try again in 5 seconds."


def test_expected_errors_check_accepts_the_mapped_errors_and_their_subclasses() -> None:
    class Closed(PermissionDenied):
        pass

    expected_errors_check((PermissionDenied, ValidationError, RateLimited, Closed))


def test_expected_errors_check_refuses_an_error_no_mapping_knows() -> None:
    with pytest.raises(TypeError, match="KeyError is not a service error"):
        expected_errors_check((PermissionDenied, KeyError))


def test_expected_errors_check_refuses_naming_none() -> None:
    with pytest.raises(TypeError, match="Name the service errors"):
        expected_errors_check(())


def test_rate_limited_counts_a_long_wait_in_minutes() -> None:
    assert str(RateLimited(retry_after=119)).endswith("Try again in 119 seconds.")
    assert str(RateLimited(retry_after=3599)).endswith("Try again in 60 minutes.")
