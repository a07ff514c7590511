"""The notifications API: the viewer's notifications, marking them read, and watching or
muting a topic. Every endpoint is for logged-in users; anyone else gets a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import AuthenticatedRequest
from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer, service_errors
from forum.discussions.selectors import topic_get_for_viewer
from forum.notifications.api.serializers import (
    NotificationOutputSerializer,
    NotificationReadAllOutputSerializer,
    TopicSubscriptionSerializer,
)
from forum.notifications.models import Notification, TopicSubscription
from forum.notifications.selectors import (
    SUBSCRIPTION_NONE,
    notification_inbox,
    notification_unread_count,
    topic_subscription_level,
)
from forum.notifications.services.inbox import notifications_mark_read
from forum.notifications.services.subscriptions import topic_unwatch, topic_watch

_TAGS = ["notifications"]
_NOT_LOGGED_IN = OpenApiResponse(ErrorOutputSerializer, description="Not logged in.")
_NOT_FOUND = OpenApiResponse(
    ErrorOutputSerializer, description="No such thing, or not one the viewer may see."
)


class NotificationPagination(PageNumberPagination):
    """Pages of notifications, each answer also saying how many of all of them are unread."""

    request: AuthenticatedRequest  # NotificationListApi's, past IsAuthenticated

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["unread_count"] = notification_unread_count(user=self.request.user)
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {"type": "integer", "example": 3}
        paginated["required"].append("unread_count")
        return paginated


class NotificationListApi(generics.ListAPIView[Notification]):
    """The viewer's notifications, newest first, leaving out those about a post that has since
    been held, removed or deleted."""

    permission_classes = [IsAuthenticated]
    request: AuthenticatedRequest
    serializer_class = NotificationOutputSerializer
    pagination_class = NotificationPagination

    def get_queryset(self) -> QuerySet[Notification]:
        return notification_inbox(user=self.request.user)

    @extend_schema(
        tags=_TAGS,
        responses={
            200: NotificationOutputSerializer(many=True),
            403: _NOT_LOGGED_IN,
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NotificationMarkReadApi(APIView):
    """Mark one of the viewer's notifications read (again is fine)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=_TAGS,
        request=None,
        responses={200: NotificationOutputSerializer, 403: _NOT_LOGGED_IN, 404: _NOT_FOUND},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        notification = get_object_or_404(notification_inbox(user=request.user), pk=pk)
        notifications_mark_read(user=request.user, ids=[notification.pk])
        notification.refresh_from_db(fields=["read_at"])
        return Response(
            NotificationOutputSerializer(notification, context={"request": request}).data
        )


class NotificationMarkAllReadApi(APIView):
    """Mark every notification of the viewer read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=_TAGS,
        request=None,
        responses={200: NotificationReadAllOutputSerializer, 403: _NOT_LOGGED_IN},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        marked = notifications_mark_read(user=request.user)
        data = {"marked": marked, "unread_count": notification_unread_count(user=request.user)}
        return Response(NotificationReadAllOutputSerializer(data).data)


class TopicSubscriptionRetrieveUpdateApi(APIView):
    """The viewer's subscription to a topic they may read. Posting in a topic watches it
    unless it is muted; PUT `none` forgets the choice."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=_TAGS,
        responses={200: TopicSubscriptionSerializer, 403: _NOT_LOGGED_IN, 404: _NOT_FOUND},
    )
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        topic = topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
        level = topic_subscription_level(user=request.user, topic_id=topic.pk)
        return Response(TopicSubscriptionSerializer({"level": level}).data)

    @extend_schema(
        tags=_TAGS,
        request=TopicSubscriptionSerializer,
        responses={
            200: TopicSubscriptionSerializer,
            400: OpenApiResponse(description='Field errors: {"level": ["message"]}.'),
            403: OpenApiResponse(
                ErrorOutputSerializer,
                description="Not logged in, or a discussion the public cannot see (`detail`).",
            ),
            404: _NOT_FOUND,
        },
    )
    def put(self, request: AuthenticatedRequest, pk: int) -> Response:
        topic = topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
        serializer = TopicSubscriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        level = serializer.validated_data["level"]
        user = request.user
        if level == SUBSCRIPTION_NONE:
            topic_unwatch(user=user, topic_id=topic.pk)
        else:
            with service_errors(PermissionDenied):
                topic_watch(user=user, topic_id=topic.pk, level=TopicSubscription.Level(level))
        return Response(TopicSubscriptionSerializer({"level": level}).data)
