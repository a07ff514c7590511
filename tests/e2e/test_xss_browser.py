"""Hostile input in Chromium. The XSS corpus (tests/xss_payloads.py) is written as comment
bodies, topic titles, display names, bios, report details and moderators' reasons through the
services; then every page showing it is opened (the article, the category, each topic, each
profile, the notifications, the moderation queues and log, the admin's list of posts) and on
none may any of it run. As handles it gets
no further than sign-up, which refuses every payload.

A payload ran, or got into the document, if a dialog opened; if it left its trace (a global
set, the title changed, a request to the beacon or off the site); if the
Content-Security-Policy reported a violation (script-src 'self' stops an injected inline script
or handler, but that it had to is the hole); or if the document holds an event handler
(htmx's hx-on included), a script that is not one of the site's, a frame, object, embed,
<base> or refresh, or a javascript:, vbscript: or data:text/html URL.

Each kind of page sees the whole corpus in as few loads as it allows: a page per topic and per
profile, since each shows one title or one name; one page for all the comments, topics or held
posts it lists.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Dialog, Page, Request, Route
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from accounts.models import HANDLE_MAX_LENGTH, Delivery, NotificationKind, User, handle_validator
from accounts.services.preferences import notification_preferences_update
from accounts.services.profiles import user_profile_update
from articles.models import Article
from forum.discussions.models import Category, Post, PostRevision, Topic
from forum.discussions.services.topics import topic_create
from forum.moderation.admin import PostAdmin
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import post_remove
from forum.moderation.services.reports import report_create
from forum.moderation.views.queue import LOG_PAGE_SIZE
from forum.notifications.models import Notification
from forum.notifications.views import PER_PAGE as NOTIFICATIONS_PER_PAGE
from tests.e2e.conftest import Browsing
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment
from tests.xss_payloads import XSS_BEACON, XSS_MARK, XSS_PAYLOADS, XSS_TITLE

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length
# Scripts the site serves itself: its static files, and the admin's translation catalogue.
OWN_SCRIPT_PATHS = ["/static/", "/admin/jsi18n/"]

# Run in every page before its own scripts, so the test can read the violations CSP reports.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
}, true);
"""

# What the document shows of a payload that ran or got in; run once the page has loaded.
READ_TRACES = """
([mark, ownScriptPaths]) => {
  const urlAttributes = new Set(
    ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]
  );
  const strayTags = new Set(["iframe", "frame", "object", "embed", "base"]);
  const own = (script) => {
    const src = script.getAttribute("src");
    if (!src || (script.type && script.type !== "text/javascript")) return false;
    const url = new URL(src, location.href);
    return url.origin === location.origin
      && ownScriptPaths.some((path) => url.pathname.startsWith(path));
  };
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    const html = element.cloneNode(false).outerHTML.slice(0, 160);
    for (const { name, value } of element.attributes) {
      const plain = value.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, "").toLowerCase();
      if (/^(on|(data-)?hx-on)/.test(name)) found.push(html);  // handlers, htmx's too
      if (urlAttributes.has(name) && /^(javascript:|vbscript:|data:text\\/html)/.test(plain)) {
        found.push(html);
      }
    }
    if (tag === "script" && !own(element)) found.push(html);
    if (strayTags.has(tag)) found.push(html);
    if (tag === "meta" && element.httpEquiv.toLowerCase() === "refresh") found.push(html);
  }
  return {
    violations: window.__cspViolations,
    marked: mark in window,
    title: document.title,
    found,
  };
}
"""


@dataclass
class Watched:
    """A page, with the dialogs it opened and its requests to the beacon or off the site."""

    page: Page
    origin: str
    dialogs: list[str] = field(default_factory=list)
    stray_requests: list[str] = field(default_factory=list)

    def forget(self) -> None:
        """Start afresh, for the next page."""
        self.dialogs.clear()
        self.stray_requests.clear()

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(self, request: Request) -> None:
        if not request.url.startswith(self.origin + "/") or XSS_BEACON in request.url:
            self.stray_requests.append(request.url)


