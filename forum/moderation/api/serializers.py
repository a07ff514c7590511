"""What the moderation API reads and answers. Input serializers check shape only: the services
decide what is allowed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import Truncator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from config.web.api_input import QueryOffsetField, StrictCharField, StrictIntegerField
from forum.discussions.models import HoldCode, Position, Post, Topic
from forum.moderation.api.card_serializers import (
    CardArticleOutputSerializer,
    HoldReasonOutputSerializer,
)
from forum.moderation.cards import ModerationItem
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.selectors import QUEUE_COUNT_CAP, Queue, QueueSummary
from forum.moderation.services.decisions import REJECTION_REASONS

EXCERPT_LENGTH = 140


class Order:
    OLDEST = "oldest"
    NEWEST = "newest"
    CHOICES = (OLDEST, NEWEST)


def _absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    url: str = serializer.context["request"].build_absolute_uri(path)
    return url


def _handle_user(handle: str) -> User:
    user = User.objects.filter(username__iexact=handle.strip().lstrip("@")).first()
    if user is None:
        raise serializers.ValidationError("No one has that handle.")
    return user


# The queues


class ModerationQueueQueryInputSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(
        choices=Queue.CHOICES,
        default=Queue.PENDING,
        help_text="pending: held by a rule; reported: with open reports from readers (hidden "
        "by them or not); history: decided by a moderator.",
    )
    order = serializers.ChoiceField(
        choices=Order.CHOICES,
        required=False,
        help_text="Defaults to oldest first, except history: newest first.",
    )
    offset = QueryOffsetField(default=0)


class ModerationTopicOutputSerializer(serializers.Serializer[Topic]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Where the discussion is read.")
    is_closed = serializers.BooleanField()

    def get_url(self, topic: Topic) -> str:
        return _absolute(self, topic.comments_url)


class ModerationParentOutputSerializer(serializers.Serializer[Post]):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.username", help_text="The author's handle.")
    status = serializers.ChoiceField(choices=Post.Status.choices)
    excerpt = serializers.SerializerMethodField(help_text="The start of its Markdown source.")

    def get_excerpt(self, post: Post) -> str:
        return Truncator(" ".join(post.body.split())).chars(EXCERPT_LENGTH)


class ModerationQueuePostOutputSerializer(serializers.Serializer[Post]):
    id = serializers.IntegerField()
    body = serializers.CharField(help_text="The Markdown source.")
    body_html = serializers.CharField(help_text="Sanitised HTML.")
    status = serializers.ChoiceField(choices=Post.Status.choices)
    held_code = serializers.ChoiceField(
        choices=HoldCode.choices,
        allow_blank=True,
        help_text='Which rule, or readers\' reports, held it: what to decide by. "" if none.',
    )
    held_reason = serializers.CharField(help_text="Why, in words, for moderators.")
    held_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    permalink = serializers.SerializerMethodField()
    topic = ModerationTopicOutputSerializer()
    parent = ModerationParentOutputSerializer(
        allow_null=True, help_text="The post it sits under; null for a top-level post."
    )
    open_report_count = serializers.IntegerField()
    reported_at = serializers.DateTimeField(
        allow_null=True, help_text="When the oldest open report was made."
    )
    is_featured = serializers.BooleanField()
    moderation_reason = serializers.CharField(help_text="What its author was told.")
    moderated_at = serializers.DateTimeField(allow_null=True)
    moderated_by = serializers.CharField(
        source="moderated_by.username", allow_null=True, help_text="The moderator's handle."
    )

    def get_permalink(self, post: Post) -> str:
        return _absolute(self, post.get_absolute_url())


class ModerationAuthorOutputSerializer(serializers.Serializer[ModerationItem]):
    handle = serializers.CharField(source="post.author.username")
    display_name = serializers.CharField(source="post.author.public_name")
    account_age_days = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    joined_at = serializers.DateTimeField(source="post.author.date_joined")
    approved = serializers.IntegerField(
        source="author_record.approved", help_text="Their visible posts."
    )
    refused = serializers.IntegerField(
        source="author_record.refused", help_text="Their rejected or removed posts."
    )
    rejected = serializers.IntegerField(source="author_record.rejected")
    removed = serializers.IntegerField(source="author_record.removed")
    reports_upheld = serializers.IntegerField(
        source="author_record.reports_upheld",
        help_text="Readers' reports of their posts that moderators upheld.",
    )
    trust_level = serializers.IntegerField(
        source="trust",
        help_text="0 new, 1 basic, 2 member, 3 trusted: what they may do unreviewed and how much "
        "their reports weigh.",
    )
    trust_level_name = serializers.CharField(source="trust.label")

    def get_account_age_days(self, item: ModerationItem) -> int:
        return (timezone.now() - item.post.author.date_joined).days

    @extend_schema_field(serializers.ChoiceField(choices=User.State.choices))
    def get_state(self, item: ModerationItem) -> str:
        """In force now: a suspension that has run out reads as active."""
        return str(item.post.author.effective_state)


class ModerationReportOutputSerializer(serializers.Serializer[Report]):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=Report.Status.choices)
    reporter = serializers.CharField(source="reporter.username", help_text="Their handle.")
    created_at = serializers.DateTimeField()


class ModerationItemOutputSerializer(serializers.Serializer[ModerationItem]):
    """A moderation card: the post with its whole context (forum/moderation/cards.py)."""

    post = ModerationQueuePostOutputSerializer()
    author = ModerationAuthorOutputSerializer(source="*")
    reports = ModerationReportOutputSerializer(many=True, help_text="Oldest first, open or not.")
    hold_reasons = HoldReasonOutputSerializer(
        many=True,
        help_text="Every reason it was held, with the parts of its text that triggered each; "
        "empty for a post on show.",
    )
    answers = ModerationParentOutputSerializer(
        allow_null=True,
        help_text="The post it answers: for a reply past the depth limit, not the one it sits "
        "under.",
    )
    thread = ModerationParentOutputSerializer(
        many=True, help_text="The posts above the one it answers, from the top of the thread."
    )
    article = serializers.SerializerMethodField()
    tickers = serializers.ListField(
        source="post.tickers",
        child=serializers.CharField(),
        help_text='The tickers and companies its text names, as symbols: ["MP", "LYC.AX"].',
    )
    disclosure = serializers.DictField(
        source="post.disclosure",
        child=serializers.ChoiceField(choices=Position.choices),
        help_text='The author\'s disclosed positions in them: {"MP": "long"}; {} for none.',
    )

    @extend_schema_field(CardArticleOutputSerializer(allow_null=True))
    def get_article(self, item: ModerationItem) -> dict[str, Any] | None:
        """The article it is under, with its highlights and disclaimer; null in a forum topic."""
        if item.post.topic.article is None:
            return None
        return CardArticleOutputSerializer(item, context=self.context).data


class QueueSummaryOutputSerializer(serializers.Serializer[QueueSummary]):
    count = serializers.IntegerField(
        help_text=f"Exact up to {QUEUE_COUNT_CAP:,}; past it, {QUEUE_COUNT_CAP + 1:,} "
        "(a long queue is not counted to its end)."
    )
    more_than_cap = serializers.BooleanField(
        help_text=f"Whether more than {QUEUE_COUNT_CAP:,} items wait."
    )
    oldest_at = serializers.DateTimeField(source="oldest", allow_null=True)
    oldest_age_seconds = serializers.SerializerMethodField(
        help_text="How long the oldest item has waited; null when the queue is empty."
    )

    def get_oldest_age_seconds(self, summary: QueueSummary) -> int | None:
        if summary.oldest is None:
            return None
        return int((timezone.now() - summary.oldest).total_seconds())


class QueueSummariesOutputSerializer(serializers.Serializer[dict[str, QueueSummary]]):
    pending = QueueSummaryOutputSerializer()
    reported = QueueSummaryOutputSerializer()


class ModerationQueueOutputSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(choices=Queue.CHOICES)
    order = serializers.ChoiceField(choices=Order.CHOICES)
    summary = QueueSummariesOutputSerializer(help_text="What waits in the queues to decide on.")
    next = serializers.URLField(allow_null=True, help_text="The next page, if any.")
    results = ModerationItemOutputSerializer(many=True)


# Decisions


class PostRefusalInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(
        choices=list(REJECTION_REASONS.items()), help_text="Its label is what the author sees."
    )
    text = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="The moderator's own words, shown to the author after the reason.",
    )


class AuthorSuspendInputSerializer(serializers.Serializer[dict[str, Any]]):
    days = StrictIntegerField(min_value=1, max_value=3650)
    reason = StrictCharField(
        allow_blank=True, max_length=1000, help_text="The account holder is told it."
    )


class AuthorBanInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(
        allow_blank=True, max_length=1000, help_text="The account holder is told it."
    )


class TopicCloseInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="For the log."
    )


class ModeratedAuthorOutputSerializer(serializers.Serializer[User]):
    handle = serializers.CharField(source="username")
    state = serializers.SerializerMethodField()
    suspended_until = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=User.State.choices))
    def get_state(self, user: User) -> str:
        return str(user.effective_state)


class ModeratedPostOutputSerializer(serializers.Serializer[Post]):
    """A post as a decision left it, with its topic and author."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    held_code = serializers.ChoiceField(choices=HoldCode.choices, allow_blank=True)
    held_reason = serializers.CharField()
    moderation_reason = serializers.CharField(help_text="What its author is told.")
    moderated_at = serializers.DateTimeField(allow_null=True)
    moderated_by = serializers.CharField(source="moderated_by.username", allow_null=True)
    is_featured = serializers.BooleanField()
    open_report_count = serializers.IntegerField()
    permalink = serializers.SerializerMethodField()
    topic = ModerationTopicOutputSerializer()
    author = ModeratedAuthorOutputSerializer()

    def get_permalink(self, post: Post) -> str:
        return _absolute(self, post.get_absolute_url())


