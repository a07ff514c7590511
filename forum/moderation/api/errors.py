"""The moderation API's answers to a refused decision: service errors, and a 409 to the
moderator who decided second."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

from config.web.api_errors import service_errors
from forum.moderation.services.decisions import AlreadyHandled


class Conflict(exceptions.APIException):
    """Someone decided first: `detail` says what they did."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "already_handled"


@contextmanager
def moderation_errors() -> Iterator[None]:
    """`service_errors`, and AlreadyHandled as a 409. A refusal not tied to one field (an
    account already banned) comes keyed by `non_field_errors`, as DRF keys its own."""
    with service_errors(PermissionDenied, DjangoValidationError):
        try:
            yield
        except AlreadyHandled as handled:
            raise Conflict(str(handled)) from handled
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
            ) from error
