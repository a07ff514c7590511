"""/search/, the header's search box, GET /api/v1/search/: results, escaping, query counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Post, Topic, path_segment
from forum.search.models import SearchDocument
from forum.search.results import search_result
from forum.search.selectors import search
from forum.search.services import search_index_rebuild
from tests.factories import ArticleFactory, ReaderFactory, comment, post_status_set
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

_OWN_MARKUP = re.compile(r"</?mark>")


def _markup_left(html: str) -> list[str]:
    """Tags in a snippet besides our <mark>s: there must be none."""
    return re.findall(r"<[^>]*>", _OWN_MARKUP.sub("", html))


def test_search_page_links_each_result_to_its_article_or_comment_permalink(
    client: Client, topic: Topic
) -> None:
    article = ArticleFactory(title="Lutetium dating")
    post = comment(topic, body="Lutetium is the last lanthanide.")
    page = client.get("/search/", {"q": "lutetium"}).content.decode()
    assert f'href="{article.get_absolute_url()}"' in page
    assert f'href="/forum/p/{post.pk}/"' in page
    assert "<mark>Lutetium</mark>" in page
    assert "2 results" in page


def test_search_page_marks_a_held_comment_for_its_author(client: Client, topic: Topic) -> None:
    author = ReaderFactory()
    post_status_set(post=comment(topic, author=author, body="Lutetium."), status="pending")
    client.force_login(author)
    page = client.get("/search/", {"q": "lutetium"}).content.decode()
    assert "Pending moderation" in page


def test_search_page_pages_through_results_keeping_the_query(
    client: Client, topic: Topic, settings: Any
) -> None:
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for number in range(5):
        comment(topic, body=f"Cerium note {number}.")
    first = client.get("/search/", {"q": "cerium", "sort": "newest"}).content.decode()
    assert "Page 1 of 3" in first
    assert 'href="?q=cerium&amp;sort=newest&amp;page=2"' in first
    last = client.get("/search/", {"q": "cerium", "sort": "newest", "page": "3"}).content
    assert "<mark>Cerium</mark> note 0." in last.decode()


def test_search_page_answers_400_saying_what_is_wrong_with_a_filter(client: Client) -> None:
    response = client.get(
        "/search/", {"q": "x", "date_from": "2026-02-02", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "The end comes before the start." in response.content.decode()
    assert client.get("/search/", {"q": "x", "author": "no spaces"}).status_code == 400


def test_search_page_without_a_query_shows_the_form_only(client: Client) -> None:
    page = client.get("/search/").content.decode()
    assert 'role="search"' in page
    assert "result" not in page.split("</form>")[-1]


def test_every_page_has_the_search_box_in_its_header(client: Client, topic: Topic) -> None:
    for url in ("/", topic.comments_url, "/forum/", "/search/?q=x"):
        page = client.get(url).content.decode()
        header = page.split('<header class="site-header">')[1].split("</header>")[0]
        assert 'action="/search/"' in header
        assert 'name="q"' in header


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_search_snippets_escape_a_hostile_query_and_hostile_text(
    client: Client, topic: Topic, payload: str
) -> None:
    comment(topic, body=f"Neodymium {payload} neodymium")
    for query in (payload, f"neodymium {payload}", "neodymium"):
        for document in search(query, viewer=Viewer.of(None)):
            assert _markup_left(search_result(document).snippet) == []
        page = client.get("/search/", {"q": query}).content.decode()
        assert payload not in page or payload == re.sub(r"[<>\"'&]", "", payload)
        results = client.get("/api/v1/search/", {"q": query}).json()["results"]
        assert all(_markup_left(result["snippet_html"]) == [] for result in results)
    assert search(payload, viewer=Viewer.of(None)).count() in (0, 1)


def test_search_api_answers_a_page_of_results_as_the_other_lists(
    client: Client, topic: Topic
) -> None:
    author = ReaderFactory(username="ann_r", display_name="Ann R.")
    post = comment(topic, author=author, body="Terbium green.")
    data = client.get("/api/v1/search/", {"q": "terbium"}).json()
    assert set(data) == {"count", "count_capped", "next", "previous", "results"}
    assert data["results"] == [
        {
            "kind": "comment",
            "title": topic.title,
            "url": f"http://testserver/forum/p/{post.pk}/",
            "snippet_html": "<mark>Terbium</mark> green.",
            "author": "Ann R.",
            "published_at": data["results"][0]["published_at"],
            "status": "visible",
        }
    ]
    assert client.get("/api/v1/search/", {"q": "terbium", "kind": "article"}).json()["count"] == 0
    assert client.get("/api/v1/search/", {"q": "x", "kind": "nothing"}).status_code == 400
    assert client.get("/api/v1/search/", {"q": "terbium", "page": "9"}).status_code == 404


def test_schema_documents_search_and_no_search_on_the_article_list(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    operation = paths["/api/v1/search/"]["get"]
    assert {"q", "kind", "author", "tag", "date_from", "date_to", "sort", "page"} <= {
        parameter["name"] for parameter in operation["parameters"]
    }
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert {"count", "next", "previous", "results"} <= set(
        schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]
    )
    article_list = paths["/api/v1/articles/"]["get"]
    assert "search" not in {parameter["name"] for parameter in article_list["parameters"]}


def _many_matching_comments(topic: Topic, author: User, count: int) -> None:
    """`count` visible comments saying "europium", written as rows and indexed by a rebuild:
    ten thousand through post_create would take minutes."""
    start = Post.objects.count()
    posts = Post.objects.bulk_create(
        Post(topic=topic, author=author, body=f"Europium {n}.", body_html=f"<p>Europium {n}.</p>")
        for n in range(start, start + count)
    )
    for post in posts:
        post.path = path_segment(post.pk)
    Post.objects.bulk_update(posts, ["path"])
    search_index_rebuild()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_search_costs_the_same_queries_for_ten_or_ten_thousand_matches(
    client: Client, topic: Topic
) -> None:
    author = ReaderFactory()
    client.force_login(ReaderFactory())
    _many_matching_comments(topic, author, 10)
    few = [_queries(client, url) for url in ("/search/?q=europium", "/api/v1/search/?q=europium")]
    _many_matching_comments(topic, author, 9_990)
    assert SearchDocument.objects.filter(kind="comment").count() >= 10_000
    many = [_queries(client, url) for url in ("/search/?q=europium", "/api/v1/search/?q=europium")]
    assert many == few
    data = client.get("/api/v1/search/?q=europium").json()
    assert (data["count"], data["count_capped"]) == (1_000, True)
