"""JSON bodies within limits (config/web/json_input.py): through DRF's parser for our API, and
through HeadlessJSONLimitMiddleware for allauth's headless views. Nesting a thousand deep was a
RecursionError and 1e400 an OverflowError, each a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article
from config.web.json_input import MAX_JSON_BYTES, MAX_JSON_DEPTH
from tests.factories import ArticleFactory, ReaderFactory

pytestmark = pytest.mark.django_db

AS_JSON = "application/json"
DEEP = "[" * 1000 + "]" * 1000  # 2 KB
TOO_DEEP = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH  # in {"body": ...}: one level too many
DEEPEST = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
HEADLESS_LOGIN = ["/_allauth/app/v1/auth/login", "/_allauth/browser/v1/auth/login"]


@pytest.fixture
def reader_client(client: Client) -> Client:
    client.raise_request_exception = False
    client.force_login(ReaderFactory())
    return client


@pytest.fixture
def article(db: None) -> Article:
    return ArticleFactory()


def comments_url(article: Article) -> str:
    return f"/api/v1/articles/{article.slug}/comments/"


@pytest.mark.parametrize("nested", [DEEP, TOO_DEEP, "{" + '"a":{' * 999 + "}" * 1000])
def test_comment_api_refuses_json_nested_too_deep_with_a_400(
    reader_client: Client, article: Article, nested: str
) -> None:
    response = reader_client.post(comments_url(article), f'{{"body": {nested}}}', AS_JSON)

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"JSON parse error - arrays and objects nest at most {MAX_JSON_DEPTH} "
        "levels deep."
    }


def test_comment_api_reads_json_nested_to_the_limit(
    reader_client: Client, article: Article
) -> None:
    response = reader_client.post(comments_url(article), f'{{"body": {DEEPEST}}}', AS_JSON)

    assert response.status_code == 400
    assert response.json() == {"body": ["Not a valid string."]}


@pytest.mark.parametrize(
    ("number", "detail"),
    [
        ("1e400", "JSON parse error - the number 1e400 is out of range."),
        ("-1e400", "JSON parse error - the number -1e400 is out of range."),
        ("NaN", "JSON parse error - NaN is not a JSON number."),
        ("Infinity", "JSON parse error - Infinity is not a JSON number."),
    ],
)
def test_comment_api_refuses_a_number_no_float_holds_with_a_400(
    reader_client: Client, article: Article, number: str, detail: str
) -> None:
    body = f'{{"body": "A fair point.", "parent": {number}}}'

    response = reader_client.post(comments_url(article), body, AS_JSON)

    assert response.status_code == 400
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    "body",
    [
        b'{"body": "A fair point."',
        b'{"body": "\xff"}',
        b"\xef\xbb\xbf{}",
        b'{"n": ' + b"9" * 5000 + b"}",
    ],
)
def test_comment_api_refuses_a_body_that_is_not_json_with_a_400(
    reader_client: Client, article: Article, body: bytes
) -> None:
    response = reader_client.post(comments_url(article), body, AS_JSON)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error - ")


def test_comment_api_refuses_a_body_over_the_limit_with_a_413(
    reader_client: Client, article: Article
) -> None:
    body = '{"body": "' + "a" * MAX_JSON_BYTES + '"}'

    response = reader_client.post(comments_url(article), body, AS_JSON)

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The body is {MAX_JSON_BYTES + 1:,} bytes; at most {MAX_JSON_BYTES:,} are "
        "accepted."
    }


def test_api_takes_json_only(reader_client: Client, article: Article) -> None:
    response = reader_client.post(comments_url(article), {"body": "A fair point."})

    assert response.status_code == 415


@pytest.mark.parametrize("url", HEADLESS_LOGIN)
@pytest.mark.parametrize("nested", [DEEP, TOO_DEEP])
def test_headless_api_refuses_json_nested_too_deep_as_allauth_answers(
    client: Client, url: str, nested: str
) -> None:
    client.raise_request_exception = False

    response = client.post(url, f'{{"email": {nested}}}', AS_JSON)

    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [
            {
                "message": f"JSON parse error - arrays and objects nest at most "
                f"{MAX_JSON_DEPTH} levels deep.",
                "code": "invalid_json",
            }
        ],
    }


@pytest.mark.parametrize("url", HEADLESS_LOGIN)
def test_headless_api_refuses_a_number_no_float_holds(client: Client, url: str) -> None:
    client.raise_request_exception = False

    response = client.post(url, '{"email": "ann@example.com", "password": 1e400}', AS_JSON)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_json"


@pytest.mark.parametrize("url", HEADLESS_LOGIN)
def test_headless_api_refuses_a_body_over_the_limit_with_a_413(client: Client, url: str) -> None:
    body = '{"email": "' + "a" * MAX_JSON_BYTES + '"}'

    response = client.post(url, body, AS_JSON)

    assert response.status_code == 413
    assert response.json()["status"] == 413


@pytest.mark.parametrize("url", HEADLESS_LOGIN)
def test_headless_api_still_reads_good_json(client: Client, url: str) -> None:
    response = client.post(url, '{"email": "nobody@example.com", "password": "nope"}', AS_JSON)

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "password"
