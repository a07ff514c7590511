"""The moderation API: the queues, decisions on posts, readers' reports, and the log.

Everything but reporting is for discussion staff; anyone else is refused with a 403. The
services still check, and lock what they decide on: two moderators deciding on one post at
once get one 200 and one 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from accounts.models import User
from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer, service_errors
from config.web.errors import RateLimited
from forum.discussions.models import Post
from forum.discussions.selectors import post_get_for_viewer
from forum.moderation.api.serializers import (
    AuthorBanInputSerializer,
    AuthorSuspendInputSerializer,
    ModeratedPostOutputSerializer,
    ModerationLogEntryOutputSerializer,
    ModerationLogQueryInputSerializer,
    ModerationQueueOutputSerializer,
    ModerationQueueQueryInputSerializer,
    Order,
    PostRefusalInputSerializer,
    ReportCreateInputSerializer,
    ReportOutputSerializer,
    TopicCloseInputSerializer,
)
from forum.moderation.models import ModerationLogEntry
from forum.moderation.selectors import (
    Queue,
    moderation_log,
    moderation_queue,
    moderation_queue_summary,
)
from forum.moderation.services.account_states import user_ban, user_suspend
from forum.moderation.services.decisions import (
    AlreadyHandled,
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
from forum.moderation.services.reports import report_create

_TAGS = ["moderation"]


class IsDiscussionStaff(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return viewer_for(request).is_discussion_staff


class Conflict(exceptions.APIException):
    """Someone decided first: `detail` says what they did."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "already_handled"


@contextmanager
def moderation_errors() -> Iterator[None]:
    """`service_errors`, and AlreadyHandled as a 409. A refusal not tied to one field (an
    account already banned) comes keyed by `non_field_errors`, as DRF keys its own."""
    with service_errors(PermissionDenied, DjangoValidationError):
        try:
            yield
        except AlreadyHandled as handled:
            raise Conflict(str(handled)) from handled
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
            ) from error


_INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
)
_STAFF_ONLY = OpenApiResponse(
    ErrorOutputSerializer, description="Not logged in, or not a moderator."
)
_NOT_FOUND = OpenApiResponse(ErrorOutputSerializer, description="No such post.")
_CONFLICT = OpenApiResponse(
    ErrorOutputSerializer,
    description="Already handled: another moderator decided first, or the post is not in a "
    "state this action applies to. `detail` says what it is now.",
)


# The queues


class ModerationQueueListApi(APIView):
    """A page of a moderation queue, each post with its context, its author's record and the
    reports on it, and how many items wait in the pending and reported queues."""

    permission_classes = [IsDiscussionStaff]

    @extend_schema(
        tags=_TAGS,
        parameters=[ModerationQueueQueryInputSerializer],
        responses={200: ModerationQueueOutputSerializer, 400: _INVALID, 403: _STAFF_ONLY},
    )
    def get(self, request: Request) -> Response:
        query = ModerationQueueQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queue: str = query.validated_data["status"]
        order: str | None = query.validated_data.get("order")
        offset: int = query.validated_data["offset"]
        options: dict[str, Any] = {}
        if order is not None:
            options["newest_first"] = order == Order.NEWEST
        items, has_more = moderation_queue(queue=queue, offset=offset, **options)
        next_url = None
        if has_more:
            next_url = replace_query_param(
                request.build_absolute_uri(), "offset", offset + len(items)
            )
        default_order = Order.NEWEST if queue == Queue.HISTORY else Order.OLDEST
        data = {
            "status": queue,
            "order": order or default_order,
            "summary": moderation_queue_summary(),
            "next": next_url,
            "results": items,
        }
        return Response(ModerationQueueOutputSerializer(data, context={"request": request}).data)


# Decisions on a post


class PostModerationApi(APIView):
    """One decision on one post, answered with the post as the decision left it.

    Subclasses name their input serializer (None for no body) and make the decision.
    """

    permission_classes = [IsDiscussionStaff]
    input_serializer_class: ClassVar[type[serializers.Serializer[Any]] | None] = None

    def decide(self, post: Post, moderator: User, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        post = get_object_or_404(Post, pk=pk)
        data: dict[str, Any] = {}
        if self.input_serializer_class is not None:
            serializer = self.input_serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        with moderation_errors():
            self.decide(post, request.user, data)  # type: ignore[arg-type]
        post = Post.objects.select_related("topic__article", "author", "moderated_by").get(pk=pk)
        return Response(ModeratedPostOutputSerializer(post, context={"request": request}).data)


def _decision_schema(summary: str, request: type[serializers.Serializer[Any]] | None) -> Any:
    return extend_schema(
        tags=_TAGS,
        summary=summary,
        request=request,
        responses={
            200: ModeratedPostOutputSerializer,
            400: _INVALID,
            403: _STAFF_ONLY,
            404: _NOT_FOUND,
            409: _CONFLICT,
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


# Readers' reports


class PostReportCreateApi(APIView):
    """Report a post to the moderators, once. Enough reports from different readers hide it
    until a moderator has looked."""

    permission_classes = [AllowAny]  # report_create refuses, saying why

    @extend_schema(
        request=ReportCreateInputSerializer,
        parameters=[
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[status.HTTP_429_TOO_MANY_REQUESTS],
                description="Seconds until the next report may go.",
            )
        ],
        responses={
            201: ReportOutputSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Already reported by the viewer, already with the moderators, or "
                'a bad reason ("other" needs `text`).',
            ),
            403: OpenApiResponse(
                ErrorOutputSerializer,
                description="Not logged in, address unverified, suspended, banned, or the "
                "viewer's own post.",
            ),
            404: OpenApiResponse(
                ErrorOutputSerializer, description="No such post, or not one the viewer sees."
            ),
            429: OpenApiResponse(
                ErrorOutputSerializer,
                description="Over FORUM_REPORTS_PER_HOUR reports: try again after Retry-After.",
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        serializer = ReportCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, DjangoValidationError, RateLimited):
            report = report_create(
                post=post,
                reporter=request.user,  # type: ignore[arg-type]
                **serializer.validated_data,
            )
        return Response(ReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(deprecated=True, description="Deprecated: use `/api/v1/posts/{id}/reports/`.")
class PostReportCreateDeprecatedApi(PostReportCreateApi):
    """The same as PostReportCreateApi at its old path, /api/v1/posts/<id>/flags/."""


# The log


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
        tags=_TAGS,
        parameters=[ModerationLogQueryInputSerializer],
        responses={
            200: ModerationLogEntryOutputSerializer(many=True),
            400: _INVALID,
            403: _STAFF_ONLY,
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