# Readers' reports


class ReportCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    text = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text='What is wrong with it; required when the reason is "other".',
    )


class ReportOutputSerializer(serializers.Serializer[Report]):
    id = serializers.IntegerField()
    post = serializers.IntegerField(source="post_id")
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    post_status = serializers.ChoiceField(
        source="post.status",
        choices=Post.Status.choices,
        help_text='"pending" when this report was the one that hid the post for review.',
    )


# The log


class ModerationLogQueryInputSerializer(serializers.Serializer[dict[str, Any]]):
    action = serializers.ChoiceField(choices=ModerationLogEntry.Action.choices, required=False)
    actor = StrictCharField(required=False, help_text="The handle of who acted.")
    subject = StrictCharField(
        required=False,
        source="subject_user",
        help_text="The handle of the account acted on, or of the post's author.",
    )
    since = serializers.DateTimeField(required=False, help_text="From this time on.")
    until = serializers.DateTimeField(required=False, help_text="Before this time.")

    def validate_actor(self, value: str) -> User:
        return _handle_user(value)

    def validate_subject(self, value: str) -> User:
        return _handle_user(value)


class ModerationLogTopicOutputSerializer(serializers.Serializer[Topic]):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ModerationLogEntryOutputSerializer(serializers.Serializer[ModerationLogEntry]):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=ModerationLogEntry.Action.choices)
    action_label = serializers.CharField(source="get_action_display")
    actor = serializers.CharField(
        source="actor.username", allow_null=True, help_text="Null when a rule acted."
    )
    subject = serializers.CharField(source="subject_user.username", allow_null=True)
    post = serializers.IntegerField(source="post_id", allow_null=True)
    post_permalink = serializers.SerializerMethodField()
    topic = ModerationLogTopicOutputSerializer(allow_null=True)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    held_code = serializers.ChoiceField(
        choices=HoldCode.choices, allow_blank=True, help_text='A "hold": which rule held it.'
    )
    body_before = serializers.CharField(help_text='An "edit": the text before it, else "".')
    body_after = serializers.CharField(help_text='An "edit": the text it left, else "".')
    created_at = serializers.DateTimeField()

    def get_post_permalink(self, entry: ModerationLogEntry) -> str | None:
        post = entry.post  # None, without a query, where the entry names no post
        if post is None:
            return None
        return _absolute(self, post.get_absolute_url())
