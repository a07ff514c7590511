"""The author's own view of a post in the comments API: its status and, while it is held or
rejected, why, as codes a client can act on (HoldCode, an enum in the schema), and what a
moderator told them. Nobody else sees another person's reasons, moderators included (they read
them in the moderation API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import HoldCode, Post
from forum.moderation.models import WordRule
from forum.moderation.services.decisions import post_approve, post_reject
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

FIRST_POST = {"code": "first_post", "label": "A first post"}


@pytest.fixture
def article() -> Article:
    return ArticleFactory()


@pytest.fixture
def newcomer() -> User:
    return ReaderFactory()


@pytest.fixture
def held(article: Article, newcomer: User, settings: Settings) -> Post:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    post = comment(article.discussion, author=newcomer, body="My first comment.")
    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.FIRST_POST)
    return post


def _get(client: Client, post: Post, viewer: User | None) -> Any:
    if viewer is not None:
        client.force_login(viewer)
    return client.get(f"/api/v1/posts/{post.pk}/")


def test_author_posting_a_held_comment_is_told_why_as_codes(
    client: Client, article: Article, newcomer: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    client.force_login(newcomer)

    response = client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        {"body": "Hello, all."},
        content_type="application/json",
    )

    assert response.status_code == 202
    data = response.json()
    assert (data["status"], data["hold_reasons"]) == ("pending", [FIRST_POST])


def test_author_reads_their_held_post_with_its_codes(
    client: Client, held: Post, newcomer: User
) -> None:
    data = _get(client, held, newcomer).json()

    assert (data["status"], data["hold_reasons"], data["moderation_reason"]) == (
        "pending",
        [FIRST_POST],
        "",
    )


def test_author_is_told_a_watched_word_held_it_but_not_which_word(
    client: Client, article: Article, newcomer: User
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    post = comment(article.discussion, author=newcomer, body="Time to pump it.")

    data = _get(client, post, newcomer).json()

    assert data["hold_reasons"] == [{"code": "suspect_word", "label": "A word on the watch list"}]
    assert "pump" not in str(data["hold_reasons"])


def test_author_of_a_rejected_post_keeps_its_codes_and_reads_the_moderators_words(
    client: Client, held: Post, newcomer: User
) -> None:
    post_reject(post=held, moderator=ModeratorFactory(), reason="Off-topic: stay on the article.")

    data = _get(client, held, newcomer).json()

    assert data["status"] == "rejected"
    assert data["hold_reasons"] == [FIRST_POST]
    assert data["moderation_reason"] == "Off-topic: stay on the article."


def test_author_sees_no_reasons_once_the_post_is_approved(
    client: Client, held: Post, newcomer: User
) -> None:
    post_approve(post=held, moderator=ModeratorFactory())

    data = _get(client, held, newcomer).json()

    assert (data["status"], data["hold_reasons"]) == ("visible", [])


def test_moderators_reading_the_comments_api_never_see_anothers_reasons(
    client: Client, held: Post
) -> None:
    data = _get(client, held, ModeratorFactory()).json()

    assert data["status"] == "pending"
    assert (data["hold_reasons"], data["moderation_reason"]) == ([], "")


def test_moderators_see_no_reasons_on_a_rejected_post_either(client: Client, held: Post) -> None:
    post_reject(post=held, moderator=ModeratorFactory(), reason="Spam.")

    data = _get(client, held, ModeratorFactory()).json()

    assert (data["status"], data["hold_reasons"], data["moderation_reason"]) == (
        "rejected",
        [],
        "",
    )


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_others_cannot_read_a_held_post_at_all(client: Client, held: Post, who: str) -> None:
    assert _get(client, held, ReaderFactory() if who == "reader" else None).status_code == 404


def test_thread_list_gives_the_author_their_reasons_and_nobody_else(
    client: Client, article: Article, held: Post, newcomer: User
) -> None:
    url = f"/api/v1/articles/{article.slug}/comments/"
    client.force_login(newcomer)
    (mine,) = client.get(url).json()["results"]
    client.force_login(ModeratorFactory())
    (theirs,) = client.get(url).json()["results"]

    assert (mine["id"], mine["hold_reasons"]) == (held.pk, [FIRST_POST])
    assert (theirs["id"], theirs["hold_reasons"]) == (held.pk, [])


def test_api_schema_documents_the_hold_codes_as_an_enum(client: Client) -> None:
    schemas = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    field = schemas["PostOutput"]["properties"]["hold_reasons"]
    assert field["type"] == "array"
    reason = schemas[field["items"]["$ref"].rsplit("/")[-1]]
    assert reason["properties"]["code"]["allOf"] == [{"$ref": "#/components/schemas/HoldCodeEnum"}]
    assert schemas["HoldCodeEnum"]["enum"] == HoldCode.values
    assert {"first_post", "suspect_word", "reports"} <= set(HoldCode.values)
