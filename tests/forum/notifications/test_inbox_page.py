"""The notifications page: who did what where, with an excerpt; unread and read told apart,
to the eye and to screen readers; several of the same kind about the same comment or topic as
one line; and a fixed number of queries however many there are."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import NotificationKind, User
from forum.discussions.models import Post, Topic
from forum.notifications.models import Notification
from tests.factories import ReaderFactory, comment

ReplyMaker = Callable[..., Post]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def ada(db: None) -> User:
    return ReaderFactory(username="ada_l")


@pytest.fixture
def ada_client(client: Client, ada: User) -> Client:
    client.force_login(ada)
    return client


@pytest.fixture
def replied(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> ReplyMaker:
    def reply(parent: Post, *, by: str, body: str) -> Post:
        with django_capture_on_commit_callbacks(execute=True):
            return comment(
                parent.topic, author=ReaderFactory(username=by), reply_to=parent, body=body
            )

    return reply


def _inbox(client: Client) -> str:
    response = client.get("/notifications/")
    assert response.status_code == 200
    return response.content.decode()


def _lines(page: str) -> list[str]:
    return [chunk.split("</li>")[0] for chunk in page.split('<li class="notification')[1:]]


def test_inbox_says_who_did_what_where_with_an_excerpt(
    ada_client: Client, ada: User, topic: Topic, replied: ReplyMaker
) -> None:
    mine = comment(topic, author=ada, body="Dysprosium will double.")
    replied(mine, by="bo_m", body="Only if **Myanmar** stays shut, which I doubt very much.")

    [line] = _lines(_inbox(ada_client))

    assert '<strong class="notification-lead">bo_m</strong> replied to your comment in' in line
    assert f'<span class="notification-where">{topic.title}</span>' in line
    assert "“Only if Myanmar stays shut, which I doubt very much.”" in line


def test_inbox_tells_unread_from_read_to_screen_readers_too(
    ada_client: Client, ada: User, topic: Topic, replied: ReplyMaker
) -> None:
    first = comment(topic, author=ada, body="First thought.")
    second = comment(topic, author=ada, body="Second thought.")
    replied(first, by="bo_m", body="An answer to the first.")
    replied(second, by="cy_n", body="An answer to the second.")
    Notification.objects.filter(post__reply_to=first).update(read_at=timezone.now())

    unread, read = _lines(_inbox(ada_client))

    assert unread.startswith(' unread">')
    assert '<span class="visually-hidden">Unread: </span>' in unread
    assert "cy_n" in unread
    assert read.startswith('">')
    assert "Unread" not in read
    assert "bo_m" in read


def test_inbox_groups_replies_to_the_same_comment_into_one_line(
    ada_client: Client, ada: User, topic: Topic, replied: ReplyMaker
) -> None:
    mine = comment(topic, author=ada, body="Terbium next?")
    other = comment(topic, author=ada, body="And holmium?")
    for name in ("bo_m", "cy_n", "di_o"):
        replied(mine, by=name, body=f"Yes, says {name}.")
    replied(other, by="ed_p", body="No.")

    single, grouped = _lines(_inbox(ada_client))  # the newest line first

    assert '<strong class="notification-lead">3 replies</strong> to your comment in' in grouped
    assert "From di_o, cy_n and bo_m" in grouped
    assert "“Yes, says di_o.”" in grouped  # the newest
    assert grouped.count('name="also"') == 2
    assert "ed_p</strong> replied to your comment in" in single


def test_reading_a_grouped_line_marks_all_of_it_read_and_leads_to_the_newest(
    ada_client: Client, ada: User, topic: Topic, replied: ReplyMaker
) -> None:
    mine = comment(topic, author=ada, body="Terbium next?")
    replies = [replied(mine, by=name, body=f"Yes, {name}.") for name in ("bo_m", "cy_n")]
    older, newer = Notification.objects.filter(recipient=ada).order_by("created_at", "id")

    response = ada_client.post(f"/notifications/{newer.pk}/read/", {"also": [older.pk]})

    assert response.url == f"/forum/p/{replies[-1].pk}/"
    assert not Notification.objects.filter(recipient=ada, read_at__isnull=True).exists()


def test_reading_marks_nobody_elses_notifications_read_whatever_is_sent(
    ada_client: Client, ada: User, topic: Topic, replied: ReplyMaker
) -> None:
    bo = ReaderFactory(username="bo_m")
    replied(comment(topic, author=bo, body="Bo's words."), by="cy_n", body="To Bo.")
    replied(comment(topic, author=ada, body="Ada's words."), by="di_o", body="To Ada.")
    bos = Notification.objects.get(recipient=bo, kind=NotificationKind.REPLY)
    adas = Notification.objects.get(recipient=ada, kind=NotificationKind.REPLY)

    ada_client.post(f"/notifications/{adas.pk}/read/", {"also": [bos.pk, "x", "-1"]})

    bos.refresh_from_db()
    assert bos.read_at is None


def test_inbox_costs_the_same_queries_for_a_few_notifications_and_many(
    ada_client: Client,
    ada: User,
    topic: Topic,
    replied: ReplyMaker,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    settings: Settings,
) -> None:
    settings.FORUM_POST_RATE = (100, 60)
    for n in range(12):
        mine = comment(topic, author=ada, body=f"Thought {n}.")
        replied(mine, by=f"reader_{n}", body=f"Answer {n}.")
        replied(mine, by=f"other_{n}", body=f"Second answer {n}.")

    # session, user, count, page (actors, events, posts and topics joined), the header's
    # unread count (whether anything is unread, then how many), the account notice: as for
    # one notification.
    with django_assert_max_num_queries(7):
        page = _inbox(ada_client)

    assert len(_lines(page)) == 12
