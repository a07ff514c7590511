"""The moderation log API, GET /api/v1/moderation/log/: who may read it, its entries newest
first, its filters and their refusals, and its cost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.models import ModerationLogEntry
from forum.moderation.services.decisions import (
    post_approve,
    post_feature,
    post_remove,
    post_restore,
)
from tests.factories import EditorFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

LOG_URL = "/api/v1/moderation/log/"


@pytest.fixture
def log_scene(topic: Topic) -> dict[str, User]:
    """ada removes cy's post three days ago, bo features di's two days ago and restores cy's
    yesterday."""
    ada, bo = ModeratorFactory(username="ada"), ModeratorFactory(username="bo")
    cy, di = ReaderFactory(username="cy"), ReaderFactory(username="di")
    by_cy, by_di = comment(topic, author=cy), comment(topic, author=di)
    post_remove(post=by_cy, moderator=ada, reason="Spam")
    post_feature(post=by_di, moderator=bo, featured=True)
    post_restore(post=by_cy, moderator=bo)
    now = timezone.now()
    for entry, days in zip(ModerationLogEntry.objects.order_by("id"), (3, 2, 1), strict=True):
        ModerationLogEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=days))
    return {"ada": ada, "bo": bo, "cy": cy, "di": di}


def logged_actions(response: Any) -> list[str]:
    return [entry["action"] for entry in response.json()["results"]]


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(ReaderFactory, id="reader"),
        pytest.param(EditorFactory, id="editor"),
    ],
)
def test_moderation_log_list_api_refuses_anyone_but_discussion_staff(
    client: Client, who: Any, log_scene: dict[str, User]
) -> None:
    user = who()
    if user is not None:
        client.force_login(user)

    assert client.get(LOG_URL).status_code == 403


def test_moderation_log_list_api_lists_newest_first(
    moderator_client: Client, log_scene: dict[str, User], topic: Topic
) -> None:
    response = moderator_client.get(LOG_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert logged_actions(response) == ["restore", "feature", "remove"]
    restore = body["results"][0]
    assert {k: restore[k] for k in ("action", "action_label", "actor", "subject")} == {
        "action": "restore",
        "action_label": "Restored",
        "actor": "bo",
        "subject": "cy",
    }
    assert (restore["from_state"], restore["to_state"]) == ("removed", "visible")
    assert restore["topic"] == {"id": topic.pk, "title": topic.title}
    assert restore["post_permalink"] == f"http://testserver/forum/p/{restore['post']}/"


def test_moderation_log_list_api_shows_a_rules_hold_without_an_actor(
    moderator_client: Client, held: Post
) -> None:
    (entry,) = moderator_client.get(LOG_URL).json()["results"]

    assert (entry["action"], entry["actor"], entry["subject"]) == ("hold", None, "newcomer")
    assert entry["reason"] == held.held_reason
    assert entry["held_code"] == HoldCode.FIRST_POST


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "feature"}, ["feature"]),
        ({"actor": "bo"}, ["restore", "feature"]),
        ({"actor": "@ADA"}, ["remove"]),
        ({"subject": "cy"}, ["restore", "remove"]),
        ({"actor": "bo", "subject": "cy"}, ["restore"]),
    ],
)
def test_moderation_log_list_api_filters(
    moderator_client: Client,
    log_scene: dict[str, User],
    query: dict[str, str],
    expected: list[str],
) -> None:
    assert logged_actions(moderator_client.get(LOG_URL, query)) == expected


def test_moderation_log_list_api_filters_by_time(
    moderator_client: Client, log_scene: dict[str, User]
) -> None:
    now = timezone.now()
    query = {
        "since": (now - timedelta(days=2, hours=1)).isoformat(),
        "until": (now - timedelta(hours=1)).isoformat(),
    }

    assert logged_actions(moderator_client.get(LOG_URL, query)) == ["restore", "feature"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"action": "smite"}, "action"),
        ({"actor": "nobody_here"}, "actor"),
        ({"subject": "nobody_here"}, "subject"),
        ({"since": "last tuesday"}, "since"),
    ],
)
def test_moderation_log_list_api_refuses_a_bad_filter(
    moderator_client: Client, query: dict[str, str], field: str
) -> None:
    response = moderator_client.get(LOG_URL, query)

    assert response.status_code == 400
    assert set(response.json()) == {field}


def test_moderation_log_list_api_pages_newest_first_at_a_constant_cost(
    moderator_client: Client,
    topic: Topic,
    settings: Settings,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    moderators = [ModeratorFactory() for _ in range(3)]
    posts = [comment(topic) for _ in range(60)]
    for n, post in enumerate(posts):
        post_approve(post=post, moderator=moderators[n % 3])

    with django_assert_max_num_queries(6):
        first = moderator_client.get(LOG_URL).json()

    assert first["count"] == 120  # a hold and an approval each
    assert len(first["results"]) == 50
    ids = [entry["id"] for entry in first["results"]]
    assert ids == sorted(ids, reverse=True)
    second = moderator_client.get(first["next"]).json()
    assert second["results"][0]["id"] < ids[-1]
