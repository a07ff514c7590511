"""axe-core finds nothing wrong (WCAG 2.1 A and AA, and its best practices) on the pages
readers and moderators use, in the light theme and the dark one (prefers-color-scheme)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post
from forum.discussions.services.topics import topic_create
from forum.moderation.services.reports import report_create
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, CategoryFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("axe_installed"),
]

FACTORY_PASSWORD = "correct horse battery staple"


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".site-nav")).to_contain_text(f"@{user.username}")


def _discussion(settings: Settings) -> tuple[str, Post, User]:
    """An article with a thread of comments, a reply, Markdown, and a newcomer's comment held
    for a moderator; its URL, the held comment and its author."""
    article = ArticleFactory(title="Lynas ramps up heavy rare earths")
    topic = article.discussion
    ada = ReaderFactory(username="ada_l")
    first = comment(topic, author=ada, body="*Heavy* rare earths, see https://example.com/r.")
    comment(topic, reply_to=first, body="> Heavy\n\nWhich ones? `Dy` and `Tb`?")
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    newcomer = ReaderFactory(username="newcomer")
    held = comment(topic, author=newcomer, body="Is the separation line running yet?")
    assert held.status == Post.Status.PENDING
    return article.get_absolute_url(), held, newcomer


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_logged_out_and_as_the_author_of_a_pending_comment(
    browsing: Browsing, settings: Settings, scheme: str
) -> None:
    url, held, newcomer = _discussion(settings)
    visitor = browsing.page(color_scheme=scheme)  # type: ignore[arg-type]
    visitor.goto(url)
    expect(visitor.locator("#comments-title")).to_have_text("2 Comments")
    assert_accessible(visitor, f"the article, logged out ({scheme})")

    reader = browsing.page(color_scheme=scheme)  # type: ignore[arg-type]
    _log_in(reader, newcomer)
    reader.goto(url)
    expect(reader.locator(f"#comment-{held.pk} .badge-pending")).to_be_visible()
    reader.locator(".reply-box summary").first.click()
    assert_accessible(reader, f"the article with one's own pending comment ({scheme})")
