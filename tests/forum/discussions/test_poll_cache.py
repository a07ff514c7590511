"""A logged-out reader's poll for new replies that finds nothing costs one cache read and no
database query; the next poll after a post becomes visible still finds it."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from redis.exceptions import RedisError

from forum.discussions.models import Post, Topic
from forum.discussions.poll_cache import latest_visible_key, latest_visible_read
from tests.factories import ReaderFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


def _poll(client: Client, topic: Topic, after: int) -> str:
    response = client.get(f"/forum/t/{topic.pk}/new/?after={after}")
    assert response.status_code == 200, response
    return response.content.decode()


def test_a_poll_finding_nothing_new_sends_no_query(
    client: Client, topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    last = comment(topic)
    _poll(client, topic, last.pk)  # warm

    with django_assert_num_queries(0):
        fragment = _poll(client, topic, last.pk)

    assert "hx-swap-oob" not in fragment
    assert f'hx-get="/forum/t/{topic.pk}/new/?after={last.pk}&amp;sort=oldest"' in fragment


def test_the_nothing_new_answer_keeps_the_sort(
    client: Client, topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    last = comment(topic)

    with django_assert_num_queries(0):
        response = client.get(f"/forum/t/{topic.pk}/new/?after={last.pk}&sort=newest")

    assert f"?after={last.pk}&amp;sort=newest" in response.content.decode()


def test_the_next_poll_after_a_post_is_shown_finds_it(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    _poll(client, topic, seen.pk)

    fresh = comment(topic, body="Fresh news from the separation plant.")

    fragment = _poll(client, topic, seen.pk)
    assert f'id="comment-{fresh.pk}"' in fragment
    assert f"?after={fresh.pk}&amp;" in fragment


def test_a_held_post_approved_later_raises_the_key(topic: Topic) -> None:
    seen = comment(topic)
    held = comment(topic)
    post_status_set(post=held, status=Post.Status.PENDING)
    newest = comment(topic)
    assert latest_visible_read(topic.pk) == newest.pk

    post_status_set(post=held, status=Post.Status.VISIBLE)

    assert latest_visible_read(topic.pk) == newest.pk  # never lowered
    assert seen.pk < held.pk < newest.pk


def test_a_missing_key_is_filled_from_the_database_then_answers(
    client: Client, topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    last = comment(topic)
    cache.delete(latest_visible_key(topic.pk))  # evicted, or the cache restarted

    _poll(client, topic, last.pk)

    assert latest_visible_read(topic.pk) == last.pk
    with django_assert_num_queries(0):
        _poll(client, topic, last.pk)


def test_a_cursor_from_the_future_does_not_silence_the_topic(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    cache.delete(latest_visible_key(topic.pk))

    _poll(client, topic, 10**9)  # a made-up cursor must not become the topic's latest
    fresh = comment(topic)

    assert f'id="comment-{fresh.pk}"' in _poll(client, topic, seen.pk)


def test_a_member_polls_the_database_and_sees_their_own_held_post(
    client: Client, topic: Topic
) -> None:
    seen = comment(topic)
    member = ReaderFactory()
    mine = comment(topic, author=member)
    post_status_set(post=mine, status=Post.Status.PENDING)
    client.force_login(member)

    assert f'id="comment-{mine.pk}"' in _poll(client, topic, seen.pk)


def test_a_cache_out_of_reach_means_reading_the_database(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    fresh = comment(topic)

    with mock.patch("django.core.cache.cache.get", side_effect=RedisError("down")):
        fragment = _poll(client, topic, seen.pk)

    assert f'id="comment-{fresh.pk}"' in fragment
