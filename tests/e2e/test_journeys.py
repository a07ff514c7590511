"""Journeys through the real pages in Chromium: signing up and commenting, replies and their
notifications, pre-moderation, publishing from the admin, replies arriving without a reload
(with the comment count and the unread badge), and screenshots of a discussion at desktop and
phone widths."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, Route, expect
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post
from tests.e2e.conftest import DESKTOP, PHONE, Browsing
from tests.factories import ArticleFactory, EditorFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed rows; the flush after each test would take the rows the
    # migrations made (roles, the Articles category) with it, unless they are put back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACTORY_PASSWORD = "correct horse battery staple"  # what tests.factories gives every user
NEW_PASSWORD = "rare earth magnets 42"


def _log_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".site-nav")).to_contain_text(f"@{user.username}")


def _comment_id(page: Page) -> int:
    """The comment a post or a notification led to: /forum/p/<id>/ lands on #comment-<id>."""
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    return int(page.url.rsplit("-", 1)[1])


def test_reader_signs_up_verifies_and_comments(browsing: Browsing, settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    article = ArticleFactory(title="Lynas ramps up heavy rare earths")
    page = browsing.page()

    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("nell@example.com")
    # The browser holds the handle to the help text's "3 to 30" before anything is sent.
    page.locator("#id_username").fill("n")
    assert not page.locator("#id_username").evaluate("input => input.checkValidity()")
    page.locator("#id_username").fill("nell_n")
    assert page.locator("#id_username").evaluate("input => input.checkValidity()")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The link in the mail, then the confirmation, which logs the new reader in.
    (message,) = mail.outbox
    assert message.to == ["nell@example.com"]
    assert message.subject == "[Rare Earth Exchanges] Confirm your email address"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".site-nav")).to_contain_text("@nell_n")

    page.goto(article.get_absolute_url())
    expect(page.locator("#comments-title")).to_have_text("0 Comments")
    page.locator("#id_body").fill("Does the new plant separate *heavy* rare earths too?")
    page.get_by_role("button", name="Post comment").click()
    comment_id = _comment_id(page)

    posted = page.locator(f"#comment-{comment_id}")
    expect(posted.locator(".comment-text")).to_have_text(
        "Does the new plant separate heavy rare earths too?"
    )
    expect(posted.locator(".comment-text em")).to_have_text("heavy")
    expect(posted.locator(".author")).to_have_text("nell_n")
    expect(page.locator("#comments-title")).to_have_text("1 Comment")
    expect(page.locator(".badge-pending")).to_have_count(0)


