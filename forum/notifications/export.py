"""What the notifications hold about a person, in their data export (accounts.services.export):
the discussions they watch or mute, and what they were notified of. Registered in
NotificationsConfig.ready()."""

from __future__ import annotations

from accounts.models import User
from accounts.services.export import export_time
from forum.notifications.models import Notification, TopicSubscription


def topic_subscriptions_export(user: User) -> list[dict[str, object]]:
    """The discussions the user watches or mutes, oldest choice first."""
    subscriptions = (
        TopicSubscription.objects.filter(user=user)
        .select_related("topic")
        .order_by("created_at", "id")
    )
    return [
        {
            "topic": subscription.topic_id,
            "title": subscription.topic.title,
            "level": subscription.level,
            "created_at": export_time(subscription.created_at),
        }
        for subscription in subscriptions
    ]


def notifications_export(user: User) -> list[dict[str, object]]:
    """What the user was notified of, newest first: the kind, the post, how it was delivered
    and when it was read."""
    return [
        {
            "kind": notification.kind,
            "post": notification.post_id,
            "delivery": notification.delivery,
            "created_at": export_time(notification.created_at),
            "read_at": export_time(notification.read_at),
            "emailed_at": export_time(notification.emailed_at),
        }
        for notification in Notification.objects.filter(recipient=user).order_by(
            "-created_at", "-id"
        )
    ]
