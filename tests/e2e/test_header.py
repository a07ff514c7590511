"""The site's header on one row for the moderator, whose header holds the most: at a laptop's
1280 px everything in it, and on a 375 px phone the brand and a menu holding the rest."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post
from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACTORY_PASSWORD = "correct horse battery staple"
LAPTOP = {"width": 1280, "height": 800}
SMALL_PHONE = {"width": 375, "height": 667}


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".site-nav")).to_contain_text(f"@{user.username}")


@pytest.fixture
def moderator(settings: Settings) -> User:
    """A moderator (staff, so with Admin too) with six comments waiting, and a reply."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    topic = ArticleFactory().discussion
    for _ in range(6):
        comment(topic)
    Post.objects.update(held_at=timezone.now() - timedelta(minutes=3, seconds=10))
    moderator = ModeratorFactory(username="mo_derator_long", is_staff=True)
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    mine = comment(topic, author=moderator, body="Mine.")
    comment(topic, reply_to=mine, author=ReaderFactory(), body="A reply.")
    return moderator


def _rows(page: Page, selector: str) -> set[int]:
    """The distinct vertical centres (in px, rounded) of the visible elements `selector` finds."""
    tops: list[int] = page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect())"
        ".map(box => Math.round(box.top + box.height / 2))",
    )
    return set(tops)


def test_moderators_header_is_one_row_at_1280_px(browsing: Browsing, moderator: User) -> None:
    page = browsing.page(LAPTOP)
    _log_in(page, moderator)
    badge = page.locator(".site-nav .nav-count")
    expect(badge).to_have_text("6 waiting, oldest 3 min")
    expect(page.locator(".site-nav .unread-badge")).to_have_text("1")
    expect(page.locator(".menu-toggle")).to_be_hidden()

    items = ".site-header .brand, .site-search input, .site-nav > a, .account-toggle"
    assert page.locator(".site-nav > a").count() == 5
    expect(page.locator(".account-toggle")).to_be_visible()
    middles = _rows(page, items)
    assert max(middles) - min(middles) <= 4, f"not one row: centres at {sorted(middles)}"
    height = page.locator(".site-header").bounding_box()["height"]  # type: ignore[index]
    assert height <= 64, f"the header is {height}px high"
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_moderators_header_is_one_row_on_a_phone_with_the_rest_in_its_menu(
    browsing: Browsing, moderator: User
) -> None:
    page = browsing.page(SMALL_PHONE)
    _log_in(page, moderator)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu, something new")
    expect(toggle).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    middles = _rows(page, ".site-header .brand, .menu-toggle")
    assert max(middles) - min(middles) <= 4, f"not one row: centres at {sorted(middles)}"
    height = page.locator(".site-header").bounding_box()["height"]  # type: ignore[index]
    assert height <= 64, f"the header is {height}px high"
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    toggle.click()
    menu = page.locator("#site-menu")
    expect(menu.get_by_role("link", name="Moderation")).to_be_visible()
    expect(menu.locator(".nav-count")).to_have_text("6 waiting, oldest 3 min")
    expect(menu.get_by_role("button", name="Log out")).to_be_visible()
    expect(menu.get_by_role("searchbox")).to_be_visible()
    box = menu.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= SMALL_PHONE["width"]

    page.keyboard.press("Escape")
    expect(page.locator(".site-nav")).to_be_hidden()
    menu_link = page.locator(".site-nav .nav-moderation")
    toggle.click()
    menu_link.click()
    expect(page).to_have_url(re.compile(r"/moderation/$"))
