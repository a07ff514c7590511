"""The notifications API's shapes: a notification as its recipient reads it, and a topic's
subscription level."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import NotificationKind
from forum.notifications.messages import notification_path, notification_text
from forum.notifications.models import Notification, TopicSubscription
from forum.notifications.selectors import SUBSCRIPTION_NONE


class NotificationOutputSerializer(serializers.Serializer[Notification]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    text = serializers.SerializerMethodField(help_text="One sentence saying what happened.")
    url = serializers.SerializerMethodField(
        help_text="Where it leads: the exact comment, or the moderation queue (absolute)."
    )
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()

    def get_text(self, notification: Notification) -> str:
        return notification_text(notification)

    def get_url(self, notification: Notification) -> str:
        url: str = self.context["request"].build_absolute_uri(notification_path(notification))
        return url

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationReadAllOutputSerializer(serializers.Serializer[dict[str, Any]]):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")
    unread_count = serializers.IntegerField()


class TopicSubscriptionSerializer(serializers.Serializer[dict[str, Any]]):
    """In and out: the viewer's level for one topic."""

    level = serializers.ChoiceField(
        choices=[*TopicSubscription.Level.choices, (SUBSCRIPTION_NONE, "Neither")],
        help_text="`watching`: every new post is notified. `muted`: nothing from this topic "
        "is, not even replies or mentions. `none`: replies to you and mentions of you only.",
    )
