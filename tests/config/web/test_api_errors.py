"""The one mapping from service errors to API answers (config/web/api_errors.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from config.web.api_errors import TooManyRequests, service_error_api_exception, service_errors
from config.web.errors import RateLimited


def _raised(error: Exception, *expected: type[Exception]) -> Exception:
    try:
        with service_errors(*expected):
            raise error
    except Exception as answer:  # what the mapping raised is what is tested
        return answer
    raise AssertionError("Nothing was raised.")


def test_service_errors_answer_permission_denied_with_403_and_the_reason() -> None:
    answer = _raised(PermissionDenied("Your account is banned."), PermissionDenied)

    assert isinstance(answer, exceptions.PermissionDenied)
    assert answer.detail == "Your account is banned."


def test_service_errors_answer_validation_error_with_400_by_field() -> None:
    answer = _raised(ValidationError({"body": "Write at least 2 characters."}), ValidationError)

    assert isinstance(answer, exceptions.ValidationError)
    assert answer.detail == {"body": ["Write at least 2 characters."]}


def test_service_errors_answer_rate_limited_with_429_the_services_message_and_wait() -> None:
    limited = RateLimited(retry_after=42, what="You have reported many comments this hour.")

    answer = _raised(limited, RateLimited)

    assert isinstance(answer, TooManyRequests)
    assert answer.status_code == 429
    assert answer.detail == "You have reported many comments this hour. Try again in 42 seconds."
    assert answer.wait == 42


def test_service_errors_let_an_error_the_view_did_not_name_pass() -> None:
    error = RateLimited(retry_after=3)

    assert _raised(error, PermissionDenied, ValidationError) is error


def test_service_errors_refuse_a_view_naming_no_error() -> None:
    with pytest.raises(TypeError), service_errors():
        pass


def test_service_error_api_exception_refuses_an_error_it_does_not_map() -> None:
    with pytest.raises(TypeError):
        service_error_api_exception(KeyError("x"))


class _LimitedApi(APIView):
    authentication_classes = ()
    permission_classes = ()

    @service_errors(RateLimited)
    def get(self, request: Request) -> Response:
        raise RateLimited(retry_after=7)


def test_service_errors_as_a_decorator_give_the_wait_as_retry_after() -> None:
    """Through DRF's exception handler, as every API view answers."""
    response = _LimitedApi.as_view()(APIRequestFactory().get("/"))

    assert response.status_code == 429
    assert response["Retry-After"] == "7"
    assert response.data == {"detail": "You are posting too quickly. Try again in 7 seconds."}
