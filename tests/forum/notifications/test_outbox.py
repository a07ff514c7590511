"""The outbox: what happened is written with it, so a broker that is down loses nothing and the
periodic sweep delivers it later, once; and the moderators' batched alerts and reminders."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import grimp
import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from forum.discussions.models import Post, Topic
from forum.moderation.services.alerts import moderation_queue_alert, moderation_reminders_send
from forum.notifications import outbox
from forum.notifications.events import event_record
from forum.notifications.messages import notification_text
from forum.notifications.models import Notification, NotificationEvent
from forum.notifications.services.fanout import notification_event_fan_out
from forum.notifications.tasks import (
    notification_email_send_task,
    notification_event_fan_out_task,
    notifications_sweep_task,
)
from tests.factories import ModeratorFactory, ReaderFactory, comment
from tests.forum.notifications.worker import broker_unreachable

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _eager(eager_tasks: None) -> None:
    """Every test here runs the notification tasks as they are queued."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Capture) -> Callable[[], Any]:
    """`with committed():` runs what the block queues for after commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def alice(db: None) -> User:
    return ReaderFactory(username="alice")


@pytest.fixture
def parent(topic: Topic, alice: User) -> Post:
    return comment(topic, author=alice, body="Neodymium prices will fall.")


def told(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# The path from a comment to its mail


def test_reply_reaches_the_mail_task_through_the_fan_out_task(
    committed: Callable[[], Any],
    monkeypatch: pytest.MonkeyPatch,
    topic: Topic,
    parent: Post,
    alice: User,
) -> None:
    """Each task is queued by the one before it, named by import: the reply's event for the
    fan-out task, the fan-out's notification for the mail task."""
    queued: list[tuple[object, tuple[int, ...]]] = []
    queue = outbox.task_queue

    def recorded(task: Any, *ids: int) -> None:
        queued.append((task, ids))
        queue(task, *ids)

    monkeypatch.setattr(outbox, "task_queue", recorded)

    with committed():
        reply = comment(topic, body="They will not.", reply_to=parent)

    event = NotificationEvent.objects.get(post=reply)
    notification = Notification.objects.get(event=event, recipient=alice)
    assert queued == [
        (notification_event_fan_out_task, (event.pk,)),
        (notification_email_send_task, (notification.pk,)),
    ]
    assert notification.email_status == "sent"
    assert [message.to for message in mail.outbox] == [[alice.email]]


def test_event_record_queues_nothing_when_its_transaction_rolls_back(
    committed: Callable[[], Any], monkeypatch: pytest.MonkeyPatch, parent: Post
) -> None:
    queued: list[object] = []
    monkeypatch.setattr(outbox, "task_queue", lambda task, *ids: queued.append(task))

    def edited_then_undone() -> None:
        with transaction.atomic():
            event_record(kind=NotificationEvent.Kind.POST_EDITED, post=parent)
            raise RuntimeError  # whatever made the event true is undone with it

    with committed(), pytest.raises(RuntimeError):
        edited_then_undone()

    assert queued == []
    assert not NotificationEvent.objects.filter(kind="post_edited").exists()


# Who imports whom


@pytest.fixture(scope="module")
def imports() -> grimp.ImportGraph:
    """Our packages' import graph, imports inside functions included."""
    return grimp.build_graph("forum", "accounts", "articles", "config")


def task_modules(graph: grimp.ImportGraph) -> list[str]:
    return sorted(module for module in graph.modules if module.rsplit(".", 1)[-1] == "tasks")


def test_outbox_imports_no_task(imports: grimp.ImportGraph) -> None:
    """Whoever queues a task imports it and hands it over; the outbox names none."""
    assert task_modules(imports)  # forum.notifications.tasks, forum.moderation.tasks, ...
    for tasks in task_modules(imports):
        chain = imports.find_shortest_chain(importer="forum.notifications.outbox", imported=tasks)
        assert chain is None, chain


def test_notification_services_import_no_task(imports: grimp.ImportGraph) -> None:
    """The services queue nothing: their tasks queue what comes next."""
    services = imports.find_children("forum.notifications.services")
    assert services
    for service, tasks in itertools.product(sorted(services), task_modules(imports)):
        chain = imports.find_shortest_chain(importer=service, imported=tasks)
        assert chain is None, chain


def test_notifications_modules_are_in_no_import_circle(imports: grimp.ImportGraph) -> None:
    notifications = sorted(imports.find_descendants("forum.notifications"))
    for module, other in itertools.combinations(notifications, 2):
        there = imports.find_shortest_chain(importer=module, imported=other)
        back = imports.find_shortest_chain(importer=other, imported=module)
        assert there is None or back is None, (there, back)
    for module in notifications:  # nor through another app's modules
        for imported in imports.find_modules_directly_imported_by(module):
            back = imports.find_shortest_chain(importer=imported, imported=module)
            assert back is None, (module, back)


# The broker down, and the sweep


def test_reply_made_while_the_broker_is_down_is_kept_and_the_sweep_delivers_it_once(
    committed: Callable[[], Any],
    caplog: pytest.LogCaptureFixture,
    settings: Settings,
    client: Client,
    topic: Topic,
    parent: Post,
    alice: User,
) -> None:
    client.force_login(ReaderFactory())

    with broker_unreachable(), committed(), caplog.at_level(logging.WARNING):
        response = client.post(
            f"/api/v1/articles/{topic.article.slug}/comments/",
            {"body": "They will not.", "parent": parent.pk},
            content_type="application/json",
        )

    assert response.status_code == 201
    event = NotificationEvent.objects.get(post=response.json()["id"])
    assert event.processed_at is None
    assert told(alice) == []
    assert (
        "Could not queue forum.notifications.tasks.notification_event_fan_out_task" in caplog.text
    )

    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    with committed():  # the broker is back (here: tasks run eagerly again)
        notifications_sweep_task()
    with committed():
        assert notifications_sweep_task() == {"events": 0, "mails": 0}

    assert told(alice) == [NotificationKind.REPLY]
    assert [message.to for message in mail.outbox] == [[alice.email]]
    event.refresh_from_db()
    assert event.processed_at is not None


