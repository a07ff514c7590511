"""Mailing notifications: the mail itself, sending once, retrying a failing mail server, the
daily digest, and unsubscribing with the link every mail carries."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from smtplib import SMTPException
from typing import Any, ClassVar

import pytest
from django.core import mail, signing
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from pytest_django import Settings

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from accounts.selectors import notification_preferences_for
from accounts.viewer import Viewer
from forum.discussions.models import Post, Topic
from forum.moderation.services.account_states import user_ban
from forum.moderation.services.decisions import post_remove
from forum.notifications.messages import DIGEST, unsubscribe_token
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.services.fanout import notification_event_fan_out
from forum.notifications.services.inbox import notifications_mark_read
from forum.notifications.services.mail import (
    notification_email_send,
    notifications_digest_send,
)
from forum.notifications.services.subscriptions import topic_watch
from forum.notifications.tasks import notification_email_send_task
from tests.factories import ModeratorFactory, ReaderFactory, UserFactory, comment

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
SITE_URL = "https://rare-earth.example"


@pytest.fixture(autouse=True)
def _eager_with_site_url(eager_tasks: None, settings: Settings) -> None:
    """Every test here runs the notification tasks as they are queued; links name SITE_URL."""
    settings.SITE_URL = SITE_URL


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Capture) -> Callable[[], Any]:
    """`with committed():` runs what the block queues for after commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def alice(db: None) -> User:
    return ReaderFactory(username="alice")


@pytest.fixture
def bob(db: None) -> User:
    return ReaderFactory(username="bob")


@pytest.fixture
def parent(topic: Topic, alice: User) -> Post:
    return comment(topic, author=alice, body="Neodymium prices will fall.")


@pytest.fixture
def pending(topic: Topic, parent: Post, bob: User) -> Notification:
    """Alice's notification of Bob's reply, fanned out, its mail not yet sent."""
    reply = comment(topic, author=bob, body="They will not.", reply_to=parent)
    notification_event_fan_out(event_id=NotificationEvent.objects.get(post=reply).pk)
    notification = Notification.objects.get(post=reply)
    assert notification.email_status == Notification.EmailStatus.PENDING
    return notification


def unsubscribe_path(message: EmailMessage) -> str:
    """The path of the one-click link in the List-Unsubscribe header."""
    url = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url.startswith(f"{SITE_URL}/notifications/unsubscribe/")
    return url.removeprefix(SITE_URL)


# The mail


def test_notification_email_says_what_happened_and_links_to_the_comment(
    committed: Callable[[], Any], topic: Topic, parent: Post, alice: User, bob: User
) -> None:
    with committed():
        reply = comment(topic, author=bob, body="They *will* not.", reply_to=parent)

    [message] = mail.outbox
    link = f"{SITE_URL}/forum/p/{reply.pk}/"
    assert message.to == [alice.email]
    assert (
        message.subject == f"[Rare Earth Exchanges] bob replied to your comment in “{topic.title}”."
    )
    assert link in message.body
    assert "They *will* not." in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "<em>will</em>" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in message.body
    assert Notification.objects.get(recipient=alice).email_status == "sent"


def test_notification_email_subject_is_one_line_whatever_the_name_holds(
    committed: Callable[[], Any], topic: Topic, parent: Post, bob: User
) -> None:
    """A line break in a display name would make the subject a header Django refuses to send."""
    bob.display_name = "Bob\nBcc: everyone@example.com"
    bob.save(update_fields=["display_name"])

    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)

    [message] = mail.outbox
    assert message.subject.startswith("[Rare Earth Exchanges] Bob Bcc: everyone@example.com ")
    assert "\n" not in message.subject


def test_moderation_outcome_email_gives_the_reason(
    committed: Callable[[], Any], parent: Post, alice: User
) -> None:
    with committed():
        post_remove(post=parent, moderator=ModeratorFactory(), reason="Personal information")

    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "was removed. Reason: Personal information" in message.body


def test_notification_email_send_twice_sends_once(pending: Notification) -> None:
    assert notification_email_send(notification_id=pending.pk) == "sent"
    assert notification_email_send(notification_id=pending.pk) is None

    assert len(mail.outbox) == 1
    pending.refresh_from_db()
    assert (pending.email_status, pending.email_attempts) == ("sent", 1)
    assert pending.emailed_at is not None


def test_notification_email_after_the_post_was_removed_is_skipped(
    pending: Notification,
) -> None:
    post_remove(post=pending.post, moderator=ModeratorFactory(), reason="Rude.")

    assert notification_email_send(notification_id=pending.pk) == "skipped"

    assert mail.outbox == []


