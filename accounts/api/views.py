from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.web.api_errors import ErrorOutputSerializer, service_errors

from ..permissions import check_can_change_profile
from ..requests import AuthenticatedRequest
from ..selectors import notification_preferences_for, user_get_public
from ..services.preferences import notification_preferences_update
from ..services.profiles import user_profile_update
from ..viewer import viewer_for
from .serializers import (
    AvatarInputSerializer,
    MeOutputSerializer,
    MeUpdateInputSerializer,
    NotificationPreferencesInputSerializer,
    NotificationPreferencesOutputSerializer,
    UserPublicOutputSerializer,
)

_INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
)
_NOT_LOGGED_IN = OpenApiResponse(ErrorOutputSerializer, description="Not logged in.")
_MAY_NOT_CHANGE = OpenApiResponse(
    ErrorOutputSerializer,
    description="Not logged in, or the account may not change its profile (suspended, banned).",
)


class MeDetailApi(APIView):
    """The logged-in user's own account; PATCH changes the display name and bio.

    The handle and email address are not changed here: the email through the account pages
    (or allauth's headless API), so that a new address is verified.
    """

    permission_classes = [IsAuthenticated]

    def _respond(self, request: AuthenticatedRequest) -> Response:
        return Response(MeOutputSerializer(request.user, context={"request": request}).data)

    @extend_schema(responses={200: MeOutputSerializer, 403: _NOT_LOGGED_IN})
    def get(self, request: AuthenticatedRequest) -> Response:
        return self._respond(request)

    @extend_schema(
        request=MeUpdateInputSerializer,
        responses={200: MeOutputSerializer, 400: _INVALID, 403: _MAY_NOT_CHANGE},
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        # Refused before the input is read: a suspended user learns why, not what was wrong.
        check_can_change_profile(viewer_for(request))
        serializer = MeUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(ValidationError):
            user_profile_update(user=user, **serializer.validated_data)
        return self._respond(request)


class MeAvatarUpdateApi(APIView):
    """PUT uploads a new avatar (multipart), replacing any; DELETE removes it."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=AvatarInputSerializer,
        responses={200: MeOutputSerializer, 400: _INVALID, 403: _MAY_NOT_CHANGE},
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        user = request.user
        check_can_change_profile(viewer_for(request))
        serializer = AvatarInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(ValidationError):
            user_profile_update(user=user, avatar=serializer.validated_data["avatar"])
        return Response(MeOutputSerializer(user, context={"request": request}).data)

    @extend_schema(request=None, responses={status.HTTP_204_NO_CONTENT: None, 403: _NOT_LOGGED_IN})
    def delete(self, request: AuthenticatedRequest) -> Response:
        user_profile_update(user=request.user, remove_avatar=True)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserDetailApi(APIView):
    """A user's public profile by handle, in any case; 404 for unknown and deleted users."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: UserPublicOutputSerializer,
            404: OpenApiResponse(ErrorOutputSerializer, description="No such user."),
        }
    )
    def get(self, request: Request, handle: str) -> Response:
        user = user_get_public(handle=handle)
        return Response(UserPublicOutputSerializer(user, context={"request": request}).data)


class NotificationPreferencesDetailApi(APIView):
    """How each kind of notification reaches the logged-in user; PATCH changes the kinds given.

    Moderation kinds are listed for, and may be set by, discussion staff only.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: NotificationPreferencesOutputSerializer, 403: _NOT_LOGGED_IN})
    def get(self, request: AuthenticatedRequest) -> Response:
        preferences = notification_preferences_for(viewer=viewer_for(request))
        return Response(NotificationPreferencesOutputSerializer(preferences).data)

    @extend_schema(
        request=NotificationPreferencesInputSerializer,
        responses={
            200: NotificationPreferencesOutputSerializer,
            400: _INVALID,
            403: _NOT_LOGGED_IN,
        },
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        serializer = NotificationPreferencesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(ValidationError):
            preferences = notification_preferences_update(
                user=request.user,
                preferences=serializer.validated_data,
            )
        return Response(NotificationPreferencesOutputSerializer(preferences).data)
