"""axe-core finds nothing wrong (WCAG 2.1 A and AA, and its best practices) on the pages
readers and moderators use, in the light theme and, for the article and the moderation
queue, in the dark one (prefers-color-scheme)."""

from __future__ import annotations

import re
from typing import Literal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post
from forum.discussions.services.topics import topic_create
from forum.moderation.models import Report
from forum.moderation.services.reports import report_create
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import Browsing
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("axe_installed"),
]

FACTORY_PASSWORD = "correct horse battery staple"
Scheme = Literal["light", "dark"]
SCHEMES = ["light", "dark"]
DARK_PAPER = "rgb(20, 24, 27)"  # --paper in static/css/site.css's dark theme


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".site-nav")).to_contain_text(f"@{user.username}")


def _check(page: Page, where: str, scheme: Scheme = "light") -> None:
    """axe on the page, once the theme asked for is the one shown."""
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == DARK_PAPER) == (scheme == "dark"), background
    assert_accessible(page, f"{where} ({scheme})")


@pytest.fixture
def discussion(settings: Settings) -> tuple[str, Post]:
    """An article with a thread (Markdown, a bare link, a reply) and a newcomer's comment held
    for a moderator, and one reported; its URL, and the held comment."""
    article = ArticleFactory(title="Lynas ramps up heavy rare earths")
    topic = article.discussion
    first = comment(
        topic, author=ReaderFactory(username="ada_l"), body="*Heavy*: https://example.com/r"
    )
    reply = comment(topic, reply_to=first, body="> Heavy\n\nWhich ones? `Dy` and `Tb`?")
    report_create(post=reply, reporter=ReaderFactory(), reason=Report.Reason.ABUSE, text="Rude.")
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic, author=ReaderFactory(username="newcomer"), body="Is the line running?")
    assert held.status == Post.Status.PENDING
    return article.get_absolute_url(), held


@pytest.mark.parametrize("scheme", SCHEMES)
def test_article_logged_out_and_as_the_author_of_a_pending_comment(
    browsing: Browsing, discussion: tuple[str, Post], scheme: Scheme
) -> None:
    url, held = discussion
    visitor = browsing.page(color_scheme=scheme)
    visitor.goto(url)
    expect(visitor.locator("#comments-title")).to_have_text("2 Comments")
    _check(visitor, "the article, logged out", scheme)

    reader = browsing.page(color_scheme=scheme)
    _log_in(reader, held.author)
    reader.goto(url)
    expect(reader.locator(f"#comment-{held.pk} .badge-pending")).to_be_visible()
    reader.locator(".reply-link").first.click()  # the reply form, loaded in place
    expect(reader.locator("#replies-root .comment-form")).to_be_visible()
    _check(reader, "the article with one's own pending comment", scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_moderation_queue_pending_and_reported(
    browsing: Browsing, discussion: tuple[str, Post], scheme: Scheme
) -> None:
    page = browsing.page(color_scheme=scheme)
    _log_in(page, ModeratorFactory(is_staff=True))
    page.goto("/moderation/")
    expect(page.locator(".mod-item")).to_have_count(1)
    _check(page, "the Pending queue", scheme)

    page.goto("/moderation/?queue=reported")
    expect(page.locator(".mod-reports")).to_contain_text("Rude.")
    _check(page, "the Reported queue", scheme)


def test_forum_topic(browsing: Browsing) -> None:
    author = ReaderFactory(username="topic_starter")
    topic = topic_create(
        category=CategoryFactory(name="Markets", slug="markets"),
        author=author,
        title="Where do NdPr prices go next?",
        body="Opening with a [link](https://example.com/) and a list:\n\n- one\n- two",
    )
    comment(topic, body="Up, see www.example.com.")
    page = browsing.page()
    _log_in(page, ReaderFactory())
    page.goto(topic.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("NdPr")
    _check(page, "a forum topic")


def test_sign_up_with_and_without_errors_and_log_in(browsing: Browsing) -> None:
    page = browsing.page()
    page.goto("/accounts/signup/")
    _check(page, "sign-up")
    # Passwords that differ: the form comes back with its errors.
    page.locator("#id_email").fill("nell@example.com")
    page.locator("#id_username").fill("nell_n")
    page.locator("#id_password1").fill("rare earth magnets 42")
    page.locator("#id_password2").fill("rare earth magnets 43")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    _check(page, "sign-up with errors")
    # Refused input answers 400, which Chromium logs: expected here, and the only error.
    refused = [e for e in browsing.errors if "status of 400" in e and "/accounts/signup/" in e]
    assert len(refused) == 1, browsing.errors
    browsing.errors.remove(refused[0])

    page.goto("/accounts/login/")
    _check(page, "login")


def test_notifications_settings_and_search(browsing: Browsing) -> None:
    article = ArticleFactory(title="Dysprosium supply tightens")
    ada = ReaderFactory(username="ada_n")
    mine = comment(article.discussion, author=ada, body="Dysprosium prices will double.")
    comment(article.discussion, reply_to=mine, body="Only if the border stays shut.")
    page = browsing.page()
    _log_in(page, ada)

    page.goto(reverse("notifications:list"))
    expect(page.locator(".notification")).to_have_count(1)
    _check(page, "notifications")

    for name in ("accounts:settings", "accounts:settings_profile"):
        page.goto(reverse(name))
        _check(page, f"settings ({name})")

    page.goto("/search/?q=dysprosium")
    expect(page.locator(".search-result").first).to_be_visible()
    _check(page, "search")


def test_skip_link_is_the_first_stop_and_shown_on_focus(browsing: Browsing) -> None:
    page = browsing.page()
    page.goto("/")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