def test_notification_email_to_a_user_banned_since_is_skipped(
    pending: Notification, alice: User
) -> None:
    user_ban(user=alice, by=ModeratorFactory(), reason="Spam.")

    assert notification_email_send(notification_id=pending.pk) == "skipped"

    assert mail.outbox == []


def test_notification_email_already_read_in_the_site_is_skipped(
    pending: Notification, alice: User
) -> None:
    notifications_mark_read(user=alice, ids=[pending.pk])

    assert notification_email_send(notification_id=pending.pk) == "skipped"

    assert mail.outbox == []


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    attempts: ClassVar[int] = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        FailingEmailBackend.attempts += 1
        raise SMTPException("421 Service not available")


def test_notification_email_send_retries_a_failing_mail_server_then_records_the_failure(
    settings: Settings, pending: Notification
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    # As in a worker, a task's exception stays with the task: here each retry runs at once.
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    FailingEmailBackend.attempts = 0

    result = notification_email_send_task.delay(pending.pk)

    assert result.get() == "failed"
    assert FailingEmailBackend.attempts == settings.NOTIFICATIONS_EMAIL_MAX_RETRIES + 1
    pending.refresh_from_db()
    assert pending.email_status == "failed"
    assert "421 Service not available" in pending.email_error


def test_failing_mail_server_does_not_fail_the_reply_when_tasks_run_eagerly(
    committed: Callable[[], Any],
    settings: Settings,
    client: Client,
    topic: Topic,
    parent: Post,
    alice: User,
    bob: User,
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    client.force_login(bob)

    with committed():  # the request's commit: the tasks it queued run, in the request
        response = client.post(
            f"/api/v1/articles/{topic.article.slug}/comments/",
            {"body": "They will not.", "parent": parent.pk},
            content_type="application/json",
        )

    assert response.status_code == 201
    assert Notification.objects.get(recipient=alice).email_status == "failed"


# The daily digest


@pytest.fixture
def digest_reader(alice: User) -> User:
    """Alice, who gets replies in the daily digest."""
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.REPLY, delivery=Delivery.DIGEST
    )
    return alice


@pytest.fixture
def reply_to_digest_reader(
    topic: Topic, parent: Post, digest_reader: User, bob: User
) -> Callable[[], Post]:
    """Bob replies to Alice, and the reply is fanned out."""

    def reply() -> Post:
        post = comment(topic, author=bob, reply_to=parent)
        notification_event_fan_out(event_id=NotificationEvent.objects.get(post=post).pk)
        return post

    return reply


def test_digest_gathers_the_day_into_one_mail_per_person(
    topic: Topic, digest_reader: User, reply_to_digest_reader: Callable[[], Post]
) -> None:
    watcher = ReaderFactory()
    topic_watch(user=watcher, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)
    replies = [reply_to_digest_reader() for _ in range(3)]

    assert notifications_digest_send() == 2

    mails = {message.to[0]: message for message in mail.outbox}
    assert set(mails) == {digest_reader.email, watcher.email}
    message = mails[digest_reader.email]
    assert message.subject == "[Rare Earth Exchanges] Your daily digest: 3 updates"
    [(html, _)] = message.alternatives
    for reply in replies:
        assert f"{SITE_URL}/forum/p/{reply.pk}/" in message.body
        assert f"{SITE_URL}/forum/p/{reply.pk}/" in html
    assert unsubscribe_path(message) in message.body
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_digest_leaves_out_what_was_read_in_the_site(
    digest_reader: User, reply_to_digest_reader: Callable[[], Post]
) -> None:
    read, unread = reply_to_digest_reader(), reply_to_digest_reader()
    notifications_mark_read(user=digest_reader, ids=[read.notifications.get().pk])

    notifications_digest_send()

    [message] = mail.outbox
    assert f"/forum/p/{unread.pk}/" in message.body
    assert f"/forum/p/{read.pk}/" not in message.body


def test_digest_of_nothing_but_read_notifications_sends_nothing(
    digest_reader: User, reply_to_digest_reader: Callable[[], Post]
) -> None:
    reply_to_digest_reader()
    notifications_mark_read(user=digest_reader)

    assert notifications_digest_send() == 0

    assert mail.outbox == []


def test_digest_twice_sends_once_and_then_only_what_is_new(
    reply_to_digest_reader: Callable[[], Post],
) -> None:
    before = reply_to_digest_reader()
    notifications_digest_send()
    assert notifications_digest_send() == 0

    after = reply_to_digest_reader()
    notifications_digest_send()

    assert len(mail.outbox) == 2
    assert f"/forum/p/{before.pk}/" not in mail.outbox[1].body
    assert f"/forum/p/{after.pk}/" in mail.outbox[1].body


def test_digest_leaves_out_a_post_removed_since(
    reply_to_digest_reader: Callable[[], Post],
) -> None:
    removed, kept = reply_to_digest_reader(), reply_to_digest_reader()
    post_remove(post=removed, moderator=ModeratorFactory(), reason="Rude.")

    notifications_digest_send()

    [message] = mail.outbox
    assert f"/forum/p/{kept.pk}/" in message.body
    assert f"/forum/p/{removed.pk}/" not in message.body


# Unsubscribing


@pytest.fixture
def csrf_client() -> Client:
    """A client that, like a mail provider's one-click request, has no CSRF cookie."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def unsubscribe_link(committed: Callable[[], Any], topic: Topic, parent: Post, bob: User) -> str:
    """The path of the unsubscribe link in the mail telling Alice of Bob's reply."""
    with committed():
        comment(topic, author=bob, body="They will not.", reply_to=parent)
    [message] = mail.outbox
    return unsubscribe_path(message)


def test_unsubscribe_link_asks_before_changing_anything(
    csrf_client: Client, unsubscribe_link: str, alice: User
) -> None:
    response = csrf_client.get(unsubscribe_link)

    assert response.status_code == 200
    assert "Stop mail for Replies to my comments?" in response.text
    assert (
        notification_preferences_for(viewer=Viewer.of(alice))[NotificationKind.REPLY]
        == Delivery.EMAIL
    )


def test_unsubscribe_confirmed_keeps_the_kind_in_the_site_only(
    csrf_client: Client, unsubscribe_link: str, alice: User
) -> None:
    response = csrf_client.post(unsubscribe_link)

    assert response.status_code == 200
    assert "no more mail for Replies to my comments" in response.text
    preferences = notification_preferences_for(viewer=Viewer.of(alice))
    assert preferences[NotificationKind.REPLY] == Delivery.IN_APP
    assert preferences[NotificationKind.MENTION] == Delivery.EMAIL


def test_unsubscribe_one_click_post_from_a_mail_client_needs_no_csrf_token(
    csrf_client: Client, unsubscribe_link: str, alice: User
) -> None:
    response = csrf_client.post(
        unsubscribe_link,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert (
        notification_preferences_for(viewer=Viewer.of(alice))[NotificationKind.REPLY]
        == Delivery.IN_APP
    )


def test_unsubscribe_from_the_digest_moves_every_digest_kind_to_the_site_only(
    csrf_client: Client, alice: User
) -> None:
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.REPLY, delivery=Delivery.DIGEST
    )

    csrf_client.post(f"/notifications/unsubscribe/{unsubscribe_token(alice, DIGEST)}/")

    preferences = notification_preferences_for(viewer=Viewer.of(alice))
    assert preferences[NotificationKind.REPLY] == Delivery.IN_APP
    assert preferences[NotificationKind.WATCHED_TOPIC] == Delivery.IN_APP  # digest by default
    assert preferences[NotificationKind.MENTION] == Delivery.EMAIL


def test_unsubscribe_link_mailed_before_a_kind_was_renamed_still_unsubscribes(
    csrf_client: Client,
) -> None:
    moderator = ModeratorFactory()
    # What a mail about a reported post carried before "moderation_flagged" was renamed.
    token = signing.dumps(
        {"u": moderator.pk, "k": "moderation_flagged"},
        salt="forum.notifications.unsubscribe",
        compress=True,
    )

    response = csrf_client.post(f"/notifications/unsubscribe/{token}/")

    assert response.status_code == 200
    assert "Posts reaching the report threshold" in response.text
    preferences = notification_preferences_for(viewer=Viewer.of(moderator))
    assert preferences[NotificationKind.MODERATION_REPORTED] == Delivery.IN_APP


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_with_a_tampered_token_is_refused_and_changes_nothing(
    csrf_client: Client, alice: User, bob: User, method: str
) -> None:
    token = unsubscribe_token(alice, NotificationKind.REPLY)
    # Bob's id with Alice's signature: the signature no longer matches.
    forged = (
        unsubscribe_token(bob, NotificationKind.REPLY).split(":")[0] + token[token.index(":") :]
    )

    response = getattr(csrf_client, method)(f"/notifications/unsubscribe/{forged}/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.text
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_with_a_token_signed_for_another_purpose_is_refused(
    csrf_client: Client, alice: User
) -> None:
    other = signing.dumps({"u": alice.pk, "k": "reply"}, salt="something.else", compress=True)

    response = csrf_client.post(f"/notifications/unsubscribe/{other}/")

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_mention_of_an_account_whose_address_is_unverified_is_not_mailed(
    committed: Callable[[], Any], topic: Topic, bob: User
) -> None:
    UserFactory(username="victim", email="victim@example.com")

    with committed():
        comment(topic, author=bob, body="Hello @victim.")

    assert mail.outbox == []
