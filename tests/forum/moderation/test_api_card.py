"""The moderation card in the API, GET /api/v1/moderation/queue/: every reason a post was held
with its code, text and the spans of its text that triggered it, the article's highlights and
disclaimer, and the chain of posts above; and the same reasons in the admin's page for a post."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from articles.models import Article
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.models import WordRule
from tests.factories import AdministratorFactory, HighlightFactory, ReaderFactory, comment
from tests.forum.moderation.helpers import logged_in

pytestmark = pytest.mark.django_db

QUEUE_URL = "/api/v1/moderation/queue/"


@pytest.fixture
def watched(topic: Topic) -> Post:
    """A post held for a word on the watch list, twice over."""
    WordRule.objects.create(phrase="scam", kind=WordRule.Kind.SUSPECT)
    post = comment(topic, body="This scam is a Scam.")
    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.SUSPECT_WORD)
    return post


def test_moderation_queue_api_gives_each_hold_reason_with_its_code_text_and_spans(
    moderator_client: Client, watched: Post
) -> None:
    (item,) = moderator_client.get(QUEUE_URL).json()["results"]

    assert item["hold_reasons"] == [
        {
            "code": "suspect_word",
            "label": "A word on the watch list",
            "text": "Contains words on the watch list: scam.",
            "spans": [{"start": 5, "end": 9}, {"start": 15, "end": 19}],
        }
    ]
    assert [watched.body[5:9], watched.body[15:19]] == ["scam", "Scam"]


def test_moderation_queue_api_gives_the_article_and_the_chain_above(
    moderator_client: Client, topic: Topic, article: Article, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 2
    HighlightFactory(article=article, position=1, text="Supply fell")
    HighlightFactory(article=article, position=2, depth=1, text="In Myanmar")
    top = comment(topic, author=AdministratorFactory(), body="Prices will fall.")
    deepest = comment(topic, author=AdministratorFactory(), reply_to=top, body="They rose.")
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    reply = comment(topic, author=ReaderFactory(), reply_to=deepest, body="Both wrong.")

    (item,) = moderator_client.get(QUEUE_URL).json()["results"]

    assert item["post"]["id"] == reply.pk
    assert item["article"] == {
        "title": article.title,
        "url": f"http://testserver{article.get_absolute_url()}",
        "disclaimer": article.disclaimer,
        "highlights": [
            {"text": "Supply fell", "children": [{"text": "In Myanmar", "children": []}]}
        ],
    }
    assert item["answers"]["id"] == deepest.pk
    assert [post["id"] for post in item["thread"]] == [top.pk]
    assert item["hold_reasons"][0]["code"] == "first_post"
    assert item["hold_reasons"][0]["spans"] == []


def test_api_schema_lists_the_hold_codes_of_the_moderation_card(client: Client) -> None:
    schemas = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    card = schemas["ModerationItemOutput"]["properties"]
    assert {"hold_reasons", "answers", "thread", "article"} <= set(card)
    code = schemas["HoldReasonOutput"]["properties"]["code"]
    enum = next(schema for schema in code["oneOf"] if "$ref" in schema)["$ref"].rsplit("/")[-1]
    assert set(HoldCode.values) <= set(schemas[enum]["enum"])


def test_admin_post_page_shows_the_hold_reasons_with_their_words_marked(
    client: Client, watched: Post
) -> None:
    response = logged_in(client, AdministratorFactory()).get(
        f"/admin/discussions/post/{watched.pk}/change/"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Contains words on the watch list: scam." in page
    assert "This <mark>scam</mark> is a <mark>Scam</mark>." in page
    assert "suspect_word" in page