def watched(browsing: Browsing, user: User | None = None) -> Watched:
    """A page of its own, signed in as `user` if given (by session cookie: test_journeys
    drives the login form), watched for what a payload that ran would do."""
    page = browsing.page()
    if user is not None:
        client = Client()
        client.force_login(user)
        name = django_settings.SESSION_COOKIE_NAME
        page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": browsing.base_url}]
        )
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    watch = Watched(page=page, origin=browsing.base_url)
    page.on("dialog", watch.on_dialog)
    page.on("request", watch.on_request)
    return watch


# What shows that a payload ran or got into a page.
DIALOGS = "dialogs"
STRAY_REQUESTS = "requests to the beacon or off the site"
CSP_VIOLATIONS = "CSP violations"
MARK_SET = "the payload's global set"
TITLE_CHANGED = "title changed"
FOUND_IN_DOM = "handlers, foreign scripts, frames, dangerous URLs"


def traces(watch: Watched) -> dict[str, list[str]]:
    """Each kind of trace with what the page, as it stands, shows of it: all empty if nothing
    ran or got in."""
    seen = watch.page.evaluate(READ_TRACES, [XSS_MARK, OWN_SCRIPT_PATHS])
    return {
        DIALOGS: watch.dialogs,
        STRAY_REQUESTS: watch.stray_requests,
        CSP_VIOLATIONS: seen["violations"],
        MARK_SET: [XSS_MARK] if seen["marked"] else [],
        TITLE_CHANGED: [seen["title"]] if seen["title"] == XSS_TITLE else [],
        FOUND_IN_DOM: seen["found"],
    }


def open_and_check(watch: Watched, path: str) -> None:
    watch.page.goto(path)
    found = traces(watch)
    assert not any(found.values()), f"{watch.page.url}: {found}"


def as_shown(value: str | None) -> str:
    """Text as a page shows it in a line: runs of white space as one space."""
    return " ".join((value or "").split())


# --- The check itself -----------------------------------------------------------------------

PLANTED_SCRIPT = f"alert(1); window.{XSS_MARK} = 1; document.title = '{XSS_TITLE}';"
PLANTED = [
    # CSP stops these, and says so; the document still holds what got in.
    ("<script>alert(1)</script>", {CSP_VIOLATIONS, FOUND_IN_DOM}),
    ("<script src=https://evil.example/x.js></script>", {CSP_VIOLATIONS, FOUND_IN_DOM}),
    ("<img src=x onerror=alert(1)>", {FOUND_IN_DOM}),
    ('<a href=" java\tscript:alert(1)">x</a>', {FOUND_IN_DOM}),
    ('<iframe srcdoc="x"></iframe>', {FOUND_IN_DOM}),
    # CSP lets these through: the site's own origin, and htmx's requests to it.
    (f"<script src={XSS_BEACON}></script>", {STRAY_REQUESTS, FOUND_IN_DOM}),
    (f'<div hx-get="{XSS_BEACON}" hx-trigger="load">x</div>', {STRAY_REQUESTS}),
    ('<div hx-on:click="alert(1)">x</div>', {FOUND_IN_DOM}),
    # And a script that runs: one the site would serve, were it planted among its files.
    ('<script src="/static/planted.js"></script>', {DIALOGS, MARK_SET, TITLE_CHANGED}),
]


