"""Numbers in query strings and paths (config/web/query_params.py): a number no database takes, a
negative one or none at all is a 400 saying what is wrong, on every page and API that reads
one, never a 500. On PostgreSQL these were "bigint out of range"; run them there too
(DATABASE_URL=postgres://...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import Article
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

# Past a bigint, far past it, negative, not a number, digits int() reads but are not ASCII, and
# one int() refuses (over 4,300 digits).
BAD_NUMBERS = [
    "9223372036854775808",
    "9" * 40,
    "-1",
    "abc",
    "1.5",
    "%C2%B2",  # ², which str.isdigit() calls a digit
    "%D9%A3",  # Arabic-Indic three
    "9" * 5000,
]


@pytest.fixture
def article(db: None) -> Article:
    article = ArticleFactory()
    comment(article.discussion)
    return article


@pytest.fixture
def anonymous(client: Client) -> Client:
    client.raise_request_exception = False  # a 500 is an answer to assert on, not a crash
    return client


@pytest.fixture
def moderator_client(anonymous: Client) -> Client:
    anonymous.force_login(ModeratorFactory())
    return anonymous


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_article_page_after_is_a_400_saying_why_when_not_a_thread_id(
    anonymous: Client, article: Article, value: str
) -> None:
    response = anonymous.get(f"{article.get_absolute_url()}?after={value}")

    assert response.status_code == 400
    assert "?after= must be a whole number from 1 to 9223372036854775807." in response.text


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(
    ("path", "name"),
    [("threads", "after"), ("threads", "thread"), ("new", "after")],
)
def test_topic_fragments_are_a_400_when_a_number_parameter_is_bad(
    anonymous: Client, article: Article, path: str, name: str, value: str
) -> None:
    url = f"/forum/t/{article.discussion.pk}/{path}/?{name}={value}"

    response = anonymous.get(url)

    assert response.status_code == 400
    assert f"?{name}= must be a whole number from" in response.text


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_moderation_queue_offset_is_a_400_when_bad(moderator_client: Client, value: str) -> None:
    response = moderator_client.get(f"/moderation/?offset={value}")

    assert response.status_code == 400
    assert "?offset= must be a whole number from 0 to 2147483647." in response.text


def test_article_page_reads_the_largest_offset_as_a_page_past_the_end(
    anonymous: Client, article: Article
) -> None:
    response = anonymous.get(f"{article.get_absolute_url()}?offset=2147483647")

    assert response.status_code == 200


def test_topic_threads_read_a_thread_id_past_any_post_as_none(
    anonymous: Client, article: Article
) -> None:
    url = f"/forum/t/{article.discussion.pk}/threads/?thread=9223372036854775807"

    assert anonymous.get(url).status_code == 200


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_reply_form_refuses_a_parent_that_is_not_an_id(
    anonymous: Client, article: Article, value: str
) -> None:
    anonymous.force_login(ReaderFactory())

    response = anonymous.get(f"/forum/t/{article.discussion.pk}/reply/?parent={value}")

    assert response.status_code == 400
    assert "That comment does not exist." in response.text


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/forum/topics/{topic}/posts/new/?after=", "after"),
        ("/api/v1/moderation/queue/?offset=", "offset"),
    ],
)
def test_api_number_parameters_are_a_400_with_a_field_message_when_bad(
    moderator_client: Client, article: Article, url: str, name: str, value: str
) -> None:
    response = moderator_client.get(url.format(topic=article.discussion.pk) + value)

    assert response.status_code == 400
    assert list(response.json()) == [name]


NUMBER = re.compile(r"<(?:int|id):\w+>")


def _number_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    """Every route of the site with a number in its path, as a template."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _number_routes(pattern.url_patterns, route)
        elif NUMBER.search(route):
            yield route


NUMBER_ROUTES = sorted(set(_number_routes(get_resolver().url_patterns)))


def test_number_routes_are_all_found() -> None:
    assert {"forum/p/<id:pk>/", "api/v1/posts/<id:pk>/", "notifications/<id:pk>/read/"} <= set(
        NUMBER_ROUTES
    )


@pytest.mark.parametrize("number", ["9223372036854775808", "9" * 30])
@pytest.mark.parametrize("route", NUMBER_ROUTES)
def test_every_route_with_an_id_is_a_404_for_one_past_a_bigint(
    moderator_client: Client, route: str, number: str
) -> None:
    path = "/" + NUMBER.sub(number, re.sub(r"<(?:slug|str):\w+>", "spam", route))

    for method in ("get", "post"):
        response = getattr(moderator_client, method)(path)

        assert response.status_code in {404, 405}, (method, path)


@pytest.mark.parametrize("value", ["9223372036854775808", "9" * 30, "%C2%B2", "-1", "abc"])
def test_moderation_bulk_form_refuses_post_ids_that_are_not_ids(
    moderator_client: Client, article: Article, value: str
) -> None:
    body = {"post": [value], "decision": "approve", "reason": "other"}

    response = moderator_client.post("/moderation/bulk/", body, follow=True)

    assert response.status_code == 200
    assert "Select comments from the queue." in response.text
