"""The capped count: matches counted exactly up to SEARCH_COUNT_CAP, then "more than" that, on
the page and in the API, and no page offered beyond the cap."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.viewer import Viewer
from forum.discussions.models import Topic
from forum.search.paging import SearchPaginator
from forum.search.selectors import search
from tests.factories import comment, post_status_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_matches(topic: Topic, settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    for number in range(5):
        comment(topic, body=f"Holmium note {number}.")


def test_search_finds_at_most_the_cap_and_says_there_are_more(
    five_matches: None, settings: Settings
) -> None:
    settings.SEARCH_COUNT_CAP = 3
    hits = search("holmium", viewer=Viewer.of(None), sort="newest")
    assert (hits.count(), hits.capped) == (3, True)
    assert [d.body for d in hits] == [f"Holmium note {n}." for n in (4, 3, 2)]
    pages = SearchPaginator(hits, 2)
    assert (pages.count, pages.capped, pages.num_pages) == (3, True, 2)
    assert len(pages.page(2)) == 1  # the last page ends at the cap
    settings.SEARCH_COUNT_CAP = 5
    exact = SearchPaginator(search("holmium", viewer=Viewer.of(None)), 2)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)


def test_search_page_says_more_than_the_cap_when_more_match(
    client: Client, five_matches: None, settings: Settings
) -> None:
    settings.SEARCH_COUNT_CAP = 3
    settings.SEARCH_RESULTS_PER_PAGE = 2
    page = client.get("/search/", {"q": "holmium"}).content.decode()
    assert "More than 3 results" in page
    assert "Page 1 of 2" in page


def test_search_page_counts_exactly_when_the_matches_are_within_the_cap(
    client: Client, five_matches: None, settings: Settings
) -> None:
    settings.SEARCH_COUNT_CAP = 5
    page = client.get("/search/", {"q": "holmium"}).content.decode()
    assert "5 results" in page
    assert "More than" not in page


def test_search_page_offers_no_page_beyond_the_cap(
    client: Client, five_matches: None, settings: Settings
) -> None:
    settings.SEARCH_COUNT_CAP = 3
    settings.SEARCH_RESULTS_PER_PAGE = 2
    last = client.get("/search/", {"q": "holmium", "page": "3"}).content.decode()
    assert "Page 2 of 2" in last  # a page past the cap shows the last one
    assert 'rel="next"' not in last
    assert last.count('class="search-result ') == 1


def test_search_api_says_its_count_is_capped(
    client: Client, five_matches: None, settings: Settings
) -> None:
    settings.SEARCH_COUNT_CAP = 3
    data = client.get("/api/v1/search/", {"q": "holmium"}).json()
    assert (data["count"], data["count_capped"], len(data["results"])) == (3, True, 3)
    assert data["next"] is None
    assert client.get("/api/v1/search/", {"q": "holmium", "page": "2"}).status_code == 404
    settings.SEARCH_COUNT_CAP = 5
    data = client.get("/api/v1/search/", {"q": "holmium"}).json()
    assert (data["count"], data["count_capped"]) == (5, False)


def test_schema_documents_the_capped_count(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]
    assert properties["count_capped"]["type"] == "boolean"
    assert "1,000" in properties["count"]["description"]


def test_search_past_the_cap_finds_the_visible_ones_among_the_first_matches(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    settings.SEARCH_COUNT_CAP = 3
    posts = [comment(topic, body=f"Holmium note {number}.") for number in range(5)]
    post_status_set(post=posts[-1], status="pending")
    hits = search("holmium", viewer=Viewer.of(None), sort="newest")
    # The candidates are the four newest matches; the held one among them is not shown.
    assert [document.post for document in hits] == [posts[3], posts[2], posts[1]]
    assert (hits.count(), hits.capped) == (3, True)
