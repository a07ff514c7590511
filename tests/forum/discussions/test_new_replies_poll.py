"""The poll for new replies brings the new comment count and the header's unread badge with
the replies, out of band, and costs nothing more when it finds nothing new."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.models import User
from forum.discussions.models import Topic
from tests.factories import comment

pytestmark = pytest.mark.django_db


def _poll(client: Client, topic: Topic, after: int) -> str:
    response = client.get(f"/forum/t/{topic.pk}/new/?after={after}")
    assert response.status_code == 200
    return response.content.decode()


def test_poll_with_new_replies_brings_the_new_comment_count(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    comment(topic)
    comment(topic)

    fragment = _poll(client, topic, seen.pk)

    assert '<h2 id="comments-title" hx-swap-oob="true">3 Comments</h2>' in fragment
    assert "nav-notifications" not in fragment  # logged out: no badge to update


def test_poll_with_new_replies_brings_the_readers_unread_badge(
    client: Client,
    topic: Topic,
    reader: User,
    eager_tasks: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    mine = comment(topic, author=reader)
    with django_capture_on_commit_callbacks(execute=True):
        comment(topic, reply_to=mine, body="An answer to you.")
    client.force_login(reader)

    fragment = _poll(client, topic, mine.pk)

    assert '<h2 id="comments-title" hx-swap-oob="true">2 Comments</h2>' in fragment
    assert (
        '<a id="nav-notifications" href="/notifications/" hx-swap-oob="true">Notifications'
        ' <span class="unread-badge" title="Unread">1</span></a>'
    ) in fragment


def test_poll_that_finds_nothing_new_costs_what_it_did_and_sends_no_count(
    client: Client,
    topic: Topic,
    reader: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    last = comment(topic)
    client.force_login(reader)

    # The session and its user, the topic (with its article, category and opening post), the
    # new posts (none), whether the reader's address is verified (may they reply?): no count.
    with django_assert_num_queries(5):
        fragment = _poll(client, topic, last.pk)

    assert "hx-swap-oob" not in fragment


def test_poll_with_new_replies_costs_one_query_more_for_the_badge_alone(
    client: Client,
    topic: Topic,
    reader: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    seen = comment(topic)
    for _ in range(5):
        comment(topic)
    client.force_login(reader)

    # As above, with the new posts' authors' roles and the reader's (may they edit?), and the
    # unread count: the one query the badge adds, however many posts arrive.
    with django_assert_num_queries(8):
        _poll(client, topic, seen.pk)
