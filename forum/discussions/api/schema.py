"""What the discussions API's schema says of its error answers and of Retry-After."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status

from config.web.api_errors import ErrorOutputSerializer

INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
)
REFUSED = OpenApiResponse(
    ErrorOutputSerializer,
    description="Not allowed; `detail` says why (not logged in, address unverified, "
    "suspended, banned, closed ...).",
)
NOT_FOUND = OpenApiResponse(
    ErrorOutputSerializer, description="No such thing, or not one the viewer may see."
)
RATE_LIMITED = OpenApiResponse(
    ErrorOutputSerializer, description="Posting too quickly: try again after Retry-After."
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[status.HTTP_429_TOO_MANY_REQUESTS],
    description="Seconds until the next post may go.",
)
