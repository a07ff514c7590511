"""The discussions API: comments under articles, forum topics, posts and likes.

Anyone may call every endpoint: the services decide who may write, and refuse with a reason
(not logged in, unverified, suspended, closed ...) that `service_errors` hands to the client.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from accounts.viewer import Viewer, viewer_for
from config.web.api_errors import ErrorOutputSerializer, service_errors
from config.web.errors import RateLimited
from forum.discussions.api.pagination import ThreadCursor, TopicPagination, thread_cursor_encode
from forum.discussions.api.serializers import (
    CategoryOutputSerializer,
    NewPostsOutputSerializer,
    NewPostsQueryInputSerializer,
    PostCreateInputSerializer,
    PostOutputSerializer,
    PostUpdateInputSerializer,
    ReactionOutputSerializer,
    ThreadListOutputSerializer,
    ThreadListQueryInputSerializer,
    TopicCreateInputSerializer,
    TopicDetailOutputSerializer,
    TopicOutputSerializer,
)
from forum.discussions.models import Post, Topic
from forum.discussions.permissions import can_see_post, topic_reply_refusal
from forum.discussions.selectors import (
    PostNode,
    category_get,
    category_list,
    post_get_for_viewer,
    post_node,
    posts_new_since,
    thread_page,
    topic_get_for_viewer,
    topic_list,
)
from forum.discussions.services.posting import post_create, post_delete, post_edit
from forum.discussions.services.reactions import reaction_add, reaction_remove
from forum.discussions.services.topics import topic_create

_INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
)
_REFUSED = OpenApiResponse(
    ErrorOutputSerializer,
    description="Not allowed; `detail` says why (not logged in, address unverified, "
    "suspended, banned, closed ...).",
)
_NOT_FOUND = OpenApiResponse(
    ErrorOutputSerializer, description="No such thing, or not one the viewer may see."
)
_RATE_LIMITED = OpenApiResponse(
    ErrorOutputSerializer, description="Posting too quickly: try again after Retry-After."
)
_RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[status.HTTP_429_TOO_MANY_REQUESTS],
    description="Seconds until the next post may go.",
)
_THREAD_LIST_SCHEMA: dict[str, Any] = {
    "parameters": [ThreadListQueryInputSerializer],
    "responses": {200: ThreadListOutputSerializer, 400: _INVALID, 404: _NOT_FOUND},
}
_POST_CREATE_SCHEMA: dict[str, Any] = {
    "request": PostCreateInputSerializer,
    "parameters": [_RETRY_AFTER],
    "responses": {
        201: OpenApiResponse(PostOutputSerializer, description="Posted and visible."),
        202: OpenApiResponse(
            PostOutputSerializer,
            description="Accepted but held for moderation (status `pending`): only its "
            "author and moderators see it until it is approved.",
        ),
        400: _INVALID,
        403: _REFUSED,
        404: _NOT_FOUND,
        429: _RATE_LIMITED,
    },
}


def _post_node(post: Post, *, topic: Topic, viewer: Viewer) -> PostNode:
    """What one viewer sees of a single post (threads come whole, from thread_page)."""
    liked = (
        {post.pk}
        if viewer.user is not None and post.reactions.filter(user=viewer.user).exists()
        else set()
    )
    reply_to = post.reply_to if post.reply_to_id != post.parent_id else None
    author = Viewer.of(post.author)
    return post_node(
        post, topic=topic, viewer=viewer, author=author, liked=liked, reply_to=reply_to
    )


def _post_response(
    request: Request, post: Post, *, status_code: int = status.HTTP_200_OK
) -> Response:
    node = _post_node(post, topic=post.topic, viewer=viewer_for(request))
    data = PostOutputSerializer(node, context={"request": request}).data
    return Response(data, status=status_code)


def _refusal_message(request: Request, topic: Topic) -> str | None:
    refusal = topic_reply_refusal(viewer_for(request), topic)
    return refusal.message if refusal else None


def _thread_list(request: Request, topic: Topic) -> Response:
    query = ThreadListQueryInputSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    page = thread_page(
        topic=topic,
        viewer=viewer_for(request),
        sort=query.validated_data["sort"],
        offset=query.validated_data["offset"],
    )
    next_url = None
    if page.next_offset is not None:
        cursor = thread_cursor_encode(ThreadCursor(sort=page.sort, offset=page.next_offset))
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", cursor)
    data = {
        "topic": topic.pk,
        "count": topic.post_count,
        "latest_post_id": page.latest_post_id,
        "sort": page.sort,
        "next": next_url,
        "reply_refusal": _refusal_message(request, topic),
        "results": page.threads,
    }
    return Response(ThreadListOutputSerializer(data, context={"request": request}).data)


def _comment_create(request: Request, topic: Topic) -> Response:
    serializer = PostCreateInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with service_errors(PermissionDenied, ValidationError, RateLimited):
        post = post_create(
            topic=topic,
            author=request.user,  # type: ignore[arg-type]
            body=serializer.validated_data["body"],
            reply_to=serializer.validated_data.get("parent"),
            disclosure=serializer.validated_data.get("disclosure"),
        )
    held = post.status != Post.Status.VISIBLE
    return _post_response(
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
        responses={200: NewPostsOutputSerializer, 400: _INVALID, 404: _NOT_FOUND},
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


class PostDetailApi(APIView):
    """One post. PATCH edits its body (the author within the edit window; moderators any
    time, but not an administrator's, with an optional `reason` told to the author); DELETE
    withdraws it (its author only; replies under it stay)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: PostOutputSerializer, 404: _NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return _post_response(request, post_get_for_viewer(pk=pk, viewer=viewer_for(request)))

    @extend_schema(
        request=PostUpdateInputSerializer,
        responses={200: PostOutputSerializer, 400: _INVALID, 403: _REFUSED, 404: _NOT_FOUND},
    )
    def patch(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        serializer = PostUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, ValidationError):
            post = post_edit(
                post=post,
                editor=request.user,  # type: ignore[arg-type]
                body=serializer.validated_data["body"],
                reason=serializer.validated_data["reason"],
            )
        return _post_response(request, post)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Deleted."), 403: _REFUSED, 404: _NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        with service_errors(PermissionDenied):
            post_delete(post=post, by=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostReactionCreateDeleteApi(APIView):
    """The viewer's like of a post: POST likes (liking twice is one like), DELETE unlikes."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(ReactionOutputSerializer, description="Already liked."),
            201: OpenApiResponse(ReactionOutputSerializer, description="Liked."),
            403: _REFUSED,
            404: _NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        already = (
            request.user.is_authenticated and post.reactions.filter(user=request.user).exists()
        )
        with service_errors(PermissionDenied):
            post = reaction_add(post=post, user=request.user)  # type: ignore[arg-type]
        data = ReactionOutputSerializer({"like_count": post.like_count, "liked": True}).data
        return Response(data, status=status.HTTP_200_OK if already else status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: ReactionOutputSerializer, 403: _REFUSED, 404: _NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        if not request.user.is_authenticated:
            # reaction_remove has no refusal of its own: only a logged-in user has a like.
            raise exceptions.NotAuthenticated("Log in to like comments.")
        post = reaction_remove(post=post, user=request.user)  # type: ignore[arg-type]
        return Response(
            ReactionOutputSerializer({"like_count": post.like_count, "liked": False}).data
        )


class CategoryListApi(APIView):
    """The forum's categories, in their set order."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        data = CategoryOutputSerializer(category_list(), many=True, context={"request": request})
        return Response(data.data)


def _topic_detail_response(
    request: Request, topic: Topic, *, status_code: int = status.HTTP_200_OK
) -> Response:
    viewer, opening = viewer_for(request), topic.opening_post
    shown = opening is not None and can_see_post(viewer, opening)
    context = {
        "request": request,
        "opening_post": _post_node(opening, topic=topic, viewer=viewer) if shown else None,
        "reply_refusal": _refusal_message(request, topic),
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
        parameters=[_RETRY_AFTER],
        responses={
            201: TopicDetailOutputSerializer,
            400: _INVALID,
            403: _REFUSED,
            404: _NOT_FOUND,
            429: _RATE_LIMITED,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        category = category_get(slug=slug)
        serializer = TopicCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, ValidationError, RateLimited):
            topic = topic_create(
                category=category,
                author=request.user,  # type: ignore[arg-type]
                **serializer.validated_data,
            )
        return _topic_detail_response(request, topic, status_code=status.HTTP_201_CREATED)


class TopicDetailApi(APIView):
    """A topic: its opening post (forum topics), article link (article discussions), flags
    and counts, and whether the viewer may post in it."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: TopicDetailOutputSerializer, 404: _NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return _topic_detail_response(
            request, topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
        )


@extend_schema(exclude=True)
class ApiNotFoundApi(APIView):
    """Any other URL under the API, whatever the method: a 404 in JSON, as the API answers, not
    the site's HTML page. Most often an id that is not a number (`/posts/abc/`) or a slug with
    characters a slug has not, which no route matches."""

    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
