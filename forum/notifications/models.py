"""Telling people: what they watch, the outbox of things to tell, and what each was told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Delivery, NotificationKind
from articles.models import ArticleNote
from forum.discussions.models import Post, Topic


class TopicSubscription(models.Model):
    """Watching a topic (new posts are notified) or muting it (nothing from it is)."""

    class Level(models.TextChoices):
        WATCHING = "watching", "Watching"
        MUTED = "muted", "Muted"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_subscriptions"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forum_topicsubscription"  # made before the forum was split into apps
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="subscription_unique")
        ]
        indexes = [models.Index(fields=["topic", "level"], name="subscription_topic_level")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.topic_id}"


class NotificationEvent(models.Model):
    """The outbox: something worth telling people about, written in the same transaction as
    what happened. A task turns it into notifications; a periodic sweep retries any left."""

    class Kind(models.TextChoices):
        POST_PUBLISHED = "post_published", "A post became visible"
        POST_APPROVED = "post_approved", "A held post was approved"
        POST_REJECTED = "post_rejected", "A held post was rejected"
        POST_REMOVED = "post_removed", "A post was removed"
        POST_EDITED = "post_edited", "A moderator edited a post"
        POST_REPORTED = "post_reported", "A post reached the report threshold"
        QUEUE_WAITING = "queue_waiting", "New posts wait in the moderation queue"
        QUEUE_REMINDER = "queue_reminder", "A post has waited over a day"
        ARTICLE_CORRECTED = "article_corrected", "An article was corrected or updated"
        COORDINATED_PUSH = "coordinated_push", "A coordinated push began"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notification_events"
    )
    article_note = models.ForeignKey(
        ArticleNote,
        null=True,
        blank=True,
        on_delete=models.CASCADE,  # a note withdrawn takes its notices with it
        related_name="notification_events",
        help_text="The correction or update an article_corrected event tells of.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=1, help_text="Items a batched event stands for.")
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "forum_notificationevent"  # made before the forum was split into apps
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_unprocessed",
                condition=models.Q(processed_at__isnull=True),
            ),
            models.Index(fields=["kind", "-created_at"], name="event_kind_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(kind="queue_reminder"),
                name="event_one_reminder_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    """One thing told to one person, in the site and, by their preference, by email."""

    class EmailStatus(models.TextChoices):
        NONE = "none", "No email"
        PENDING = "pending", "To send"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent: no longer relevant"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        NotificationEvent, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "forum_notification"  # made before the forum was split into apps
        ordering = ["-created_at", "-id"]
        constraints = [
            # One event reaches one person once, however many rules match them.
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["created_at"],
                name="notification_email_pending",
                condition=models.Q(email_status="pending"),
            ),
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_digest_due",
                condition=models.Q(delivery="digest", digested_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
