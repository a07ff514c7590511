"""Search's ticker filter, on both engines: the comments and topics naming a ticker and the
articles tagged with its company, every written form of the ticker alike; bad input refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from articles.models import Article
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_edit
from forum.search.models import SearchDocument
from forum.search.selectors import SearchFilters
from tests.factories import ArticleFactory, ReaderFactory, TagFactory, comment, post_status_set

pytestmark = pytest.mark.django_db

Found = Callable[..., list[SearchDocument]]


@pytest.fixture
def named(topic: Topic) -> dict[str, Post]:
    return {
        "lynas": comment(topic, body="Lynas shipped more neodymium oxide."),
        "ticker": comment(topic, body="$LYC up on neodymium oxide prices."),
        "mp": comment(topic, body="$MP shipped neodymium oxide too."),
        "none": comment(topic, body="Nobody named, just neodymium oxide."),
    }


def test_the_filter_keeps_the_comments_naming_the_ticker_and_its_articles(
    found: Found, named: dict[str, Post]
) -> None:
    tagged = ArticleFactory(title="Neodymium oxide from Lynas", tags=[TagFactory(slug="lynas")])
    ArticleFactory(title="Neodymium oxide elsewhere")
    results = found("neodymium", filters=SearchFilters(ticker="LYC.AX"))
    assert {d.post_id for d in results if d.post_id} == {named["lynas"].pk, named["ticker"].pk}
    assert [d.article_id for d in results if d.kind == SearchDocument.Kind.ARTICLE] == [tagged.pk]


def test_the_filter_keeps_visibility_as_it_is(found: Found, named: dict[str, Post]) -> None:
    post_status_set(post=named["lynas"], status=Post.Status.PENDING)
    results = found("neodymium", filters=SearchFilters(ticker="LYC.AX"))
    assert [d.post_id for d in results] == [named["ticker"].pk]


def test_an_edit_naming_the_ticker_is_found_by_the_next_search(found: Found, topic: Topic) -> None:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Samarium is cheap.")
    assert found("samarium", filters=SearchFilters(ticker="MP")) == []
    post_edit(post=post, editor=author, body="Samarium is cheap at MP Materials.")
    assert [d.post_id for d in found("samarium", filters=SearchFilters(ticker="MP"))] == [post.pk]


@pytest.mark.parametrize("written", ["LYC.AX", "$LYC", "asx:lyc", "ASX: LYC", "lyc"])
def test_every_written_form_of_a_ticker_filters_the_same_on_the_page_and_the_api(
    client: Client, named: dict[str, Post], written: str
) -> None:
    page = client.get("/search/", {"q": "neodymium", "ticker": written}).content.decode()
    assert f'href="/forum/p/{named["ticker"].pk}/"' in page
    assert f'href="/forum/p/{named["mp"].pk}/"' not in page
    data = client.get("/api/v1/search/", {"q": "neodymium", "ticker": written}).json()
    assert data["count"] == 2


def test_a_ticker_alone_lists_what_names_it_newest_first(
    client: Client, named: dict[str, Post]
) -> None:
    data = client.get("/api/v1/search/", {"ticker": "MP"}).json()
    assert [result["url"] for result in data["results"]] == [
        f"http://testserver/forum/p/{named['mp'].pk}/"
    ]
    assert f'href="/forum/p/{named["mp"].pk}/"' in client.get("/search/?ticker=MP").content.decode()


def test_an_unlisted_ticker_finds_the_comments_naming_it(found: Found, topic: Topic) -> None:
    post = comment(topic, body="TSXV:ABC drilled more holmium.")
    assert [d.post_id for d in found("holmium", filters=SearchFilters(ticker="TSXV:ABC"))] == [
        post.pk
    ]


@pytest.mark.parametrize("bad", ["MP MATERIALS", "<script>", "$", "NYSE:", "A" * 31, "M.P.X"])
def test_a_bad_ticker_is_a_400_with_the_field_message(client: Client, bad: str) -> None:
    response = client.get("/api/v1/search/", {"q": "neodymium", "ticker": bad})
    assert response.status_code == 400
    assert "ticker" in response.json()
    page = client.get("/search/", {"q": "neodymium", "ticker": bad})
    assert page.status_code == 400
    assert "Not a ticker" in page.content.decode() or "at most 30" in page.content.decode()


def test_the_ticker_filter_is_in_the_schema(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/search/"]["get"]["parameters"]
    assert "ticker" in [parameter["name"] for parameter in parameters]


def test_an_article_unpublished_is_not_found_by_its_ticker(found: Found) -> None:
    article = ArticleFactory(title="Gadolinium at Lynas", tags=[TagFactory(slug="lynas")])
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert found("gadolinium", filters=SearchFilters(ticker="LYC.AX")) == []
