"""The moderation log: every decision and account-state change, newest first."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from config.web.api_errors import ErrorOutputSerializer
from forum.moderation.api.permissions import IsDiscussionStaff
from forum.moderation.api.schema import INVALID, STAFF_ONLY, TAGS
from forum.moderation.api.serializers import (
    ModerationLogEntryOutputSerializer,
    ModerationLogQueryInputSerializer,
)
from forum.moderation.models import ModerationLogEntry
from forum.moderation.selectors import moderation_log


class ModerationLogPagination(PageNumberPagination):
    page_size = 50


class ModerationLogListApi(generics.ListAPIView[ModerationLogEntry]):
    """Every moderation decision and account-state change, newest first."""

    permission_classes = [IsDiscussionStaff]
    serializer_class = ModerationLogEntryOutputSerializer
    pagination_class = ModerationLogPagination

    def get_queryset(self) -> QuerySet[ModerationLogEntry]:
        query = ModerationLogQueryInputSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return moderation_log(**query.validated_data)

    @extend_schema(
        tags=TAGS,
        parameters=[ModerationLogQueryInputSerializer],
        responses={
            200: ModerationLogEntryOutputSerializer(many=True),
            400: INVALID,
            403: STAFF_ONLY,
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
