"""Notifications end to end with a real Celery worker: a subprocess consuming from Redis and
writing to this test's PostgreSQL database, its mail written to files. Each is told once,
whether the broker was down when the post was made or the worker died while sending."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Post
from forum.notifications.models import Notification, NotificationEvent
from forum.notifications.tasks import notifications_sweep_task
from tests.factories import ArticleFactory, ReaderFactory, comment
from tests.forum.notifications.worker import (
    Worker,
    broker_unreachable,
    mails_in,
    wait_until,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # The worker reads what this test commits. serialized_rollback: the flush after each test
    # empties the rows migrations made (roles, the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLOW_MAIL = "tests.forum.notifications.worker.SlowFileEmailBackend"


@pytest.fixture
def parent(empty_queue: None, db: None) -> Post:
    """A visible comment whose author is mailed replies at once (the default)."""
    return comment(ArticleFactory().discussion, body="Prices will fall.")


def reply_through_api(client: Client, parent: Post) -> int:
    """A reader replies to `parent` through the API; returns the status code."""
    replier: User = ReaderFactory()
    client.force_login(replier)
    article: Article = parent.topic.article
    response = client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        {"body": "They will not.", "parent": parent.pk},
        content_type="application/json",
    )
    return response.status_code


def sent_to(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, email_status="sent"))


def test_worker_mails_a_reply_once(
    start_worker: Callable[..., Worker], mail_folder: Path, client: Client, parent: Post
) -> None:
    worker = start_worker()

    assert reply_through_api(client, parent) == 201

    wait_until(lambda: len(mails_in(mail_folder)) >= 1, seconds=30, what="the reply is mailed")
    wait_until(worker.is_idle, seconds=30, what="the worker is done")
    notifications = list(Notification.objects.filter(recipient=parent.author))
    assert [(n.kind, n.email_status) for n in notifications] == [("reply", "sent")]
    [mail] = mails_in(mail_folder)
    assert f"To: {parent.author.email}" in mail.read_text()
    assert "replied to your comment" in mail.read_text()


def test_worker_mails_once_what_was_posted_while_the_broker_was_down(
    start_worker: Callable[..., Worker],
    mail_folder: Path,
    client: Client,
    parent: Post,
    settings: Settings,
) -> None:
    worker = start_worker()  # on the real Redis all along
    wait_until(worker.is_idle, seconds=30, what="the parent's own event is handled")

    with broker_unreachable():  # for this process only: the web side cannot queue
        assert reply_through_api(client, parent) == 201

    wait_until(worker.is_idle, seconds=30, what="the worker has nothing to do")
    reply_event = NotificationEvent.objects.get(post__reply_to=parent)
    assert reply_event.processed_at is None
    assert mails_in(mail_folder) == []
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    assert notifications_sweep_task() == {"events": 1, "mails": 0}
    wait_until(lambda: len(mails_in(mail_folder)) >= 1, seconds=30, what="the sweep's mail")
    wait_until(worker.is_idle, seconds=30, what="the worker is done")
    assert notifications_sweep_task() == {"events": 0, "mails": 0}
    assert len(mails_in(mail_folder)) == 1
    assert len(sent_to(parent.author)) == 1


def test_worker_killed_while_mailing_leaves_the_mail_to_the_next_worker_who_sends_it_once(
    start_worker: Callable[..., Worker], mail_folder: Path, client: Client, parent: Post
) -> None:
    slow = start_worker(TEST_EMAIL_BACKEND=SLOW_MAIL, TEST_EMAIL_DELAY_SECONDS="120")
    wait_until(slow.is_idle, seconds=30, what="the parent's own event is handled")

    assert reply_through_api(client, parent) == 201
    wait_until(lambda: any(mail_folder.glob("*.sending")), seconds=30, what="the mail begins to go")
    slow.kill()  # SIGKILL mid-send: the task is neither acknowledged nor marked sent
    notification = Notification.objects.get(recipient=parent.author)
    assert notification.email_status == "pending"
    assert mails_in(mail_folder) == []

    # Redis hands the unacknowledged task to the next worker after the visibility timeout.
    successor = start_worker(TEST_CELERY_VISIBILITY_TIMEOUT="2")
    wait_until(lambda: len(mails_in(mail_folder)) >= 1, seconds=60, what="redelivery")
    wait_until(successor.is_idle, seconds=30, what="the worker is done")
    assert len(mails_in(mail_folder)) == 1
    notification.refresh_from_db()
    assert notification.email_status == "sent"
    assert notification.email_attempts == 1  # the killed attempt was rolled back with its lock
