"""How every API endpoint answers when the database cannot be reached: a 503 in JSON, as the API
answers everything, with Retry-After; not the site's HTML error page with a 500."""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


class ServiceUnavailable(exceptions.APIException):
    """A 503 whose `wait` DRF's exception handler sends as the Retry-After header."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The site is briefly unavailable. Try again in a few seconds."
    default_code = "unavailable"
    wait = 5


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
