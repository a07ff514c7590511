"""The signed-in account through the API: its data as JSON, and its deletion."""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.web.api_errors import ErrorOutputSerializer
from config.web.api_input import StrictCharField

from ..permissions import check_current_password
from ..requests import AuthenticatedRequest
from ..services.deletion import account_delete
from ..services.export import account_export

_NOT_LOGGED_IN = OpenApiResponse(ErrorOutputSerializer, description="Not logged in.")


class AccountDeleteInputSerializer(serializers.Serializer[None]):
    password = StrictCharField(
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="The account's current password, to confirm the deletion.",
    )

    def validate_password(self, value: str) -> str:
        try:
            check_current_password(self.context["request"], value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return value


class AccountExportApi(APIView):
    """Everything the site holds about you, as in the download on the settings page."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "An object with `profile` (handle, names, bio, avatar, email addresses "
                    "with their verified flags, dates, state), `notification_preferences` "
                    "(kind → delivery), `posts` (with earlier versions), `likes`, "
                    "`account_state_history` (newest first), `reports` (made by the user), "
                    "`rejection_reasons` (of their rejected or removed posts), "
                    "`topic_subscriptions` and `notifications` (newest first)."
                ),
            ),
            403: _NOT_LOGGED_IN,
        },
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(account_export(user=request.user))


class AccountDeleteApi(APIView):
    """Delete your account for good and log out; what you posted stays, as "deleted user"."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AccountDeleteInputSerializer,
        responses={
            204: OpenApiResponse(description="Deleted; the session has ended."),
            400: OpenApiResponse(
                description='The password is missing or wrong: {"password": ["…"]}.'
            ),
            403: _NOT_LOGGED_IN,
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = AccountDeleteInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        account_delete(user=request.user)
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
