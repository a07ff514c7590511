"""The article admin in Chromium: an editor reorders and nests Highlights by dragging and
with the buttons and keys, previews the body, saves, and readers see the new tree."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, EditorFactory, HighlightFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACTORY_PASSWORD = "correct horse battery staple"  # what tests.factories gives every user


def _row(page: Page, text: str) -> Locator:
    return page.locator("#highlights-group tr.form-row").filter(
        has=page.locator(f"textarea:text-is('{text}')")
    )


def test_editor_reorders_and_nests_highlights_and_readers_see_the_tree(
    browsing: Browsing,
) -> None:
    editor = EditorFactory(username="ed_itor")
    article = ArticleFactory(title="Baotou's magnet plan")
    for position, text in enumerate(["Jobs", "Capacity", "Quotas"]):
        HighlightFactory(article=article, position=position, depth=0, text=text)
    page = browsing.page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/change/$"), wait_until="load")

    # Quotas dragged by its handle to the top: Quotas, Jobs, Capacity.
    _row(page, "Quotas").locator(".highlight-handle").drag_to(
        _row(page, "Jobs").locator("textarea"), target_position={"x": 10, "y": 2}
    )
    # Capacity up above Jobs with its button, then indented under Quotas; Jobs by Alt+→.
    _row(page, "Capacity").get_by_role("button", name="Move up").click()
    _row(page, "Capacity").get_by_role("button", name="Indent").click()
    _row(page, "Jobs").locator("textarea").press("Alt+ArrowRight")
    # A new bullet, typed into a spare row and indented twice: under Jobs.
    spare = page.locator("#highlights-group tr.form-row:not(.has_original)").first
    spare.locator("textarea").fill("Two hundred new posts")
    spare.get_by_role("button", name="Indent").click()
    spare.get_by_role("button", name="Indent").click()
    expect(spare).to_have_attribute("data-depth", "2")

    page.get_by_role("button", name="Preview body").click()
    expect(page.locator(".body-preview h2#supply")).to_have_text("Supply")
    expect(page.locator(".field-publish_at .site-time-zone")).to_have_text("+00:00 (UTC)")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(article.get_absolute_url())
    top = page.locator(".highlights > ul > li")
    expect(top).to_have_count(1)
    expect(top.first).to_contain_text("Quotas")
    second = top.first.locator(":scope > ul > li")
    expect(second).to_have_count(2)
    expect(second.nth(0)).to_contain_text("Capacity")
    expect(second.nth(1)).to_contain_text("Jobs")
    expect(second.nth(1).locator(":scope > ul > li")).to_have_text("Two hundred new posts")
