"""Who hears of what: each rule of the fan-out from the outbox to notifications, through the
services as posting and moderating call them, the tasks run after commit (eagerly)."""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from accounts.services.deletion import account_delete
from articles.services import article_unpublish
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_delete
from forum.discussions.services.topics import topic_create
from forum.moderation.services.account_states import user_ban
from forum.moderation.services.decisions import post_approve, post_reject, post_remove
from forum.moderation.services.reports import report_create
from forum.notifications.messages import notification_text
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.services.fanout import BULK_BATCH, notification_event_fan_out
from forum.notifications.services.mail import notifications_digest_send
from forum.notifications.services.subscriptions import topic_watch
from tests.factories import CategoryFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _eager(eager_tasks: None) -> None:
    """Every test here runs the notification tasks as they are queued."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Capture) -> Callable[[], Any]:
    """`with committed():` runs what the block queues for after commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def told(user: User) -> list[str]:
    """The kinds of the notifications the user has, oldest first."""
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


def prefer(user: User, kind: NotificationKind, delivery: Delivery) -> None:
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


@pytest.fixture
def alice(db: None) -> User:
    return ReaderFactory(username="alice")


@pytest.fixture
def bob(db: None) -> User:
    return ReaderFactory(username="bob")


@pytest.fixture
def parent(topic: Topic, alice: User) -> Post:
    """Alice's comment, posted before the test (its own event is never fanned out)."""
    return comment(topic, author=alice, body="Neodymium prices will fall.")


# The rules, one by one


