"""A discussion's threads, a page at a time, the posts new since the viewer looked, and
posting a comment or reply into them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from accounts.viewer import viewer_for
from config.web.api_errors import service_errors
from config.web.errors import RateLimited
from config.web.query_params import InvalidQueryParameter
from forum.discussions.api.pagination import ThreadCursor, thread_cursor_encode
from forum.discussions.api.schema import INVALID, NOT_FOUND, RATE_LIMITED, REFUSED, RETRY_AFTER
from forum.discussions.api.serializers import (
    NewPostsOutputSerializer,
    NewPostsQueryInputSerializer,
    PostCreateInputSerializer,
    PostOutputSerializer,
    ThreadListOutputSerializer,
    ThreadListQueryInputSerializer,
)
from forum.discussions.api.views.posts import post_response
from forum.discussions.api.views.topics import reply_refusal_message
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import posts_new_since, topic_get_for_viewer
from forum.discussions.services.posting import post_create
from forum.discussions.thread_pages import thread_page

_THREAD_LIST_SCHEMA: dict[str, Any] = {
    "parameters": [ThreadListQueryInputSerializer],
    "responses": {200: ThreadListOutputSerializer, 400: INVALID, 404: NOT_FOUND},
}
_POST_CREATE_SCHEMA: dict[str, Any] = {
    "request": PostCreateInputSerializer,
    "parameters": [RETRY_AFTER],
    "responses": {
        201: OpenApiResponse(PostOutputSerializer, description="Posted and visible."),
        202: OpenApiResponse(
            PostOutputSerializer,
            description="Accepted but held for moderation (status `pending`): only its "
            "author and moderators see it until it is approved.",
        ),
        400: INVALID,
        403: REFUSED,
        404: NOT_FOUND,
        429: RATE_LIMITED,
    },
}


def _thread_list(request: Request, topic: Topic) -> Response:
    query = ThreadListQueryInputSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    try:
        page = thread_page(
            topic=topic,
            viewer=viewer_for(request),
            sort=query.validated_data["sort"],
            after=query.validated_data["after"],
        )
    except InvalidQueryParameter as error:  # the cursor's thread is gone (deleted for good)
        raise exceptions.ValidationError(
            {"cursor": ["This cursor is not valid. Start again from the first page."]}
        ) from error
    next_url = None
    if page.next_after is not None:
        cursor = thread_cursor_encode(ThreadCursor(sort=page.sort, after=page.next_after))
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor)
    data = {
        "topic": topic.pk,
        "count": topic.post_count,
        "latest_post_id": page.latest_post_id,
        "sort": page.sort,
        "next": next_url,
        "reply_refusal": reply_refusal_message(request, topic),
        "results": page.threads,
    }
    return Response(ThreadListOutputSerializer(data, context={"request": request}).data)


def _comment_create(request: Request, topic: Topic) -> Response:
    serializer = PostCreateInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with service_errors(PermissionDenied, ValidationError, RateLimited):
        post = post_create(
            topic=topic,
            author=request.user,
            body=serializer.validated_data["body"],
            reply_to=serializer.validated_data.get("parent"),
            disclosure=serializer.validated_data.get("disclosure"),
        )
    held = post.status != Post.Status.VISIBLE
    return post_response(
        request, post, status_code=status.HTTP_202_ACCEPTED if held else status.HTTP_201_CREATED
    )


def _article_topic(request: Request, slug: str) -> Topic:
    """The discussion of an article the viewer may read (editors preview unpublished ones).

    Only the topic's id is looked up here; topic_get_for_viewer applies the visibility. (This
    is a query cheaper than article_get_for_viewer, which brings highlights and tags too.)
    """
    pk = Topic.objects.filter(article__slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404("No such article.")
    return topic_get_for_viewer(pk=pk, viewer=viewer_for(request))


class ArticleCommentListCreateApi(APIView):
    """An article's comments: top-level threads a page at a time, each a tree of replies.

    POST comments, or with `parent` replies. A reply to a post at the deepest level sits beside
    it (same `parent`) and says whom it answers in `reply_to` / `replying_to`.
    """

    permission_classes = [AllowAny]

    @extend_schema(**_THREAD_LIST_SCHEMA)
    def get(self, request: Request, slug: str) -> Response:
        return _thread_list(request, _article_topic(request, slug))

    @extend_schema(**_POST_CREATE_SCHEMA)
    def post(self, request: Request, slug: str) -> Response:
        return _comment_create(request, _article_topic(request, slug))


class TopicPostListCreateApi(APIView):
    """A topic's posts as threads, like an article's comments; the opening post of a forum
    topic is not among them (it is on the topic). POST adds a post or reply."""

    permission_classes = [AllowAny]

    @extend_schema(**_THREAD_LIST_SCHEMA)
    def get(self, request: Request, pk: int) -> Response:
        return _thread_list(request, topic_get_for_viewer(pk=pk, viewer=viewer_for(request)))

    @extend_schema(**_POST_CREATE_SCHEMA)
    def post(self, request: Request, pk: int) -> Response:
        return _comment_create(request, topic_get_for_viewer(pk=pk, viewer=viewer_for(request)))


class TopicPostNewListApi(APIView):
    """Posts added after `after` that the viewer may see, oldest first and at most 50 at a
    time: poll with the `latest_post_id` of the last answer to follow a discussion live."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[NewPostsQueryInputSerializer],
        responses={200: NewPostsOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        viewer = viewer_for(request)
        topic = topic_get_for_viewer(pk=pk, viewer=viewer)
        query = NewPostsQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        after = query.validated_data["after"]
        nodes = posts_new_since(topic=topic, viewer=viewer, after_id=after)
        data = {"latest_post_id": nodes[-1].post.pk if nodes else after, "results": nodes}
        return Response(NewPostsOutputSerializer(data, context={"request": request}).data)