def serve(
    body: str, content_type: str, headers: dict[str, str] | None = None
) -> Callable[[Route], None]:
    def fulfill(route: Route) -> None:
        route.fulfill(body=body, content_type=content_type, headers=headers)

    return fulfill


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_catches_what_got_into_a_page(chromium: Browser, live_server: LiveServer) -> None:
    """The check can fail: one of the site's pages, with its scripts and under its CSP, served
    again with a payload planted in it."""
    # A Browsing of its own, whose console errors (the plants cause them) are not asserted.
    browsing = Browsing(browser=chromium, base_url=live_server.url)
    watch = watched(browsing)
    site_page = watch.page.request.get("/forum/")
    policy = site_page.headers["content-security-policy"]
    watch.page.route("**/static/planted.js", serve(PLANTED_SCRIPT, "text/javascript"))
    missed = []
    for number, (planted, expected) in enumerate(PLANTED):
        body = site_page.text().replace("</main>", f"<p>{planted}</p></main>")
        path = f"/planted/{number}/"
        watch.page.route(f"**{path}", serve(body, "text/html", {"content-security-policy": policy}))
        watch.forget()
        watch.page.goto(path)
        caught = {kind for kind, found in traces(watch).items() if found}
        if not expected <= caught:
            missed.append(f"{planted}: {sorted(expected - caught)}")
    browsing.close()

    assert missed == []


# --- Handles --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_refuses_every_payload_as_a_handle(client: Client, settings: Settings) -> None:
    """No payload becomes a handle, so none reaches a page as one: the sign-up form refuses
    each, on the handle field alone, by the handle's rule or its length (a browser's form
    cuts the value at 30 characters; a crafted request does not). Should the rule ever let one
    through, this fails, and the pages below must show that handle too."""
    # allauth allows 20 sign-ups a minute from one address.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1000/m/ip"}
    password = "rare earth magnets 42"

    for number, payload in enumerate(XSS_PAYLOADS):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"handle{number}@example.com",
                "username": payload,
                "password1": password,
                "password2": password,
            },
        )

        expected = (
            f"Ensure this value has at most {HANDLE_MAX_LENGTH} characters (it has {len(payload)})."
            if len(payload) > HANDLE_MAX_LENGTH
            else handle_validator.message
        )
        assert response.context["form"].errors == {"username": [expected]}, payload
    assert not User.objects.filter(email__startswith="handle").exists()


# --- What hostile people write, and the pages that show it ----------------------------------


@dataclass
class Scene:
    target: User
    moderator: User
    people: list[User]
    """One per payload, in the corpus's order."""
    article: Article
    under_article: list[Post]
    """One per payload, by its person: their comment under the article."""
    topics: list[Topic]
    """One per payload, by its person."""