def test_notifications_sweep_leaves_recent_events_to_the_task_already_queued(
    django_capture_on_commit_callbacks: Capture, topic: Topic, parent: Post, alice: User
) -> None:
    with django_capture_on_commit_callbacks():  # queued, not yet run
        comment(topic, body="@alice no.", reply_to=parent)

    assert notifications_sweep_task() == {"events": 0, "mails": 0}


def test_notifications_sweep_queues_again_a_mail_the_broker_never_got(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User
) -> None:
    reply = comment(topic, body="@alice no.", reply_to=parent)
    notification_event_fan_out(event_id=NotificationEvent.objects.get(post=reply).pk)
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    with committed():
        assert notifications_sweep_task()["mails"] == 1
    with committed():
        assert notifications_sweep_task()["mails"] == 0

    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert Notification.objects.get(recipient=alice).email_status == "sent"


# Moderators' alerts


@pytest.fixture
def premoderated(settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


def held(topic: Topic, count: int) -> list[Post]:
    """First posts of new readers, held for a moderator."""
    posts = [comment(topic) for _ in range(count)]
    assert all(post.status == Post.Status.PENDING for post in posts)
    return posts


def test_moderation_queue_alert_tells_the_moderators_of_new_held_posts_in_one_batch(
    committed: Callable[[], Any], premoderated: None, topic: Topic
) -> None:
    moderator = ModeratorFactory()
    held(topic, 3)

    with committed():
        assert moderation_queue_alert() == 3

    [notification] = Notification.objects.filter(recipient=moderator)
    assert notification.kind == NotificationKind.MODERATION_QUEUE
    assert notification_text(notification) == "3 new comments wait for moderation."
    assert mail.outbox == []  # the moderation queue comes in the daily digest by default


def test_moderation_queue_alert_with_nothing_new_held_records_nothing(
    committed: Callable[[], Any], premoderated: None, topic: Topic
) -> None:
    moderator = ModeratorFactory()
    held(topic, 2)
    with committed():
        moderation_queue_alert()

    with committed():
        assert moderation_queue_alert() == 0
    assert NotificationEvent.objects.filter(kind="queue_waiting").count() == 1

    held(topic, 1)
    with committed():
        assert moderation_queue_alert() == 1
    batches = NotificationEvent.objects.filter(kind="queue_waiting").order_by("pk")
    assert [event.count for event in batches] == [2, 1]
    assert told(moderator) == [NotificationKind.MODERATION_QUEUE] * 2


def test_moderation_reminder_once_per_post_waiting_over_a_day(
    committed: Callable[[], Any], premoderated: None, topic: Topic
) -> None:
    moderator = ModeratorFactory()
    overdue, _recent = held(topic, 2)
    Post.objects.filter(pk=overdue.pk).update(held_at=timezone.now() - timedelta(hours=25))

    with committed():
        assert moderation_reminders_send() == 1
    with committed():
        assert moderation_reminders_send() == 0

    [reminder] = Notification.objects.filter(recipient=moderator)
    assert reminder.kind == NotificationKind.MODERATION_REMINDER
    assert reminder.post == overdue
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "has waited for moderation for over a day" in mail.outbox[0].subject


def test_moderation_queue_alert_tells_no_former_moderator_whatever_their_preference(
    committed: Callable[[], Any], premoderated: None, topic: Topic
) -> None:
    """A moderator who stepped down keeps their preference rows but hears no more of the
    queue."""
    moderator = ModeratorFactory()
    former_moderator = ReaderFactory()
    NotificationPreference.objects.create(
        user=former_moderator, kind=NotificationKind.MODERATION_QUEUE, delivery=Delivery.EMAIL
    )
    held(topic, 1)

    with committed():
        moderation_queue_alert()

    assert told(moderator) == [NotificationKind.MODERATION_QUEUE]
    assert told(former_moderator) == []
    assert mail.outbox == []


def test_moderation_alerts_reach_no_reader(
    committed: Callable[[], Any], premoderated: None, topic: Topic, alice: User
) -> None:
    [post] = held(topic, 1)
    Post.objects.filter(pk=post.pk).update(held_at=timezone.now() - timedelta(hours=25))

    with committed():
        moderation_queue_alert()
        moderation_reminders_send()

    assert told(alice) == []
    assert told(post.author) == []


def test_tasks_queued_from_one_thread_share_a_broker_connection_until_it_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, topic: Topic
) -> None:
    """Opening a connection for every task cost more than a comment's other writes; one that
    failed is not used again."""
    from config.celery import app

    opened: list[object] = []
    open_connection = app.connection_for_write

    def counted(**options: Any) -> Any:
        opened.append(connection := open_connection(**options))
        return connection

    monkeypatch.setattr(app, "connection_for_write", counted)
    outbox._broker_connection_drop()

    first = outbox._broker_connection()
    assert outbox._broker_connection() is first
    assert opened == [first]
    with broker_unreachable(), caplog.at_level(logging.WARNING):
        outbox.task_queue(notifications_sweep_task)  # a new URL, a new connection: it fails
        failed = opened[1]
        assert "Could not queue forum.notifications.tasks.notifications_sweep_task" in caplog.text
        assert outbox._broker_connection() is not failed
