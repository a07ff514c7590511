"""Decisions on a post, one API view each, answered with the post as the decision left it;
two moderators deciding on one post at once get one 200 and one 409."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.requests import AuthenticatedRequest
from forum.discussions.models import Post
from forum.moderation.api.errors import moderation_errors
from forum.moderation.api.permissions import IsDiscussionStaff
from forum.moderation.api.schema import CONFLICT, INVALID, NOT_FOUND, STAFF_ONLY, TAGS
from forum.moderation.api.serializers import (
    AuthorBanInputSerializer,
    AuthorSuspendInputSerializer,
    ModeratedPostOutputSerializer,
    PostRefusalInputSerializer,
    TopicCloseInputSerializer,
)
from forum.moderation.services.account_states import user_ban, user_suspend
from forum.moderation.services.decisions import (
    post_approve,
    post_approve_and_trust,
    post_feature,
    post_mark_spam,
    post_reject,
    post_remove,
    post_reports_dismiss,
    post_restore,
    rejection_reason,
    topic_close,
)


class PostModerationApi(APIView):
    """One decision on one post, answered with the post as the decision left it.

    Subclasses name their input serializer (None for no body) and make the decision.
    """

    permission_classes = [IsDiscussionStaff]
    input_serializer_class: ClassVar[type[serializers.Serializer[Any]] | None] = None

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        post = get_object_or_404(Post, pk=pk)
        data: dict[str, Any] = {}
        if self.input_serializer_class is not None:
            serializer = self.input_serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        with moderation_errors():
            self.decide(post, request.user, data)
        post = Post.objects.select_related("topic__article", "author", "moderated_by").get(pk=pk)
        return Response(ModeratedPostOutputSerializer(post, context={"request": request}).data)


def _decision_schema(summary: str, request: type[serializers.Serializer[Any]] | None) -> Any:
    return extend_schema(
        tags=TAGS,
        summary=summary,
        request=request,
        responses={
            200: ModeratedPostOutputSerializer,
            400: INVALID,
            403: STAFF_ONLY,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )


@_decision_schema("Approve a held post: it is shown, and reports on it dismissed.", None)
class PostApproveApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_approve(post=post, moderator=moderator)


@_decision_schema(
    "Approve a held post and trust its author to post without review (logged); their other "
    "posts held only for being first are released.",
    None,
)
class PostApproveAndTrustApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_approve_and_trust(post=post, moderator=moderator)


@_decision_schema("Reject a held post; its author sees the reason.", PostRefusalInputSerializer)
class PostRejectApi(PostModerationApi):
    input_serializer_class = PostRefusalInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        reason = rejection_reason(data["reason"], data["text"])
        post_reject(post=post, moderator=moderator, reason=reason)


@_decision_schema(
    'Remove a visible post; replies under it stay, under "[removed]".',
    PostRefusalInputSerializer,
)
class PostRemoveApi(PostModerationApi):
    input_serializer_class = PostRefusalInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        reason = rejection_reason(data["reason"], data["text"])
        post_remove(post=post, moderator=moderator, reason=reason)


@_decision_schema("Show a rejected or removed post again.", None)
class PostRestoreApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_restore(post=post, moderator=moderator)


@_decision_schema(
    "Refuse or take down a post as spam and suspend its author for FORUM_SPAM_SUSPENSION_DAYS.",
    None,
)
class PostSpamMarkApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_mark_spam(post=post, moderator=moderator)


@_decision_schema(
    "Dismiss the open reports on a post; a post they had hidden is shown again.", None
)
class PostReportsDismissApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_reports_dismiss(post=post, moderator=moderator)


@_decision_schema("Feature a visible post at the top of its discussion.", None)
class PostFeatureApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_feature(post=post, moderator=moderator, featured=True)


@_decision_schema("Stop featuring a post.", None)
class PostUnfeatureApi(PostModerationApi):
    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        post_feature(post=post, moderator=moderator, featured=False)


@_decision_schema(
    "Suspend the post's author for `days`; they are told the reason. Only administrators "
    "act on administrators.",
    AuthorSuspendInputSerializer,
)
class PostAuthorSuspendApi(PostModerationApi):
    input_serializer_class = AuthorSuspendInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        until = timezone.now() + timedelta(days=data["days"])
        user_suspend(user=post.author, by=moderator, until=until, reason=data["reason"])


@_decision_schema(
    "Ban the post's author until reinstated; they are told the reason. Only administrators "
    "act on administrators.",
    AuthorBanInputSerializer,
)
class PostAuthorBanApi(PostModerationApi):
    input_serializer_class = AuthorBanInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        user_ban(user=post.author, by=moderator, reason=data["reason"])


@_decision_schema("Close the post's discussion to new posts.", TopicCloseInputSerializer)
class PostTopicCloseApi(PostModerationApi):
    input_serializer_class = TopicCloseInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        topic_close(topic=post.topic, moderator=moderator, closed=True, reason=data["reason"])


@_decision_schema("Open the post's discussion again.", TopicCloseInputSerializer)
class PostTopicOpenApi(PostModerationApi):
    input_serializer_class = TopicCloseInputSerializer

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        topic_close(topic=post.topic, moderator=moderator, closed=False, reason=data["reason"])


# The URL segment of each decision, in the order the moderation page offers them.
POST_MODERATION_APIS: dict[str, type[PostModerationApi]] = {
    "approve": PostApproveApi,
    "approve-and-trust": PostApproveAndTrustApi,
    "reject": PostRejectApi,
    "remove": PostRemoveApi,
    "restore": PostRestoreApi,
    "spam": PostSpamMarkApi,
    "dismiss-reports": PostReportsDismissApi,
    "feature": PostFeatureApi,
    "unfeature": PostUnfeatureApi,
    "suspend-author": PostAuthorSuspendApi,
    "ban-author": PostAuthorBanApi,
    "close-topic": PostTopicCloseApi,
    "open-topic": PostTopicOpenApi,
}


# Deprecated aliases, from when reports were called flags: the same decision under its old URL
# segment, marked deprecated in the schema. Not offered in the list of actions.
@extend_schema(deprecated=True, description="Deprecated: use `dismiss-reports`.")
class PostReportsDismissDeprecatedApi(PostReportsDismissApi):
    """The same as PostReportsDismissApi at its old path, …/dismiss-flags/."""


DEPRECATED_POST_MODERATION_APIS: dict[str, type[PostModerationApi]] = {
    "dismiss-flags": PostReportsDismissDeprecatedApi,
}


@extend_schema(exclude=True)
class PostModerationUnknownApi(APIView):
    """Any other action: a 404 in JSON, as the API answers, not the site's HTML page."""

    permission_classes = [IsDiscussionStaff]

    def post(self, request: Request, pk: int, action: str) -> Response:
        raise exceptions.NotFound(
            f'There is no moderation action "{action}". The actions are: '
            f"{', '.join(POST_MODERATION_APIS)}."
        )
