"""Watching and muting topics: who hears of every new post in a discussion, and who of none."""

from __future__ import annotations

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Topic
from forum.discussions.permissions import check_can_watch_topic
from forum.notifications.models import TopicSubscription


def topic_watch(*, user: User, topic_id: int, level: TopicSubscription.Level) -> None:
    """Watch or mute a topic. Raises PermissionDenied where watching is refused (a discussion
    the public cannot see: forum.discussions.permissions.topic_watch_refusal)."""
    topic = Topic.objects.select_related("article", "opening_post").get(pk=topic_id)
    check_can_watch_topic(Viewer.of(user), topic)
    TopicSubscription.objects.update_or_create(
        user=user, topic_id=topic_id, defaults={"level": level}
    )


def topic_unwatch(*, user: User, topic_id: int) -> None:
    """Neither watch nor mute the topic: replies and mentions still reach the user, and posting
    there again watches it."""
    TopicSubscription.objects.filter(user=user, topic_id=topic_id).delete()


def topic_watch_on_post(*, user: User, topic_id: int) -> None:
    """Posting in a topic watches it, unless the user muted it: one INSERT that leaves a row
    already there (watching or muted) as it is."""
    watching = TopicSubscription.Level.WATCHING
    TopicSubscription.objects.bulk_create(
        [TopicSubscription(user=user, topic_id=topic_id, level=watching)], ignore_conflicts=True
    )
