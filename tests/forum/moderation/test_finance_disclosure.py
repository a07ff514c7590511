"""An author's disclosure of their positions, given when posting through the comment form and
the API: kept on the post, shown as a badge on the comment and in the API, and checked strictly
(a 400 or a form error naming what is wrong, and nothing written)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from articles.models import Article
from forum.discussions.models import HoldCode, Post, Topic
from tests.factories import CategoryFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db


def comments_url(article: Article) -> str:
    return f"/api/v1/articles/{article.slug}/comments/"


def api_post(client: Client, article: Article, **data: Any) -> Any:
    return client.post(comments_url(article), data, content_type="application/json")


@pytest.fixture
def reader_client(client: Client, reader: User) -> Client:
    client.force_login(reader)
    return client


# The API


def test_api_takes_one_position_for_every_ticker_named(
    reader_client: Client, article: Article
) -> None:
    response = api_post(
        reader_client, article, body="Long $MP and Lynas for the magnets.", disclosure="long"
    )

    assert response.status_code == 201
    assert response.json()["tickers"] == ["MP", "LYC.AX"]
    assert response.json()["disclosure"] == {"MP": "long", "LYC.AX": "long"}
    assert Post.objects.get().disclosure == {"MP": "long", "LYC.AX": "long"}


def test_api_takes_a_position_per_ticker_as_written(
    reader_client: Client, article: Article
) -> None:
    response = api_post(
        reader_client,
        article,
        body="Pair trade: $MP against ASX:LYC.",
        disclosure={"$mp": "short", "ASX:LYC": "long"},
    )

    assert response.status_code == 201
    assert response.json()["disclosure"] == {"MP": "short", "LYC.AX": "long"}


def test_api_shows_the_disclosure_in_the_threads(
    client: Client, article: Article, topic: Topic
) -> None:
    from forum.discussions.services.posting import post_create

    post_create(topic=topic, author=ReaderFactory(), body="Holding $LYC.", disclosure="long")

    node = client.get(comments_url(article)).json()["results"][0]

    assert (node["tickers"], node["disclosure"]) == (["LYC.AX"], {"LYC.AX": "long"})


def test_api_pump_without_a_disclosure_is_held_with_its_reasons(
    reader_client: Client, article: Article
) -> None:
    response = api_post(reader_client, article, body="$MP will 10x by Friday")

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert Post.objects.get().held_code == HoldCode.UNDISCLOSED_POSITION


def test_api_pump_with_a_disclosure_is_held_as_a_pump(
    reader_client: Client, article: Article
) -> None:
    response = api_post(reader_client, article, body="$MP will 10x by Friday", disclosure="long")

    assert response.status_code == 202
    assert Post.objects.get().held_code == HoldCode.PUMP


@pytest.mark.parametrize(
    ("body", "disclosure", "message"),
    [
        ("Long $MP.", "bullish", "Choose long, short or none, not 'bullish'."),
        ("Long $MP.", {"MP": "maybe"}, "MP: choose long, short or none, not 'maybe'."),
        ("Long $MP.", {"LYC": "long"}, "Your comment does not name LYC."),
        (
            "Prices moved.",
            "long",
            "Your comment names no ticker or company to disclose a position in.",
        ),
    ],
)
def test_api_refuses_a_wrong_disclosure_and_writes_nothing(
    reader_client: Client, article: Article, body: str, disclosure: Any, message: str
) -> None:
    response = api_post(reader_client, article, body=body, disclosure=disclosure)

    assert response.status_code == 400
    assert response.json()["disclosure"] == [message]
    assert not Post.objects.exists()


def test_api_names_every_wrong_ticker(reader_client: Client, article: Article) -> None:
    response = api_post(
        reader_client, article, body="Long $MP.", disclosure={"LYC": "long", "MP": "up"}
    )

    assert response.json()["disclosure"] == [
        "Your comment does not name LYC.",
        "MP: choose long, short or none, not 'up'.",
    ]


@pytest.mark.parametrize("disclosure", [["long"], 1, True, {"MP": 1}, {"MP": ["long"]}])
def test_api_refuses_a_disclosure_of_the_wrong_shape(
    reader_client: Client, article: Article, disclosure: Any
) -> None:
    response = api_post(reader_client, article, body="Long $MP.", disclosure=disclosure)

    assert response.status_code == 400
    assert response.json()["disclosure"] == [
        'Give a position ("long", "short" or "none"), or an object of ticker to position.'
    ]
    assert not Post.objects.exists()


def test_api_takes_no_disclosure_as_none(reader_client: Client, article: Article) -> None:
    response = api_post(reader_client, article, body="Long $MP.", disclosure=None)

    assert (response.status_code, response.json()["disclosure"]) == (201, {})


# The pages


def test_comment_form_offers_the_disclosure(reader_client: Client, article: Article) -> None:
    page = reader_client.get(article.get_absolute_url()).content.decode()

    assert 'name="disclosure"' in page
    assert "Your position in the tickers or companies you name" in page


def test_comment_form_keeps_the_disclosure_and_the_badge_shows_it(
    reader_client: Client, article: Article, topic: Topic
) -> None:
    response = reader_client.post(
        f"/forum/t/{topic.pk}/reply/",
        {"body": "I'm long $MP, disclosure: long.", "disclosure": "long"},
        follow=True,
    )

    assert Post.objects.get().disclosure == {"MP": "long"}
    page = response.content.decode()
    assert '<span class="badge badge-disclosure"' in page
    assert "Discloses: long $MP</span>" in page


def test_badge_lists_positions_per_ticker(client: Client, article: Article, topic: Topic) -> None:
    from forum.discussions.services.posting import post_create

    post_create(
        topic=topic,
        author=ReaderFactory(),
        body="Short $MP, long Lynas and Iluka.",
        disclosure={"MP": "short", "LYC": "long", "ILU.AX": "long"},
    )

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Discloses: short $MP; long $LYC.AX, $ILU.AX</span>" in page


def test_no_badge_without_a_disclosure(client: Client, article: Article, topic: Topic) -> None:
    comment(topic, body="Talking about $MP without saying.")

    assert "badge-disclosure" not in client.get(article.get_absolute_url()).content.decode()


def test_comment_form_refuses_a_disclosure_with_no_ticker(
    reader_client: Client, topic: Topic
) -> None:
    response = reader_client.post(
        f"/forum/t/{topic.pk}/reply/", {"body": "Prices moved.", "disclosure": "long"}
    )

    assert response.status_code == 400
    assert "Your comment names no ticker or company to disclose a position in." in (
        response.content.decode()
    )
    assert not Post.objects.exists()


def test_comment_form_refuses_a_position_that_is_not_one(
    reader_client: Client, topic: Topic
) -> None:
    response = reader_client.post(
        f"/forum/t/{topic.pk}/reply/", {"body": "Long $MP.", "disclosure": "bullish"}
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Post.objects.exists()


def test_comment_form_pump_without_a_disclosure_is_held(
    reader_client: Client, topic: Topic
) -> None:
    reader_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "$LYC to the moon"})

    post = Post.objects.get()
    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.UNDISCLOSED_POSITION)


# A forum topic's opening post


def test_api_topic_takes_a_disclosure_for_its_opening_post(reader_client: Client) -> None:
    category = CategoryFactory(slug="market")

    response = reader_client.post(
        "/api/v1/forum/categories/market/topics/",
        {"title": "Lynas after the quarter", "body": "Long $LYC into FY26.", "disclosure": "long"},
        content_type="application/json",
    )

    assert response.status_code == 201
    topic = Topic.objects.get(category=category)
    assert topic.opening_post is not None
    assert topic.opening_post.disclosure == {"LYC.AX": "long"}


def test_topic_form_takes_a_disclosure_and_refuses_a_wrong_one(reader_client: Client) -> None:
    CategoryFactory(slug="market")
    fields = {"title": "Lynas after the quarter", "body": "Prices moved.", "disclosure": "long"}

    refused = reader_client.post("/forum/c/market/new/", fields)
    reader_client.post("/forum/c/market/new/", {**fields, "body": "Short $MP here."})

    assert refused.status_code == 400
    assert "names no ticker or company" in refused.content.decode()
    assert Topic.objects.get().opening_post.disclosure == {"MP": "long"}  # type: ignore[union-attr]


def test_reply_form_loaded_in_place_takes_a_disclosure(
    reader_client: Client, article: Article, topic: Topic
) -> None:
    parent = comment(topic, body="What do readers hold?")
    url = f"/forum/t/{topic.pk}/reply/?parent={parent.pk}"
    fragment = reader_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert re.search(f'<select name="disclosure"[^>]* id="reply-{parent.pk}-disclosure"', fragment)

    reader_client.post(
        f"/forum/t/{topic.pk}/reply/",
        {"body": "Short $USAR.", "disclosure": "short", "parent": parent.pk},
    )

    reply = Post.objects.get(parent=parent)
    assert reply.disclosure == {"USAR": "short"}
