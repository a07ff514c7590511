"""Search in Chromium: from the header's box to the results, each leading to its article or to
the comment's place in its discussion, the filters and the next page; and the same journey
with the keyboard alone. (The page's axe check is in test_accessibility.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from articles.models import Article
from forum.discussions.models import Post
from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 30  # more stops than that before a result would itself be a finding


class Scene:
    """An article about dysprosium, a comment under another article saying it, and more
    comments saying "terbium" than one page holds."""

    def __init__(self) -> None:
        self.article: Article = ArticleFactory(
            title="Dysprosium supply tightens", body="Heavy rare earths from Myanmar."
        )
        other = ArticleFactory(title="Magnet makers expand")
        self.comment: Post = comment(
            other.discussion, author=ReaderFactory(username="ann_r"), body="Dysprosium is key."
        )
        self.terbium = [comment(other.discussion, body=f"Terbium note {n}.") for n in range(5)]


@pytest.fixture
def scene(settings: Settings) -> Scene:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    settings.SEARCH_RESULTS_PER_PAGE = 2
    return Scene()


def _results(page: Page) -> list[str]:
    return page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.pathname)")


def _comment_landed(page: Page, post: Post) -> None:
    """The comment's permalink leads to the comment in its discussion."""
    expect(page).to_have_url(re.compile(rf"#comment-{post.pk}$"))
    expect(page.locator(f"#comment-{post.pk} .comment-text")).to_contain_text(post.body)


def test_search_from_the_header_to_an_article_and_a_comment(
    browsing: Browsing, scene: Scene
) -> None:
    page = browsing.page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search articles and comments").fill("dysprosium")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=dysprosium$"))
    expect(page.get_by_role("status")).to_have_text("2 results")
    expect(page.locator(".search-result mark").first).to_have_text(re.compile("dysprosium", re.I))
    # The title match first, then the comment.
    assert _results(page) == [scene.article.get_absolute_url(), f"/forum/p/{scene.comment.pk}/"]

    page.get_by_role("link", name=scene.article.title).click()
    expect(page).to_have_url(re.compile(re.escape(scene.article.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(scene.article.title)

    page.go_back()
    page.locator(".search-result-comment h2 a").click()
    _comment_landed(page, scene.comment)


def test_search_filters_and_pages_without_script(browsing: Browsing, scene: Scene) -> None:
    page = browsing.page()
    page.goto("/search/?q=dysprosium")
    page.get_by_text("Filters and order").click()
    page.get_by_label("Comment", exact=True).check()
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"kind=comment"))
    expect(page.get_by_role("status")).to_have_text("1 result")
    assert _results(page) == [f"/forum/p/{scene.comment.pk}/"]
    expect(page.get_by_label("Comment", exact=True)).to_be_checked()

    # Newest first, two to a page: the next page keeps the query and the order.
    page.goto("/search/?q=terbium")
    page.get_by_text("Filters and order").click()
    page.get_by_label("Sort by").select_option("newest")
    page.locator(".search-form").get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("5 results")
    newest_first = [f"/forum/p/{post.pk}/" for post in reversed(scene.terbium)]
    assert _results(page) == newest_first[:2]
    page.get_by_role("link", name="Next →").click()
    expect(page.locator(".pagination")).to_contain_text("Page 2 of 3")
    assert _results(page) == newest_first[2:4]
    page.get_by_role("link", name="Next →").click()
    assert _results(page) == newest_first[4:]
    expect(page.get_by_role("link", name="Next →")).to_have_count(0)


def _tab_until(page: Page, selector: str) -> int:
    """Tab until the focus is on an element `selector` finds; how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement.closest({selector!r})"):
            return presses
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {selector}")


def test_search_by_keyboard_alone(browsing: Browsing, scene: Scene) -> None:
    page = browsing.page()
    page.goto("/")
    # The skip link first, then the brand, then the header's search box.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    assert _tab_until(page, "#site-search-q") == 2
    page.keyboard.type("dysprosium")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=dysprosium$"))
    expect(page.get_by_role("status")).to_have_text("2 results")

    # Past the header by the skip link, then through the form to the results.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    _tab_until(page, ".search-results a")
    first = page.locator(".search-result h2 a").first
    expect(first).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused result shows no focus ring"
    page.keyboard.press("Tab")
    expect(page.locator(".search-result-comment h2 a")).to_be_focused()
    page.keyboard.press("Enter")
    _comment_landed(page, scene.comment)

    # Back, and the article by the keyboard too.
    page.go_back()
    expect(page.get_by_role("status")).to_have_text("2 results")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    _tab_until(page, ".search-results a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(scene.article.get_absolute_url()) + "$"))