def test_reply_notifies_the_parent_author(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    with committed():
        reply = comment(topic, author=bob, body="They will not.", reply_to=parent)

    [notification] = Notification.objects.filter(recipient=alice)
    assert notification.kind == NotificationKind.REPLY
    assert notification.post == reply
    assert notification.actor == bob
    assert notification_text(notification) == f"bob replied to your comment in “{topic.title}”."


def test_mention_notifies_the_mentioned_user(
    committed: Callable[[], Any], topic: Topic, alice: User, bob: User
) -> None:
    with committed():
        comment(topic, author=bob, body="What do you think, @Alice?")

    assert told(alice) == [NotificationKind.MENTION]


def test_new_post_notifies_the_topic_watchers(
    committed: Callable[[], Any], topic: Topic, alice: User, bob: User
) -> None:
    topic_watch(user=alice, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)

    with committed():
        comment(topic, author=bob, body="A new thought.")

    assert told(alice) == [NotificationKind.WATCHED_TOPIC]


def test_posting_watches_the_topic(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    assert TopicSubscription.objects.get(user=alice, topic=topic).level == "watching"

    with committed():
        comment(topic, author=bob, body="A new thread, not a reply.")

    assert told(alice) == [NotificationKind.WATCHED_TOPIC]


def test_posting_leaves_a_muted_topic_muted(topic: Topic, alice: User) -> None:
    topic_watch(user=alice, topic_id=topic.pk, level=TopicSubscription.Level.MUTED)

    comment(topic, author=alice)

    assert TopicSubscription.objects.get(user=alice, topic=topic).level == "muted"


def test_muted_topic_notifies_nothing_not_even_replies_or_mentions(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    topic_watch(user=alice, topic_id=topic.pk, level=TopicSubscription.Level.MUTED)

    with committed():
        comment(topic, author=bob, body="@alice no.", reply_to=parent)
        comment(topic, author=ReaderFactory(), body="Another thread, @alice.")

    assert told(alice) == []


def test_one_event_reaches_a_person_once_as_a_reply_when_several_rules_match(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    """Alice watches the topic (she posted in it), is replied to and mentioned."""
    with committed():
        comment(topic, author=bob, body="@alice, they will not.", reply_to=parent)

    assert told(alice) == [NotificationKind.REPLY]
    assert len(mail.outbox) == 1


def test_nobody_is_notified_of_their_own_post(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User
) -> None:
    with committed():
        comment(topic, author=alice, body="As I, @alice, said.", reply_to=parent)

    assert told(alice) == []


def test_banned_user_is_not_notified(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    user_ban(user=alice, by=ModeratorFactory(), reason="Spam.")

    with committed():
        comment(topic, author=bob, body="@alice, they will not.", reply_to=parent)

    assert told(alice) == []


def test_deleted_user_is_not_notified(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    account_delete(user=alice)

    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)

    assert told(alice) == []


def test_suspended_user_is_still_notified(
    committed: Callable[[], Any],
    topic: Topic,
    suspended_reader: User,
    bob: User,
) -> None:
    """Suspended readers may not post but still read, and hear of replies."""
    topic_watch(user=suspended_reader, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)

    with committed():
        comment(topic, author=bob)

    assert told(suspended_reader) == [NotificationKind.WATCHED_TOPIC]


def test_post_removed_before_the_fan_out_notifies_nobody(
    django_capture_on_commit_callbacks: Capture,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    with django_capture_on_commit_callbacks() as queued:
        reply = comment(topic, author=bob, body="@alice no.", reply_to=parent)
    post_remove(post=reply, moderator=ModeratorFactory(), reason="Rude.")

    for task in queued:  # the fan-out runs only now, as if the worker were slow
        task()

    assert told(alice) == []
    assert NotificationEvent.objects.get(post=reply, kind="post_published").processed_at


def test_post_deleted_before_the_fan_out_notifies_nobody(
    django_capture_on_commit_callbacks: Capture,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    with django_capture_on_commit_callbacks() as queued:
        reply = comment(topic, author=bob, body="@alice no.", reply_to=parent)
    post_delete(post=reply, by=bob)

    for task in queued:
        task()

    assert told(alice) == []


def test_post_under_an_unpublished_article_notifies_nobody(
    django_capture_on_commit_callbacks: Capture,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    with django_capture_on_commit_callbacks() as queued:
        comment(topic, author=bob, body="@alice no.", reply_to=parent)
    article_unpublish(article=topic.article)

    for task in queued:
        task()

    assert told(alice) == []


def test_post_in_a_forum_topic_notifies_like_an_article_comment(
    committed: Callable[[], Any], alice: User, bob: User
) -> None:
    """A forum topic has no article to be unpublished: its posts are public."""
    forum_topic = topic_create(
        category=CategoryFactory(), author=alice, title="Magnets", body="Who buys them?"
    )

    with committed():
        comment(forum_topic, author=bob)

    assert told(alice) == [NotificationKind.WATCHED_TOPIC]


# Held posts


@pytest.fixture
def held_reply(
    settings: Settings, committed: Callable[[], Any], topic: Topic, parent: Post, bob: User
) -> Post:
    """Bob's first post, held as first posts are: a reply to Alice mentioning Carol."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    with committed():
        reply = comment(topic, author=bob, body="@carol, Alice is wrong.", reply_to=parent)
    assert reply.status == Post.Status.PENDING
    return reply


@pytest.fixture
def carol(db: None) -> User:
    return ReaderFactory(username="carol")


@pytest.fixture
def dave(topic: Topic) -> User:
    dave = ReaderFactory(username="dave")
    topic_watch(user=dave, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)
    return dave


def test_held_post_notifies_nobody(
    carol: User, dave: User, alice: User, bob: User, held_reply: Post
) -> None:
    assert [told(user) for user in (alice, bob, carol, dave)] == [[], [], [], []]
    assert not NotificationEvent.objects.filter(post=held_reply).exists()


def test_approval_notifies_the_author_and_then_the_reply_mention_and_watchers(
    committed: Callable[[], Any],
    carol: User,
    dave: User,
    alice: User,
    bob: User,
    held_reply: Post,
) -> None:
    with committed():
        post_approve(post=held_reply, moderator=ModeratorFactory())

    assert told(bob) == [NotificationKind.MODERATION_OUTCOME]
    assert told(alice) == [NotificationKind.REPLY]
    assert told(carol) == [NotificationKind.MENTION]
    assert told(dave) == [NotificationKind.WATCHED_TOPIC]
    [outcome] = Notification.objects.filter(recipient=bob)
    assert "was approved and is now visible" in notification_text(outcome)


def test_rejection_notifies_the_author_with_the_reason_and_nobody_else(
    committed: Callable[[], Any],
    carol: User,
    dave: User,
    alice: User,
    bob: User,
    held_reply: Post,
) -> None:
    with committed():
        post_reject(post=held_reply, moderator=ModeratorFactory(), reason="Off-topic")

    [outcome] = Notification.objects.filter(recipient=bob)
    assert outcome.kind == NotificationKind.MODERATION_OUTCOME
    assert notification_text(outcome).endswith("was not approved. Reason: Off-topic")
    assert [told(user) for user in (alice, carol, dave)] == [[], [], []]
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_removal_notifies_the_author_with_the_reason(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User
) -> None:
    with committed():
        post_remove(post=parent, moderator=ModeratorFactory(), reason="Personal information")

    [outcome] = Notification.objects.filter(recipient=alice)
    assert outcome.kind == NotificationKind.MODERATION_OUTCOME
    assert notification_text(outcome).endswith("was removed. Reason: Personal information")


def test_post_hidden_by_reports_notifies_the_moderators_not_the_reporters(
    committed: Callable[[], Any], settings: Settings, parent: Post
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    moderator = ModeratorFactory()
    reporters = [ReaderFactory(), ReaderFactory()]

    with committed():
        for reporter in reporters:
            report_create(post=parent, reporter=reporter, reason="spam")

    assert told(moderator) == [NotificationKind.MODERATION_REPORTED]
    assert [told(reporter) for reporter in reporters] == [[], []]


# Preferences


@pytest.mark.parametrize(
    ("delivery", "notified", "mailed", "email_status"),
    [
        (Delivery.OFF, False, 0, None),
        (Delivery.IN_APP, True, 0, "none"),
        (Delivery.EMAIL, True, 1, "sent"),
        (Delivery.DIGEST, True, 0, "none"),  # mailed in the digest: the next test
    ],
)
def test_reply_follows_the_recipient_preference(
    committed: Callable[[], Any],
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
    delivery: Delivery,
    notified: bool,
    mailed: int,
    email_status: str | None,
) -> None:
    prefer(alice, NotificationKind.REPLY, delivery)

    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)

    notifications = list(Notification.objects.filter(recipient=alice))
    assert len(notifications) == int(notified)
    assert len(mail.outbox) == mailed
    if notified:
        assert notifications[0].delivery == delivery
        assert notifications[0].email_status == email_status


def test_digest_preference_mails_the_reply_in_the_daily_digest(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    prefer(alice, NotificationKind.REPLY, Delivery.DIGEST)
    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)
    assert mail.outbox == []

    assert notifications_digest_send() == 1

    [digest] = mail.outbox
    assert digest.to == [alice.email]
    assert "bob replied to your comment" in digest.body


def test_notification_event_fan_out_delivers_by_the_choice_else_the_default(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    prefer(alice, NotificationKind.REPLY, Delivery.DIGEST)

    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)
        comment(topic, author=ReaderFactory(), body="A new thread, @alice.")

    deliveries = Notification.objects.filter(recipient=alice).order_by("pk")
    assert list(deliveries.values_list("kind", "delivery")) == [
        (NotificationKind.REPLY, Delivery.DIGEST),
        (NotificationKind.MENTION, Delivery.EMAIL),
    ]


def test_preference_of_the_kind_told_under_decides_not_the_others(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    """Alice is told of a reply under the reply rule: her mention preference does not apply."""
    prefer(alice, NotificationKind.MENTION, Delivery.OFF)

    with committed():
        comment(topic, author=bob, body="@alice, they will not.", reply_to=parent)

    assert told(alice) == [NotificationKind.REPLY]


# Idempotency and volume


def test_notification_event_fan_out_twice_writes_nothing_more(
    django_capture_on_commit_callbacks: Capture,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    with django_capture_on_commit_callbacks():
        reply = comment(topic, author=bob, body="@alice no.", reply_to=parent)
    event = NotificationEvent.objects.get(post=reply)

    assert notification_event_fan_out(event_id=event.pk).written == 1
    assert notification_event_fan_out(event_id=event.pk).written == 0
    assert told(alice) == [NotificationKind.REPLY]


def test_notification_event_fan_out_rerun_after_a_crash_tells_nobody_twice(
    django_capture_on_commit_callbacks: Capture,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    """A run that wrote the notifications but died before marking the event done."""
    with django_capture_on_commit_callbacks():
        reply = comment(topic, author=bob, body="@alice no.", reply_to=parent)
    event = NotificationEvent.objects.get(post=reply)
    notification_event_fan_out(event_id=event.pk)
    NotificationEvent.objects.filter(pk=event.pk).update(processed_at=None)

    notification_event_fan_out(event_id=event.pk)

    assert told(alice) == [NotificationKind.REPLY]


def _insert_batches(rows: int) -> int:
    """How many INSERTs bulk_create needs for `rows` notifications on this database (SQLite
    allows fewer parameters per statement than PostgreSQL)."""
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    per_batch = min(BULK_BATCH, connection.ops.bulk_batch_size(fields, [None] * rows))
    return math.ceil(rows / per_batch)


def test_notification_event_fan_out_to_ten_thousand_watchers_takes_a_handful_of_queries(
    django_capture_on_commit_callbacks: Capture,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    topic: Topic,
    bob: User,
) -> None:
    watchers = User.objects.bulk_create(
        User(username=f"watcher{n}", email=f"watcher{n}@example.com", password="!")
        for n in range(10_000)
    )
    TopicSubscription.objects.bulk_create(
        TopicSubscription(user=user, topic=topic, level=TopicSubscription.Level.WATCHING)
        for user in watchers
    )
    with django_capture_on_commit_callbacks():
        post = comment(topic, author=bob)
    event = NotificationEvent.objects.get(post=post)

    # 10 INSERTs on PostgreSQL (1,000 rows each), so at most 25 queries there.
    with django_assert_max_num_queries(15 + _insert_batches(10_000)):
        written = notification_event_fan_out(event_id=event.pk).written

    assert written == 10_000
    assert Notification.objects.filter(event=event, kind="watched_topic").count() == 10_000
    assert not Notification.objects.filter(event=event, email_status="pending").exists()


def test_approval_of_a_post_hidden_by_reports_tells_nobody_twice(
    committed: Callable[[], Any],
    settings: Settings,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    """Reports hide Bob's reply, a moderator finds it fine: Alice was told of it already."""
    settings.FORUM_REPORT_THRESHOLD = 2
    with committed():
        reply = comment(topic, author=bob, body="They will not.", reply_to=parent)
    assert told(alice) == [NotificationKind.REPLY]
    with committed():
        for reporter in (ReaderFactory(), ReaderFactory()):
            report_create(post=reply, reporter=reporter, reason="spam")

    with committed():
        post_approve(post=reply, moderator=ModeratorFactory())

    assert told(alice) == [NotificationKind.REPLY]
    assert len([m for m in mail.outbox if m.to == [alice.email]]) == 1
