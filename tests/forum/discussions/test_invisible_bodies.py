"""A post made only of characters that show nothing (zero-width ones, soft hyphens, bidi
controls, spaces of every kind, combining marks alone ...) is refused like an empty one: for a
comment, a reply, an edit and a new topic, through the API and the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.discussions.services.post_bodies import has_visible_character, post_body_clean
from tests.factories import CategoryFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

NOTHING_VISIBLE = "Write something first: this has no visible characters."

INVISIBLE = {
    "zero-width spaces": "\u200b\u200b\u200b",
    "zero-width joiners": "\u200c\u200d\u200c\u200d",
    "word joiner and byte order mark": "\u2060\ufeff\u2060",
    "soft hyphens": "\u00ad\u00ad",
    "bidi controls": "\u202e\u202d\u2066\u2069\u200e\u200f",
    "spaces between zero-widths": "\u200b \u3000 \u00a0\u200b",
    "combining marks alone": "\u0301\u0302\u0303",
    "hangul fillers": "\u3164\u3164",
    "blank braille": "\u2800\u2800",
    "tag characters": "\U000e0041\U000e0042",
    "variation selectors": "\ufe0f\ufe0e",
}


@pytest.fixture(params=list(INVISIBLE.values()), ids=list(INVISIBLE))
def invisible(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Settings) -> None:
    settings.FORUM_POST_RATE = (10_000, 60)


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_post_body_clean_refuses_a_body_with_no_visible_character(invisible: str) -> None:
    with pytest.raises(ValidationError) as caught:
        post_body_clean(invisible)

    assert caught.value.message_dict == {"body": [NOTHING_VISIBLE]}


@pytest.mark.parametrize(
    "body",
    [
        "ok",
        "\u200bok\u200b",
        "e\u0301!",  # a letter and its accent
        "\U0001f44d\U0001f3fd",  # an emoji with a skin tone
        "\U0001f468\u200d\U0001f469",  # joined emoji
        "\u0915\u093f",  # Devanagari: a consonant and its spacing vowel sign
        "...",
    ],
)
def test_post_body_clean_accepts_a_body_with_something_visible(body: str) -> None:
    assert has_visible_character(body)
    assert post_body_clean(body) == body


# Through the API


def test_article_comment_create_api_refuses_an_invisible_comment(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    client.force_login(reader)

    response = post_json(
        client, f"/api/v1/articles/{topic.article.slug}/comments/", {"body": invisible}
    )

    assert response.status_code == 400
    assert response.json() == {"body": [NOTHING_VISIBLE]}
    assert not Post.objects.exists()


def test_article_comment_create_api_refuses_an_invisible_reply(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    parent = comment(topic)
    client.force_login(reader)

    response = post_json(
        client,
        f"/api/v1/articles/{topic.article.slug}/comments/",
        {"body": invisible, "parent": parent.pk},
    )

    assert response.status_code == 400
    assert response.json() == {"body": [NOTHING_VISIBLE]}
    assert list(Post.objects.values_list("pk", flat=True)) == [parent.pk]


def test_post_detail_api_refuses_an_invisible_edit(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    post = comment(topic, author=reader, body="Something to say.")
    client.force_login(reader)

    response = client.patch(
        f"/api/v1/posts/{post.pk}/", {"body": invisible}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"body": [NOTHING_VISIBLE]}
    post.refresh_from_db()
    assert post.body == "Something to say."


def test_topic_create_api_refuses_an_invisible_opening_post(client: Client, invisible: str) -> None:
    category = CategoryFactory()
    client.force_login(ReaderFactory())

    response = post_json(
        client,
        f"/api/v1/forum/categories/{category.slug}/topics/",
        {"title": "Magnet prices", "body": invisible},
    )

    assert response.status_code == 400
    assert response.json() == {"body": [NOTHING_VISIBLE]}
    assert not Topic.objects.filter(category=category).exists()


def test_topic_create_api_refuses_an_invisible_title(client: Client) -> None:
    category = CategoryFactory()
    client.force_login(ReaderFactory())

    response = post_json(
        client,
        f"/api/v1/forum/categories/{category.slug}/topics/",
        {"title": "\u200b\u200b\u200b\u200b\u200b\u3164", "body": "Up or down?"},
    )

    assert response.status_code == 400
    assert response.json() == {"title": ["Write a title first: this has no visible characters."]}
    assert not Topic.objects.filter(category=category).exists()


# Through the pages


def test_reply_page_refuses_an_invisible_comment_with_the_message(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": invisible})

    assert response.status_code == 400
    assert NOTHING_VISIBLE in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_refuses_an_invisible_reply_with_the_message(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    parent = comment(topic)
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": invisible, "parent": parent.pk})

    assert response.status_code == 400
    assert NOTHING_VISIBLE in response.content.decode()
    assert list(Post.objects.values_list("pk", flat=True)) == [parent.pk]


def test_post_edit_page_refuses_an_invisible_edit_with_the_message(
    client: Client, topic: Topic, reader: User, invisible: str
) -> None:
    post = comment(topic, author=reader, body="Something to say.")
    client.force_login(reader)

    response = client.post(f"/forum/p/{post.pk}/edit/", {"body": invisible})

    assert response.status_code == 400
    assert NOTHING_VISIBLE in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Something to say."


def test_topic_new_page_refuses_an_invisible_opening_post_with_the_message(
    client: Client, invisible: str
) -> None:
    category = CategoryFactory()
    client.force_login(ReaderFactory())

    response = client.post(
        f"/forum/c/{category.slug}/new/", {"title": "Magnet prices", "body": invisible}
    )

    assert response.status_code == 400
    assert NOTHING_VISIBLE in response.content.decode()
    assert not Topic.objects.filter(category=category).exists()
