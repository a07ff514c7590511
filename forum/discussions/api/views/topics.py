"""The forum's categories and topics: listing them, starting a topic, and one topic's detail."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer, service_errors
from config.web.errors import RateLimited
from forum.discussions.api.pagination import TopicPagination
from forum.discussions.api.schema import INVALID, NOT_FOUND, RATE_LIMITED, REFUSED, RETRY_AFTER
from forum.discussions.api.serializers import (
    CategoryOutputSerializer,
    TopicCreateInputSerializer,
    TopicDetailOutputSerializer,
    TopicOutputSerializer,
)
from forum.discussions.api.views.posts import single_post_node
from forum.discussions.models import Topic
from forum.discussions.permissions import can_see_post, topic_reply_refusal
from forum.discussions.selectors import (
    category_get,
    category_list,
    topic_get_for_viewer,
    topic_list,
)
from forum.discussions.services.topics import topic_create


def reply_refusal_message(request: Request, topic: Topic) -> str | None:
    refusal = topic_reply_refusal(viewer_for(request), topic)
    return refusal.message if refusal else None


class CategoryListApi(APIView):
    """The forum's categories, in their set order."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        data = CategoryOutputSerializer(
            category_list(),  # type: ignore[arg-type]  # the stubs take a Serializer's instance as one object, many=True or not
            many=True,
            context={"request": request},
        )
        return Response(data.data)


def _topic_detail_response(
    request: Request, topic: Topic, *, status_code: int = status.HTTP_200_OK
) -> Response:
    viewer, opening = viewer_for(request), topic.opening_post
    shown = opening is not None and can_see_post(viewer, opening)
    context = {
        "request": request,
        "opening_post": (
            single_post_node(opening, topic=topic, viewer=viewer)
            if opening is not None and shown
            else None
        ),
        "reply_refusal": reply_refusal_message(request, topic),
    }
    return Response(TopicDetailOutputSerializer(topic, context=context).data, status=status_code)


class CategoryTopicListCreateApi(generics.ListAPIView[Topic]):
    """A category's topics, pinned first, then by latest activity. POST starts a topic."""

    permission_classes = [AllowAny]
    serializer_class = TopicOutputSerializer
    pagination_class = TopicPagination

    def get_queryset(self) -> QuerySet[Topic]:
        return topic_list(
            category=category_get(slug=self.kwargs["slug"]), viewer=viewer_for(self.request)
        )

    @extend_schema(
        responses={
            200: TopicOutputSerializer(many=True),
            404: OpenApiResponse(ErrorOutputSerializer, description="No such category or page."),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=TopicCreateInputSerializer,
        parameters=[RETRY_AFTER],
        responses={
            201: TopicDetailOutputSerializer,
            400: INVALID,
            403: REFUSED,
            404: NOT_FOUND,
            429: RATE_LIMITED,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        category = category_get(slug=slug)
        serializer = TopicCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, ValidationError, RateLimited):
            topic = topic_create(
                category=category,
                author=request.user,
                **serializer.validated_data,
            )
        return _topic_detail_response(request, topic, status_code=status.HTTP_201_CREATED)


class TopicDetailApi(APIView):
    """A topic: its opening post (forum topics), article link (article discussions), flags
    and counts, and whether the viewer may post in it."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: TopicDetailOutputSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return _topic_detail_response(
            request, topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
        )
