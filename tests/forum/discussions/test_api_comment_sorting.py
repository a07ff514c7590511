"""The comments API's sort orders, and its cursors: paging within a sort, and refusing a bad one."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from pytest_django import Settings

from forum.discussions.services.reactions import reaction_add
from tests.factories import ArticleFactory, ReaderFactory, comment
from tests.forum.discussions.comments_api import comments_url, ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("oldest", [0, 1, 2]), ("newest", [2, 1, 0]), ("top", [1, 2, 0])],
)
def test_article_comments_api_orders_threads_by_sort(
    client: Client, sort: str, expected: list[int]
) -> None:
    article = ArticleFactory()
    posts = [comment(article.discussion) for _ in range(3)]
    for liker in (ReaderFactory(), ReaderFactory()):
        reaction_add(post=posts[1], user=liker)
    reaction_add(post=posts[2], user=ReaderFactory())

    body = client.get(comments_url(article), {"sort": sort}).json()

    assert body["sort"] == sort
    assert ids(body["results"]) == [posts[i].pk for i in expected]


def test_article_comments_api_orders_replies_oldest_first_whatever_the_sort(
    client: Client,
) -> None:
    article = ArticleFactory()
    root = comment(article.discussion)
    replies = [comment(article.discussion, reply_to=root) for _ in range(3)]

    thread = client.get(comments_url(article), {"sort": "newest"}).json()["results"][0]

    assert ids(thread["replies"]) == [reply.pk for reply in replies]


def test_article_comments_api_refuses_an_unknown_sort(client: Client) -> None:
    article = ArticleFactory()

    response = client.get(comments_url(article), {"sort": "loudest"})

    assert response.status_code == 400
    assert list(response.json()) == ["sort"]


def test_article_comments_api_pages_threads_with_a_cursor(
    client: Client, settings: Settings, no_rate_limit: None
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author = ReaderFactory()
    roots = [comment(article.discussion, author=author) for _ in range(5)]

    pages = [client.get(comments_url(article)).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())

    assert [ids(page["results"]) for page in pages] == [
        [roots[0].pk, roots[1].pk],
        [roots[2].pk, roots[3].pk],
        [roots[4].pk],
    ]
    assert pages[0]["next"].startswith(f"http://testserver{comments_url(article)}?cursor=")


def test_article_comments_api_keeps_the_sort_across_pages(
    client: Client, settings: Settings, no_rate_limit: None
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    article = ArticleFactory()
    author = ReaderFactory()
    roots = [comment(article.discussion, author=author) for _ in range(3)]

    first = client.get(comments_url(article), {"sort": "newest"}).json()
    second = client.get(first["next"]).json()

    assert ids(first["results"]) == [roots[2].pk, roots[1].pk]
    assert ids(second["results"]) == [roots[0].pk]
    assert second["sort"] == "newest"


def test_article_comments_api_follows_the_cursors_sort_when_none_is_given(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    older, newer = comment(article.discussion), comment(article.discussion)
    first = client.get(comments_url(article), {"sort": "newest"}).json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]

    second = client.get(f"{comments_url(article)}?cursor={cursor}").json()

    assert ids(first["results"]) == [newer.pk]
    assert ids(second["results"]) == [older.pk]


def test_article_comments_api_refuses_an_invalid_cursor(client: Client) -> None:
    article = ArticleFactory()

    response = client.get(comments_url(article), {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This cursor is not valid. Start again from the first page."]
    }


def test_article_comments_api_refuses_a_tampered_cursor(client: Client, settings: Settings) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    comment(article.discussion)
    comment(article.discussion)
    next_url = client.get(comments_url(article)).json()["next"]
    signature = next_url.split("cursor=")[1].rsplit("%3A", 1)[1]
    forged_payload = base64.urlsafe_b64encode(json.dumps(["oldest", 0]).encode()).decode()

    response = client.get(
        comments_url(article), {"cursor": f"{forged_payload.rstrip('=')}:{signature}"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This cursor is not valid. Start again from the first page."]
    }


def test_article_comments_api_refuses_a_cursor_of_another_sort(
    client: Client, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1
    article = ArticleFactory()
    comment(article.discussion)
    comment(article.discussion)
    next_url = client.get(comments_url(article), {"sort": "newest"}).json()["next"]

    response = client.get(next_url.replace("sort=newest", "sort=top"))

    assert response.status_code == 400
    assert response.json() == {"cursor": ["This cursor belongs to another sort order."]}
