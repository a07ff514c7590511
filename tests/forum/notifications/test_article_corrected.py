"""An editor's correction or update reaches, once each, everyone who commented on the article or
watches its discussion: in the site, and by mail per their preference for the kind. Notes are
added through the real admin; the tasks run after commit, eagerly."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from articles.models import Article, ArticleNote
from articles.services import article_unpublish
from forum.discussions.models import Post, Topic
from forum.notifications.messages import notification_path, notification_text
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.services.fanout import notification_event_fan_out
from forum.notifications.services.mail import notification_email_send
from forum.notifications.services.subscriptions import topic_unwatch, topic_watch
from tests.articles.note_forms import NoteRow, article_change, minutes_ago
from tests.factories import ReaderFactory, VerifiedEditorFactory, comment, post_status_set

pytestmark = pytest.mark.django_db

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
CORRECTED = NotificationKind.ARTICLE_CORRECTED
SITE_URL = "https://rare-earth.example"


@pytest.fixture(autouse=True)
def _eager_with_site_url(eager_tasks: None, settings: Settings) -> None:
    settings.SITE_URL = SITE_URL


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Capture) -> Callable[[], Any]:
    """`with committed():` runs what the block queues for after commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def editor(db: None) -> User:
    return VerifiedEditorFactory()


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def reader(name: str) -> User:
    return ReaderFactory(username=name)


def told() -> Counter[str]:
    """How many article_corrected notifications each person has."""
    return Counter(
        Notification.objects.filter(kind=CORRECTED).values_list("recipient__username", flat=True)
    )


def mailed() -> Counter[str]:
    return Counter(address for message in mail.outbox for address in message.to)


def add_note(
    committed: Callable[[], Any], client: Client, article: Article, **row: Any
) -> ArticleNote:
    with committed():
        response = article_change(client, article, NoteRow(at=minutes_ago(1), **row))
    assert response.status_code == 302, response.context and response.context["errors"]
    return ArticleNote.objects.filter(article=article).latest("pk")


def test_correction_tells_each_commenter_and_watcher_once_in_the_site_and_by_mail(
    committed: Callable[[], Any], editor_client: Client, article: Article, topic: Topic
) -> None:
    alice, bob, carol = reader("alice"), reader("bob"), reader("carol")
    comment(topic, author=alice)
    comment(topic, author=alice)  # twice, and watching since: told once
    comment(topic, author=bob)
    topic_unwatch(user=bob, topic_id=topic.pk)  # a commenter who stopped watching
    topic_watch(user=carol, topic_id=topic.pk, level=TopicSubscription.Level.WATCHING)
    reader("dave")  # neither commented nor watches

    add_note(committed, editor_client, article, text="Capacity is 3,000 tonnes.")

    assert told() == {"alice": 1, "bob": 1, "carol": 1}
    assert mailed() == {alice.email: 1, bob.email: 1, carol.email: 1}
    message = next(m for m in mail.outbox if m.to == [alice.email])
    assert f"“{article.title}”, an article you discussed, was corrected." in message.subject
    assert "Correction: Capacity is 3,000 tonnes." in message.body
    note = ArticleNote.objects.get()
    assert f"{SITE_URL}{article.get_absolute_url()}#note-{note.pk}" in message.body
    assert note.readers_told_at is not None


def test_update_says_updated_and_leads_to_the_note(
    committed: Callable[[], Any], editor_client: Client, article: Article, topic: Topic
) -> None:
    alice = reader("alice")
    comment(topic, author=alice)

    note = add_note(committed, editor_client, article, kind=ArticleNote.Kind.UPDATE)

    notification = Notification.objects.get(recipient=alice)
    assert notification_text(notification) == (
        f"“{article.title}”, an article you discussed, was updated."
    )
    assert notification_path(notification) == f"{article.get_absolute_url()}#note-{note.pk}"
    alice_client = Client()
    alice_client.force_login(alice)
    inbox = alice_client.get(reverse("notifications:list")).content.decode()
    assert "an article you discussed, was updated." in inbox


def test_editor_is_not_told_of_their_own_note(
    committed: Callable[[], Any],
    editor: User,
    editor_client: Client,
    article: Article,
    topic: Topic,
) -> None:
    comment(topic, author=editor)
    comment(topic, author=reader("alice"))

    add_note(committed, editor_client, article)

    assert told() == {"alice": 1}
    assert editor.email not in mailed()


def test_those_who_muted_or_whose_comments_are_hidden_are_not_told(
    committed: Callable[[], Any], editor_client: Client, article: Article, topic: Topic
) -> None:
    muted, hidden = reader("muted"), reader("hidden")
    comment(topic, author=muted)
    topic_watch(user=muted, topic_id=topic.pk, level=TopicSubscription.Level.MUTED)
    post_status_set(post=comment(topic, author=hidden), status=Post.Status.REMOVED)
    topic_unwatch(user=hidden, topic_id=topic.pk)

    add_note(committed, editor_client, article)

    assert told() == {}
    assert mail.outbox == []


