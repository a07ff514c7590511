"""How the API answers what did not go through, in one place for every app.

Every error is JSON with a `detail` saying why (ErrorOutputSerializer documents it), or, for bad
input, an object of field errors. A service's own errors (config/web/errors.py, and Django's
PermissionDenied and ValidationError) become their answer through `service_errors`, which a
view wraps around the service call naming the errors it expects. A database that cannot be
reached is a 503 the client may retry (api_exception_handler)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import RateLimited, expected_errors_check

logger = logging.getLogger(__name__)


class ErrorOutputSerializer(serializers.Serializer[dict[str, str]]):
    """What every error but a field error answers: why, in words for a person."""

    detail = serializers.CharField()


class ServiceUnavailable(exceptions.APIException):
    """A 503 whose `wait` DRF's exception handler sends as the Retry-After header."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The site is briefly unavailable. Try again in a few seconds."
    default_code = "unavailable"
    wait = 5


class TooManyRequests(exceptions.APIException):
    """A 429 with the service's own message, whose `wait` DRF's exception handler sends as the
    Retry-After header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"

    def __init__(self, limited: RateLimited) -> None:
        super().__init__(detail=limited.message)
        self.wait = limited.retry_after


def service_error_api_exception(error: Exception) -> exceptions.APIException:
    """The one mapping: PermissionDenied is a 403 with the reason as `detail`, ValidationError a
    400 keyed by field, RateLimited a 429 with Retry-After, each with the service's message."""
    if isinstance(error, RateLimited):
        return TooManyRequests(error)
    if isinstance(error, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(error))
    if isinstance(error, DjangoValidationError):
        return exceptions.ValidationError(get_error_detail(error))
    raise TypeError(f"{type(error).__name__} is not a service error the API maps.")


@contextmanager
def service_errors(*expected: type[Exception]) -> Iterator[None]:
    """Around a service call (or, as a decorator, a view method): the errors named, raised
    inside, become their API answer (service_error_api_exception). Any other error passes."""
    expected_errors_check(expected)
    try:
        yield
    except expected as error:
        raise service_error_api_exception(error) from error


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, and a database that is down, restarting or cut off (OperationalError,
    InterfaceError) as a 503 the client may retry: the request's transaction was rolled back,
    unless the failure came after its commit (posting the same comment again is then refused
    as a repeat, never stored twice). Anything else unexpected stays a 500, with its
    traceback logged."""
    if isinstance(exc, OperationalError | InterfaceError):
        logger.warning("Database unavailable for %s: %s", context["request"].path, exc)
        exc = ServiceUnavailable()
    return exception_handler(exc, context)