def test_reply_notifies_the_parents_author(browsing: Browsing) -> None:
    article = ArticleFactory()
    ada = ReaderFactory(username="ada_first")
    bo = ReaderFactory(username="bo_second")
    parent = comment(article.discussion, author=ada, body="Dysprosium prices will double.")

    # Bo replies under Ada's comment: its Reply link loads the one form in its place (htmx),
    # without leaving the page.
    bo_page = browsing.page()
    _log_in(bo_page, bo)
    bo_page.goto(article.get_absolute_url())
    under_parent = bo_page.locator(f"#comment-{parent.pk}")
    under_parent.get_by_role("link", name="Reply").click()
    expect(under_parent.locator(".reply-link")).to_have_count(0)
    expect(bo_page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    under_parent.get_by_label("Reply to ").fill("Only if the Myanmar border stays shut.")
    under_parent.get_by_role("button", name="Post reply").click()
    reply_id = _comment_id(bo_page)
    expect(bo_page.locator(f"#replies-{parent.pk} > #comment-{reply_id}")).to_be_visible()

    # Ada, in a browser of her own, sees the unread count in the header on any page.
    ada_page = browsing.page()
    _log_in(ada_page, ada)
    expect(ada_page.locator(".site-nav .unread-badge")).to_have_text("1")

    ada_page.locator(".site-nav").get_by_role("link", name="Notifications").click()
    expect(ada_page).to_have_url(re.compile(r"/notifications/$"))
    (notification,) = ada_page.locator(".notification.unread").all()
    expect(notification).to_contain_text("bo_second")

    # It leads to the reply, and is then read.
    notification.get_by_role("button").click()
    assert _comment_id(ada_page) == reply_id
    expect(ada_page).to_have_url(re.compile(re.escape(article.get_absolute_url())))
    expect(ada_page.locator(f"#comment-{reply_id} .comment-text")).to_have_text(
        "Only if the Myanmar border stays shut."
    )
    expect(ada_page.locator(f"#comment-{reply_id}")).to_be_in_viewport()
    expect(ada_page.locator(".site-nav .unread-badge")).to_have_count(0)


def test_first_comment_is_held_until_a_moderator_approves_it(
    browsing: Browsing, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    article = ArticleFactory()
    newcomer = ReaderFactory(username="newcomer")
    moderator = ModeratorFactory(username="mo_derator")
    text = "Is the Mountain Pass separation line running yet?"

    newcomer_page = browsing.page()
    _log_in(newcomer_page, newcomer)
    newcomer_page.goto(article.get_absolute_url())
    newcomer_page.locator("#id_body").fill(text)
    newcomer_page.get_by_role("button", name="Post comment").click()
    comment_id = _comment_id(newcomer_page)
    expect(newcomer_page.locator(".messages")).to_contain_text(
        "Your comment will appear once a moderator has approved it"
    )
    held = newcomer_page.locator(f"#comment-{comment_id}")
    expect(held.locator(".badge-pending")).to_have_text("Awaiting moderation")
    expect(held.locator(".comment-text")).to_have_text(text)

    visitor = browsing.page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.locator("#comments-title")).to_have_text("0 Comments")
    expect(visitor.get_by_text(text)).to_have_count(0)

    # The moderator follows the header's count to the queue and approves in place.
    moderator_page = browsing.page()
    _log_in(moderator_page, moderator)
    nav = moderator_page.locator(".site-nav .nav-moderation")
    expect(nav.locator(".nav-count")).to_contain_text("1")
    nav.click()
    # Loaded, not only shown: before htmx sets up the forms, Approve would be a plain post.
    moderator_page.wait_for_url(re.compile(r"/moderation/$"), wait_until="load")
    item = moderator_page.locator(f"#item-{comment_id}")
    expect(item).to_contain_text(text)
    expect(item.locator(".mod-held")).to_contain_text("first post")
    item.get_by_role("button", name="Approve", exact=True).click()
    expect(item.locator(".mod-result")).to_be_visible()
    expect(item.get_by_role("button", name="Approve")).to_have_count(0)
    assert Post.objects.get(pk=comment_id).status == Post.Status.VISIBLE

    visitor.reload()
    expect(visitor.locator("#comments-title")).to_have_text("1 Comment")
    expect(visitor.locator(f"#comment-{comment_id} .comment-text")).to_have_text(text)
    expect(visitor.locator(".badge-pending")).to_have_count(0)


def test_editor_publishes_an_article_from_the_admin(browsing: Browsing) -> None:
    editor = EditorFactory(username="ed_itor")
    title = "Neodymium exports fall for a third month"
    page = browsing.page()

    page.goto("/admin/articles/article/add/")
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Loaded, so the admin's script that fills the slug listens before anything is typed.
    page.wait_for_url(re.compile(r"/admin/articles/article/add/$"), wait_until="load")

    page.locator("#id_title").press_sequentially(title)
    # The admin's own script fills the slug from the title as it is typed.
    expect(page.locator("#id_slug")).to_have_value("neodymium-exports-fall-for-a-third-month")
    page.locator("#id_body").fill("Shipments fell again.\n\n## Why\n\nQuotas tightened.")
    page.locator("#id_status").select_option(label="Published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(title)

    page.goto("/")
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".article-body h2#why")).to_have_text("Why")
    expect(page.locator("#comments-title")).to_have_text("0 Comments")


def test_new_replies_appear_without_a_reload(browsing: Browsing) -> None:
    article = ArticleFactory()
    topic = article.discussion
    first = comment(topic, body="Samarium is the one to watch.")
    page = browsing.page()
    # The page polls every 20 seconds: a fake clock lets the test move time on instead.
    page.clock.install()
    page.goto(article.get_absolute_url())
    poller = page.locator(".new-replies")
    indicator = poller.locator(".htmx-indicator")
    expect(indicator).to_have_text("Loading new replies...")
    expect(indicator).to_be_hidden()

    reply = comment(topic, reply_to=first, body="Samarium-cobalt magnets need it, yes.")
    later = comment(topic, body="What about terbium?")

    # Time moves on to the next poll. Its request is answered only once the page shows it
    # is loading.
    loading_shown: list[bool] = []

    def answer_when_seen(route: Route) -> None:
        loading_shown.append(indicator.is_visible())
        route.continue_()

    page.route(re.compile(r"/forum/t/\d+/new/\?after=\d+"), answer_when_seen, times=1)
    page.clock.run_for(20_000)

    expect(page.locator(f"#replies-{first.pk} > #comment-{reply.pk} .comment-text")).to_have_text(
        "Samarium-cobalt magnets need it, yes."
    )
    expect(page.locator(f"#replies-root > #comment-{later.pk} .comment-text")).to_have_text(
        "What about terbium?"
    )
    # The poller is back, asking for what comes after the newest post, and idle again.
    expect(poller).to_have_attribute("hx-get", re.compile(rf"after={later.pk}\b"))
    expect(poller.locator(".htmx-indicator")).to_have_text("Loading new replies...")
    expect(poller.locator(".htmx-indicator")).to_be_hidden()
    assert loading_shown == [True]
    assert page.locator(f"#comment-{later.pk}").count() == 1