@pytest.fixture
def scene(settings: Settings) -> Scene:
    """The whole corpus written through the services, and every list long enough to show it
    on one page.

    Each person writes their payload everywhere: as their bio and, cut to the field's length,
    their display name; as a comment under an article, replying to the target; as the title
    and opening post of a topic of their own, mentioning the target; as a comment in the
    previous person's topic; and, once every post is held for a moderator, as a reply in
    their own topic to the comment the next person left there.
    """
    room = 4 * len(XSS_PAYLOADS)
    settings.FORUM_THREADS_PER_PAGE = room
    settings.FORUM_TOPICS_PER_PAGE = room
    settings.FORUM_MODERATION_PAGE_SIZE = room
    # The same body again from the same author, refused within minutes as a slip, is meant.
    settings.FORUM_DUPLICATE_WINDOW_MINUTES = 0
    # So is a crowd of new accounts writing payloads that fold to the same letters: no push.
    settings.COORDINATED_PUSH_ACCOUNTS = 10_000
    settings.COORDINATED_PUSH_MIN_TEXT_LENGTH = 10_000_000

    target = ReaderFactory(username="target_reader")
    # The target reads replies and mentions in the site: their mails would only cost time.
    notification_preferences_update(
        user=target,
        preferences={
            NotificationKind.REPLY: Delivery.IN_APP,
            NotificationKind.MENTION: Delivery.IN_APP,
        },
    )
    people = []
    for number, payload in enumerate(XSS_PAYLOADS):
        # Display names straight into the row: the profile service now refuses some of these
        # (look-alikes of each other once cut to length, bidi controls), but names from before
        # that rule, or set in the admin, must still be shown harmlessly.
        person = ReaderFactory(
            username=f"hostile_{number:03d}", display_name=payload[:DISPLAY_NAME_MAX_LENGTH]
        )
        user_profile_update(user=person, bio=payload)
        people.append(person)
    writing = list(zip(people, XSS_PAYLOADS, strict=True))

    article = ArticleFactory(title="Rare earths under attack")
    asked = comment(article.discussion, author=target, body="What do you all make of it?")
    under_article = [
        comment(article.discussion, author=person, body=payload, reply_to=asked)
        for person, payload in writing
    ]
    category = Category.objects.create(name="Open floor", slug="open-floor")
    topics = [
        topic_create(
            category=category,
            author=person,
            title=payload,
            body=f"{payload}\n\nOver to you, @{target.username}.",
        )
        for person, payload in writing
    ]
    # In each topic, a comment by the next person (the first person's in the last topic).
    comments = [
        comment(topic, author=person, body=payload)
        for topic, (person, payload) in zip(topics, writing[1:] + writing[:1], strict=True)
    ]

    settings.FORUM_PREMODERATE_FIRST_POSTS = 1_000  # every reader's post is held from here
    for topic, next_comment, (person, payload) in zip(topics, comments, writing, strict=True):
        comment(topic, author=person, body=payload, reply_to=next_comment)

    return Scene(
        target=target,
        moderator=ModeratorFactory(username="mod_on_duty"),
        people=people,
        article=article,
        under_article=under_article,
        topics=topics,
    )


def check_article_page(browsing: Browsing, scene: Scene) -> None:
    # Seen by the target, as it shows the most.
    watch = watched(browsing, scene.target)
    open_and_check(watch, scene.article.get_absolute_url())

    assert watch.page.locator(".comment-text").count() == len(XSS_PAYLOADS) + 1
    authors = watch.page.locator("#replies-root .replies .author").all_text_contents()
    assert [as_shown(name) for name in authors] == [
        as_shown(person.display_name) for person in scene.people
    ]


def check_forum_pages(browsing: Browsing, scene: Scene) -> None:
    watch = watched(browsing)
    open_and_check(watch, scene.topics[0].category.get_absolute_url())
    titles = watch.page.locator(".topic-list tbody td:first-child a").all_text_contents()
    assert [as_shown(title) for title in titles] == [as_shown(p) for p in reversed(XSS_PAYLOADS)]

    people = scene.people
    for topic, person, next_person in zip(
        scene.topics, people, people[1:] + people[:1], strict=True
    ):
        open_and_check(watch, topic.get_absolute_url())
        assert as_shown(watch.page.locator("h1").text_content()) == as_shown(topic.title)
        authors = watch.page.locator(".author").all_text_contents()
        assert [as_shown(name) for name in authors] == [
            as_shown(person.display_name),  # of the opening post
            as_shown(next_person.display_name),  # of the comment
        ]


def check_profile_pages(browsing: Browsing, scene: Scene) -> None:
    watch = watched(browsing)
    for person in scene.people:
        open_and_check(watch, person.get_absolute_url())
        name = watch.page.locator(".profile h1").text_content()
        assert as_shown(name) == as_shown(person.display_name)
        # Its line breaks are <br>s, which inner text shows as the breaks they were.
        assert as_shown(watch.page.locator(".bio").inner_text()) == as_shown(person.bio)
        # Under the article, opening their topic, and in the previous person's topic.
        assert watch.page.locator(".recent-comment").count() == 3


