"""One post: reading, editing and withdrawing it, and the viewer's like of it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.viewer import Viewer, viewer_for
from config.web.api_errors import service_errors
from forum.discussions.api.schema import INVALID, NOT_FOUND, REFUSED
from forum.discussions.api.serializers import (
    PostOutputSerializer,
    PostUpdateInputSerializer,
    ReactionOutputSerializer,
)
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import PostNode, post_get_for_viewer, post_node
from forum.discussions.services.posting import post_delete, post_edit
from forum.discussions.services.reactions import reaction_add, reaction_remove


def single_post_node(post: Post, *, topic: Topic, viewer: Viewer) -> PostNode:
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


def post_response(
    request: Request, post: Post, *, status_code: int = status.HTTP_200_OK
) -> Response:
    node = single_post_node(post, topic=post.topic, viewer=viewer_for(request))
    data = PostOutputSerializer(node, context={"request": request}).data
    return Response(data, status=status_code)


class PostDetailApi(APIView):
    """One post. PATCH edits its body (the author within the edit window; moderators any
    time, but not an administrator's, with an optional `reason` told to the author); DELETE
    withdraws it (its author only; replies under it stay)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: PostOutputSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return post_response(request, post_get_for_viewer(pk=pk, viewer=viewer_for(request)))

    @extend_schema(
        request=PostUpdateInputSerializer,
        responses={200: PostOutputSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    def patch(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        serializer = PostUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, ValidationError):
            post = post_edit(
                post=post,
                editor=request.user,
                body=serializer.validated_data["body"],
                reason=serializer.validated_data["reason"],
            )
        return post_response(request, post)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Deleted."), 403: REFUSED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        with service_errors(PermissionDenied):
            post_delete(post=post, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostReactionCreateDeleteApi(APIView):
    """The viewer's like of a post: POST likes (liking twice is one like), DELETE unlikes."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(ReactionOutputSerializer, description="Already liked."),
            201: OpenApiResponse(ReactionOutputSerializer, description="Liked."),
            403: REFUSED,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        already = (
            request.user.is_authenticated and post.reactions.filter(user=request.user).exists()
        )
        with service_errors(PermissionDenied):
            post = reaction_add(post=post, user=request.user)
        data = ReactionOutputSerializer({"like_count": post.like_count, "liked": True}).data
        return Response(data, status=status.HTTP_200_OK if already else status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: ReactionOutputSerializer, 403: REFUSED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        if not request.user.is_authenticated:
            # reaction_remove has no refusal of its own: only a logged-in user has a like.
            raise exceptions.NotAuthenticated("Log in to like comments.")
        post = reaction_remove(post=post, user=request.user)
        return Response(
            ReactionOutputSerializer({"like_count": post.like_count, "liked": False}).data
        )
