"""GET /api/v1/posts/<id>/revisions/: a comment's versions (forum/discussions/revisions.py),
to whoever may see them, and a 404 for anyone else."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer
from forum.discussions.revisions import DiffChunk, PostHistory, PostVersion, post_history_for_viewer


class DiffChunkOutputSerializer(serializers.Serializer[DiffChunk]):
    op = serializers.ChoiceField(
        choices=["equal", "insert", "delete"],
        help_text="Kept from the version before, added by this edit, or taken out by it.",
    )
    text = serializers.CharField()


class PostVersionOutputSerializer(serializers.Serializer[PostVersion]):
    number = serializers.IntegerField(help_text="1 for the text as first posted.")
    body = serializers.CharField(help_text="The Markdown source of this version.")
    written_at = serializers.DateTimeField(
        help_text="When it was posted (version 1) or when the edit that wrote it was made."
    )
    edited_by_moderator = serializers.BooleanField(
        source="by_moderator",
        help_text="Whether a moderator's edit of the author's comment wrote it (shown as "
        '"edited by a moderator"; which moderator is not said).',
    )
    diff = DiffChunkOutputSerializer(
        many=True,
        help_text="What changed from the version before, word by word, in order; empty for "
        "version 1.",
    )


class PostRevisionListOutputSerializer(serializers.Serializer[PostHistory]):
    post = serializers.IntegerField(source="post.pk")
    versions = PostVersionOutputSerializer(many=True, help_text="Oldest first.")


class PostRevisionListApi(APIView):
    """A comment's every version, with what each edit changed: to whoever may see the comment;
    a removed comment's to moderators only."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: PostRevisionListOutputSerializer,
            404: OpenApiResponse(
                ErrorOutputSerializer,
                description="No such comment, or not one whose revisions the viewer may see.",
            ),
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        history = post_history_for_viewer(pk=pk, viewer=viewer_for(request))
        return Response(PostRevisionListOutputSerializer(history).data)