def check_notifications(browsing: Browsing, scene: Scene) -> None:
    received = Notification.objects.filter(recipient=scene.target).count()
    assert received == 2 * len(XSS_PAYLOADS)  # a reply and a mention from each person
    watch = watched(browsing, scene.target)

    shown = 0
    for number in range(1, math.ceil(received / NOTIFICATIONS_PER_PAGE) + 1):
        open_and_check(watch, f"/notifications/?page={number}")
        # A line stands for one notification, or for several grouped (the others of it are
        # read with it, by the ids it carries).
        lines = watch.page.locator(".notification")
        shown += lines.count() + lines.locator('input[name="also"]').count()
    assert shown == received


def check_moderation_queue(browsing: Browsing, scene: Scene) -> None:
    watch = watched(browsing, scene.moderator)
    open_and_check(watch, "/moderation/")

    # Each under its topic's title, quoting the comment it answers and naming that author.
    assert watch.page.locator(".mod-item .mod-parent").count() == len(XSS_PAYLOADS)


def check_reports(browsing: Browsing, scene: Scene) -> None:
    """Each person reports the next person's comment under the article, their payload as the
    details; the moderators' Reported queue shows every report's words."""
    posts = scene.under_article
    for person, post, payload in zip(
        scene.people, posts[1:] + posts[:1], XSS_PAYLOADS, strict=True
    ):
        report_create(post=post, reporter=person, reason=Report.Reason.OTHER, text=payload)
    watch = watched(browsing, scene.moderator)
    open_and_check(watch, "/moderation/?queue=reported")

    assert watch.page.locator(".mod-reports li").count() == len(XSS_PAYLOADS)


def check_revisions(browsing: Browsing, scene: Scene) -> None:
    """Each comment under the article edited, by a moderator for every other one: its
    revisions page shows both versions and the diff between them, each payload in both."""
    edited_at = timezone.now()
    for number, post in enumerate(scene.under_article):
        by = scene.moderator if number % 2 else scene.people[number]
        PostRevision.objects.create(post=post, body=post.body, edited_by=by)
        Post.objects.filter(pk=post.pk).update(
            body=f"On second thought: {post.body[::-1]}",
            edited_at=edited_at,
            moderator_edited_at=edited_at if number % 2 else None,
        )
    watch = watched(browsing, scene.target)
    for post in scene.under_article:
        open_and_check(watch, f"/forum/p/{post.pk}/revisions/")
        assert watch.page.locator("li.revision").count() == 2


def check_moderators_reasons(browsing: Browsing, scene: Scene) -> None:
    """The moderator removes each person's comment under the article, their payload as the
    reason: shown on the comment (to its author and the moderators) and in the log."""
    for post, payload in zip(scene.under_article, XSS_PAYLOADS, strict=True):
        post_remove(post=post, moderator=scene.moderator, reason=payload)
    watch = watched(browsing, scene.moderator)
    open_and_check(watch, scene.article.get_absolute_url())
    assert watch.page.locator(".moderation-reason").count() == len(XSS_PAYLOADS)

    logged = ModerationLogEntry.objects.count()
    for number in range(1, math.ceil(logged / LOG_PAGE_SIZE) + 1):
        open_and_check(watch, f"/moderation/log/?page={number}")


def check_admin_post_list(browsing: Browsing, scene: Scene) -> None:
    watch = watched(browsing, scene.moderator)
    posts = Post.objects.count()

    shown = 0
    for number in range(1, math.ceil(posts / PostAdmin.list_per_page) + 1):
        open_and_check(watch, f"/admin/discussions/post/?p={number}")
        shown += watch.page.locator("#result_list tbody tr").count()
    assert shown == posts


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_runs_anything_hostile_people_wrote(browsing: Browsing, scene: Scene) -> None:
    """One scene for every page: writing it through the services is most of the cost."""
    check_article_page(browsing, scene)
    check_forum_pages(browsing, scene)
    check_profile_pages(browsing, scene)
    check_notifications(browsing, scene)
    check_moderation_queue(browsing, scene)
    check_admin_post_list(browsing, scene)
    check_reports(browsing, scene)
    check_revisions(browsing, scene)
    check_moderators_reasons(browsing, scene)
