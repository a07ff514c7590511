"""The moderation queue in Chromium: its reason drop-downs and text fields show their whole
text at a laptop's and a phone's width, and each tab's bulk decisions are the ones its items
offer (Pending: approve, reject; Reported: remove, dismiss the reports)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post
from forum.moderation.models import Report
from forum.moderation.services.decisions import post_approve
from forum.moderation.services.reports import report_create
from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACTORY_PASSWORD = "correct horse battery staple"

# For each select and text field: how much wider its text is than the room it has, in px.
# A select shows its chosen option's text; an empty text field shows its placeholder.
CUT_OFF = """els => els.filter(e => e.getClientRects().length).map(e => {
  const style = getComputedStyle(e);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = e.tagName === "SELECT" ? e.options[e.selectedIndex].text : e.placeholder;
  const arrow = e.tagName === "SELECT" ? 20 : 0;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [text, Math.ceil(context.measureText(text).width + arrow - room)];
}).filter(([text, over]) => over > 0)"""


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".site-nav")).to_contain_text(f"@{user.username}")


@pytest.fixture
def queued(settings: Settings) -> tuple[list[Post], list[Post]]:
    """Two comments held for a moderator, and two visible ones reported."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    topic = ArticleFactory().discussion
    held = [comment(topic) for _ in range(2)]
    reported = [post_approve(post=comment(topic), moderator=ModeratorFactory()) for _ in range(2)]
    for post in reported:
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    return held, reported


@pytest.mark.parametrize("width", [1280, 375])
def test_reason_drop_downs_and_placeholders_are_not_cut_off(
    browsing: Browsing, queued: object, width: int
) -> None:
    page = browsing.page({"width": width, "height": 900})
    _log_in(page, ModeratorFactory())
    for queue in ("pending", "reported"):
        page.goto(f"/moderation/?queue={queue}")
        fields = page.locator(
            ".mod-bulk select, .mod-bulk input[type=text], "
            ".mod-actions select, .mod-actions input[type=text]"
        )
        expect(fields.first).to_be_visible()
        assert fields.count() >= 4
        assert fields.evaluate_all(CUT_OFF) == [], f"cut off in {queue} at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tick_all(page: Page) -> None:
    for box in page.locator(".mod-select").all():
        box.check()


def test_pending_tab_bulk_approves_and_rejects(
    browsing: Browsing, queued: tuple[list[Post], list[Post]]
) -> None:
    held, _ = queued
    page = browsing.page()
    _log_in(page, ModeratorFactory())
    page.goto("/moderation/?queue=pending", wait_until="load")
    bulk = page.locator(".mod-bulk")
    expect(bulk.get_by_role("button")).to_have_text(["Reject selected", "Approve selected"])
    expect(bulk.get_by_role("combobox", name="Reason for rejecting")).to_be_visible()

    page.locator(f"#select-{held[0].pk}").check()
    bulk.get_by_role("button", name="Approve selected").click()
    expect(page.locator(".messages")).to_contain_text("Approved 1 comment.")
    page.locator(f"#select-{held[1].pk}").check()
    bulk.get_by_role("combobox").select_option(label="Off-topic")
    bulk.get_by_role("button", name="Reject selected").click()
    expect(page.locator(".messages")).to_contain_text("Rejected 1 comment.")
    expect(page.locator(".mod-item")).to_have_count(0)
    statuses = [Post.objects.get(pk=post.pk).status for post in held]
    assert statuses == [Post.Status.VISIBLE, Post.Status.REJECTED]


def test_reported_tab_bulk_removes_and_dismisses_as_its_items_do(
    browsing: Browsing, queued: tuple[list[Post], list[Post]]
) -> None:
    _, reported = queued
    page = browsing.page()
    _log_in(page, ModeratorFactory())
    page.goto("/moderation/?queue=reported", wait_until="load")
    for item in page.locator(".mod-item").all():  # what each item offers
        expect(item.get_by_role("button", name="Remove")).to_be_visible()
        expect(item.get_by_role("button", name="Dismiss reports")).to_be_visible()
        expect(item.get_by_role("button", name="Approve")).to_have_count(0)
    bulk = page.locator(".mod-bulk")
    expect(bulk.get_by_role("button")).to_have_text(
        ["Remove selected", "Dismiss reports on selected"]
    )
    expect(bulk.get_by_role("combobox", name="Reason for removing")).to_be_visible()

    page.locator(f"#select-{reported[0].pk}").check()
    bulk.get_by_role("combobox").select_option(label="Spam or advertising")
    bulk.get_by_role("button", name="Remove selected").click()
    expect(page.locator(".messages")).to_contain_text("Removed 1 comment.")
    expect(page).to_have_url(re.compile(r"queue=reported"))
    page.locator(f"#select-{reported[1].pk}").check()
    page.locator(".mod-bulk").get_by_role("button", name="Dismiss reports on selected").click()
    expect(page.locator(".messages")).to_contain_text("Dismissed the reports on 1 comment.")
    expect(page.locator(".mod-item")).to_have_count(0)

    removed, kept = (Post.objects.get(pk=post.pk) for post in reported)
    assert removed.status == Post.Status.REMOVED
    assert removed.moderation_reason == "Spam or advertising"
    assert kept.status == Post.Status.VISIBLE
    assert not Report.objects.filter(post=kept, status=Report.Status.OPEN).exists()