def test_a_reply_arriving_by_the_poll_updates_the_count_and_the_unread_badge(
    browsing: Browsing,
) -> None:
    article = ArticleFactory()
    ada = ReaderFactory(username="ada_polls")
    mine = comment(article.discussion, author=ada, body="Neodymium supply is the question.")
    page = browsing.page()
    _log_in(page, ada)
    page.clock.install()
    page.goto(article.get_absolute_url())
    expect(page.locator("#comments-title")).to_have_text("1 Comment")
    expect(page.locator(".site-nav .unread-badge")).to_have_count(0)

    reply = comment(article.discussion, reply_to=mine, body="And the price with it.")
    page.clock.run_for(20_000)

    expect(page.locator(f"#replies-{mine.pk} > #comment-{reply.pk}")).to_be_visible()
    expect(page.locator("#comments-title")).to_have_text("2 Comments")
    expect(page.locator(".site-nav .unread-badge")).to_have_text("1")
    expect(page.locator("#comments-title")).to_have_count(1)
    expect(page.locator("#nav-notifications")).to_have_count(1)


def test_logged_out_reader_on_a_phone_is_invited_to_log_in_or_sign_up(
    browsing: Browsing,
) -> None:
    article = ArticleFactory()
    comment(article.discussion, body="Gallium too.")
    page = browsing.page(PHONE)
    page.goto(article.get_absolute_url())

    invite = page.locator("#comments .invite")
    expect(invite).to_be_visible()
    expect(page.locator("#comments .refusal")).to_have_count(0)
    for name in ("Log in", "Sign up"):
        link = invite.get_by_role("link", name=name)
        # One line box each: neither breaks across two lines on a narrow screen.
        assert link.evaluate("a => a.getClientRects().length") == 1, name
        assert link.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap", name

    invite.get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    expect(page.locator("#id_username")).to_have_attribute("minlength", "3")


def test_screenshots_of_a_discussion_at_desktop_and_phone_widths(
    browsing: Browsing, settings: Settings
) -> None:
    article = ArticleFactory(title="China tightens rare-earth export licences")
    topic = article.discussion
    ada, bo, cy = (ReaderFactory(username=name) for name in ("ada_l", "bo_m", "cy_n"))
    opening = comment(
        topic,
        author=ada,
        body="The licence rules cover *processing technology* now, not only the metals. "
        "That is the part that matters for anyone building a separation plant.",
    )
    answer = comment(topic, author=bo, reply_to=opening, body="Which plants, though?")
    deeper = comment(topic, author=ada, reply_to=answer, body="> Which plants\n\nLynas, MP.")
    comment(topic, author=cy, reply_to=deeper, body="And Iluka's refinery in Eneabba.")
    second = comment(topic, author=cy, body="Prices for NdPr oxide barely moved.")
    comment(topic, author=ada, reply_to=second, body="They had already priced it in.")
    comment(topic, author=bo, body="- quotas\n- licences\n- stockpiles\n\nAll three at once.")

    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        path = folder / f"article-comments-{name}.png"
        path.unlink(missing_ok=True)
        page = browsing.page(viewport)
        _log_in(page, cy)  # a reader's view: the comment form, Reply and Report on each comment
        page.goto(article.get_absolute_url())
        expect(page.locator("#comments-title")).to_have_text("7 Comments")
        expect(page.locator(".comment-form")).to_be_visible()
        expect(page.locator(f"#replies-{deeper.pk} .comment")).to_have_count(1)
        # Nothing wider than the screen: no sideways scrolling, on a phone least of all.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the page is {width}px wide"
        page.screenshot(path=path, full_page=True)
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), path
        assert len(data) > 10_000, path
