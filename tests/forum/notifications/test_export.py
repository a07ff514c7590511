"""What the notifications add to a person's data export (forum/notifications/export.py)."""

from __future__ import annotations

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import User
from accounts.services.export import account_export, export_time
from articles.models import Article
from forum.discussions.models import Topic
from forum.notifications.models import Notification, TopicSubscription
from forum.notifications.services.subscriptions import topic_watch
from tests.factories import ArticleFactory, comment

pytestmark = pytest.mark.django_db


def test_account_export_holds_the_discussions_the_user_watches_or_mutes(
    topic: Topic, article: Article, reader: User
) -> None:
    muted = ArticleFactory(title="Lynas results").discussion
    topic_watch(user=reader, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)
    topic_watch(user=reader, topic_id=muted.pk, level=TopicSubscription.Level.MUTED)

    subscriptions = account_export(user=reader)["topic_subscriptions"]

    assert [(s["topic"], s["title"], s["level"]) for s in subscriptions] == [
        (topic.pk, topic.title, "watching"),
        (muted.pk, "Lynas results", "muted"),
    ]


@pytest.mark.usefixtures("eager_tasks")
def test_account_export_holds_what_the_user_was_notified_of(
    topic: Topic,
    reader: User,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    mine = comment(topic, author=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment(topic, author=reader, reply_to=mine)
    notification = Notification.objects.get(recipient=moderator)

    notifications = account_export(user=moderator)["notifications"]

    assert notifications == [
        {
            "kind": "reply",
            "post": reply.pk,
            "delivery": notification.delivery,
            "created_at": notification.created_at.isoformat(),
            "read_at": None,
            "emailed_at": export_time(notification.emailed_at),
        }
    ]
    assert account_export(user=reader)["notifications"] == []