def test_do_not_notify_shows_the_note_and_tells_nobody(
    committed: Callable[[], Any], editor_client: Client, article: Article, topic: Topic
) -> None:
    comment(topic, author=reader("alice"))

    note = add_note(committed, editor_client, article, text="Typo fixed.", do_not_notify=True)

    assert not NotificationEvent.objects.filter(kind=NotificationEvent.Kind.ARTICLE_CORRECTED)
    assert told() == {}
    assert mail.outbox == []
    assert note.readers_told_at is None
    assert "Typo fixed." in Client().get(article.get_absolute_url()).content.decode()


def test_a_note_edited_later_is_not_told_again_and_one_held_back_is_told_when_released(
    committed: Callable[[], Any], editor_client: Client, article: Article, topic: Topic
) -> None:
    comment(topic, author=reader("alice"))
    told_note = add_note(committed, editor_client, article, text="First.")
    held_back = add_note(committed, editor_client, article, text="Typo.", do_not_notify=True)
    assert told() == {"alice": 1}

    rows = [
        NoteRow(id=told_note.pk, text="First, reworded.", at=told_note.at),
        NoteRow(id=held_back.pk, text="Not a typo after all.", at=held_back.at),
    ]
    with committed():
        assert article_change(editor_client, article, *rows).status_code == 302

    assert told() == {"alice": 2}
    events = NotificationEvent.objects.filter(kind=NotificationEvent.Kind.ARTICLE_CORRECTED)
    told_of = events.order_by("pk").values_list("article_note_id", flat=True)
    assert list(told_of) == [told_note.pk, held_back.pk]


@pytest.mark.parametrize(
    ("delivery", "in_site", "mails"),
    [
        (Delivery.EMAIL, 1, 1),
        (Delivery.IN_APP, 1, 0),
        (Delivery.DIGEST, 1, 0),
        (Delivery.OFF, 0, 0),
    ],
)
def test_each_reader_is_told_per_their_preference_for_corrections(
    committed: Callable[[], Any],
    editor_client: Client,
    article: Article,
    topic: Topic,
    delivery: Delivery,
    in_site: int,
    mails: int,
) -> None:
    alice = reader("alice")
    comment(topic, author=alice)
    NotificationPreference.objects.create(user=alice, kind=CORRECTED, delivery=delivery)
    # Her choice for the other kinds does not decide this one.
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.WATCHED_TOPIC, delivery=Delivery.OFF
    )

    add_note(committed, editor_client, article)

    assert told()["alice"] == in_site
    assert len(mail.outbox) == mails


def test_a_correction_to_an_article_since_unpublished_leaves_the_inbox_and_is_not_mailed(
    django_capture_on_commit_callbacks: Capture,
    editor_client: Client,
    article: Article,
    topic: Topic,
) -> None:
    alice = reader("alice")
    comment(topic, author=alice)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        article_change(editor_client, article, NoteRow(at=minutes_ago(1)))
    event = NotificationEvent.objects.get(kind=NotificationEvent.Kind.ARTICLE_CORRECTED)
    notification_event_fan_out(event_id=event.pk)  # told, the mail not yet sent
    assert queued

    article_unpublish(article=Article.objects.get(pk=article.pk))
    status = notification_email_send(notification_id=Notification.objects.get(recipient=alice).pk)

    assert status == Notification.EmailStatus.SKIPPED
    assert mail.outbox == []
    alice_client = Client()
    alice_client.force_login(alice)
    inbox = alice_client.get(reverse("notifications:list")).content.decode()
    assert "an article you discussed" not in inbox


# Telling many people costs the request nothing per person, and the fan-out a fixed count


def _watchers(topic: Topic, count: int) -> None:
    for _ in range(count):
        comment(topic)


def _request_queries(client: Client, article: Article, capture: Capture) -> int:
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        response = article_change(client, article, NoteRow(at=minutes_ago(1)))
    assert response.status_code == 302
    return len(queries)


def test_adding_a_note_costs_the_request_the_same_however_many_are_told(
    django_capture_on_commit_callbacks: Capture,
    editor_client: Client,
    article: Article,
    topic: Topic,
) -> None:
    _watchers(topic, 2)
    few = _request_queries(editor_client, article, django_capture_on_commit_callbacks)
    _watchers(topic, 30)
    many = _request_queries(editor_client, article, django_capture_on_commit_callbacks)

    assert many == few
    assert not Notification.objects.filter(kind=CORRECTED).exists()  # the task's work


def test_fan_out_query_count_does_not_grow_with_readers(
    django_capture_on_commit_callbacks: Capture,
    django_assert_num_queries: DjangoAssertNumQueries,
    editor_client: Client,
    article: Article,
    topic: Topic,
) -> None:
    _watchers(topic, 40)
    with django_capture_on_commit_callbacks(execute=False):
        article_change(editor_client, article, NoteRow(at=minutes_ago(1)))
    event = NotificationEvent.objects.get(kind=NotificationEvent.Kind.ARTICLE_CORRECTED)

    # The event, the subscriptions, the commenters, who is reachable, their preferences, the
    # bulk insert, the event marked done, the notifications to mail (and a savepoint's two).
    with django_assert_num_queries(10):
        fan_out = notification_event_fan_out(event_id=event.pk)

    assert fan_out.written == 40
