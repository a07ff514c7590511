"""What the moderation API's schema says of its answers: its tag and its error responses."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from config.web.api_errors import ErrorOutputSerializer

TAGS = ["moderation"]


INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
)
STAFF_ONLY = OpenApiResponse(
    ErrorOutputSerializer, description="Not logged in, or not a moderator."
)
NOT_FOUND = OpenApiResponse(ErrorOutputSerializer, description="No such post.")
CONFLICT = OpenApiResponse(
    ErrorOutputSerializer,
    description="Already handled: another moderator decided first, or the post is not in a "
    "state this action applies to. `detail` says what it is now.",
)
