"""The moderators' workplace at /moderation/: the queues, the one-click decisions with and
without htmx, bulk decisions, the log, the header's link, and who may use any of it."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, LPad
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import PATH_SEGMENT_WIDTH, Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import post_approve, post_reject, topic_close
from forum.moderation.services.reports import report_create
from forum.moderation.views.queue import POST_ACTIONS
from tests.factories import (
    AdministratorFactory,
    ArticleFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
)

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
LOG = "/moderation/log/"
HTMX = {"HX-Request": "true"}
Action = ModerationLogEntry.Action


@pytest.fixture(autouse=True)
def _first_posts_held(settings: Settings) -> None:
    """A new reader's first comment waits for a moderator, as in production."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


@pytest.fixture
def mod_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _held(topic: Topic, **kwargs: object) -> Post:
    """A new reader's first comment: held by the first-post rule."""
    post = comment(topic, **kwargs)
    assert post.status == Post.Status.PENDING
    return post


def _visible(topic: Topic, **kwargs: object) -> Post:
    """A comment already approved, so on show."""
    return post_approve(post=_held(topic, **kwargs), moderator=ModeratorFactory())


def _reported(topic: Topic, *reasons: tuple[str, str]) -> Post:
    post = _visible(topic)
    for reason, text in reasons:
        report_create(post=post, reporter=ReaderFactory(), reason=reason, text=text)
    return post


def _action(post: Post, action: str) -> str:
    return f"/moderation/p/{post.pk}/{action}/"


def _item(page: str, post: Post) -> str:
    """The markup of one queue item."""
    start = page.index(f'id="item-{post.pk}"')
    return page[start : page.index("</li>\n", page.index('class="mod-actions"', start))]


def _page(client: Client, url: str = QUEUE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _reload(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


OOB_TABS = '<nav class="mod-tabs" id="mod-tabs" aria-label="Queues" hx-swap-oob="true">'


def _swapped(response: HttpResponse) -> tuple[str, str]:
    """An answer to a decision under htmx: what is swapped in where the decision was made, and
    the queue's tabs that come along to be swapped out of band."""
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(OOB_TABS) == 1
    result, tabs = body.split(OOB_TABS)
    return result, OOB_TABS + tabs


# --- The queues -------------------------------------------------------------------------------


def test_queue_page_shows_a_held_reply_in_context_with_its_authors_record(
    mod_client: Client, topic: Topic
) -> None:
    parent = _visible(topic, body="Neodymium prices will fall by spring.")
    author = ReaderFactory()
    refused = _held(topic, author=author)
    post_reject(post=refused, moderator=ModeratorFactory(), reason="Off-topic")
    reply = _held(topic, author=author, reply_to=parent, body="They rose, as it happens.")

    item = _item(_page(mod_client), reply)

    assert f'href="/forum/p/{reply.pk}/"' in item
    assert topic.article.title in item
    assert "In reply to " + parent.author.public_name in item
    assert "Neodymium prices will fall by spring." in item
    assert "They rose, as it happens." in item
    assert "<strong>Held:</strong> A first post: the author has 0 approved posts." in item
    assert f'href="/u/{author.username}/"' in item
    assert "0 approved · 1 refused" in item
    assert "· Active" in item
    for button in (
        "Approve",
        "Reject",
        "Spam: reject and suspend",
        "Close discussion",
        "Suspend author",
        "Ban author",
    ):
        assert f">{button}</button>" in item
    assert "Remove</button>" not in item


def test_queue_page_quotes_the_post_a_reply_past_the_depth_limit_answers_not_where_it_sits(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    """A reply to a post at the deepest level sits beside it, under that post's parent; the
    card quotes the post it answers, under the rest of the thread above."""
    settings.FORUM_MAX_DEPTH = 2
    top = _visible(topic, author=ReaderFactory(display_name="Ann"), body="Prices will fall.")
    deepest = _visible(
        topic, author=ReaderFactory(display_name="Bob"), reply_to=top, body="They rose."
    )
    reply = _held(topic, reply_to=deepest, body="Both of you are wrong.")
    assert (reply.parent, reply.reply_to) == (top, deepest)

    item = _item(_page(mod_client), reply)

    assert (
        '<blockquote class="mod-parent"><span class="meta">In reply to Bob:</span> They rose.'
        "</blockquote>"
    ) in item
    assert "In reply to Ann" not in item
    thread = '<ol class="mod-thread meta" aria-label="Earlier in the thread"><li>Ann: Prices'
    assert item.index(thread) < item.index("In reply to Bob")


def test_queue_page_shows_the_whole_thread_above_a_deep_reply(
    mod_client: Client, topic: Topic
) -> None:
    top = _visible(topic, author=ReaderFactory(display_name="Ann"), body="One.")
    second = _visible(topic, author=ReaderFactory(display_name="Bob"), reply_to=top, body="Two.")
    third = _visible(topic, author=ReaderFactory(display_name="Cy"), reply_to=second, body="3.")
    reply = _held(topic, reply_to=third)

    item = _item(_page(mod_client), reply)

    assert "<li>Ann: One.</li><li>Bob: Two.</li></ol>" in item
    assert '<span class="meta">In reply to Cy:</span> 3.</blockquote>' in item


def test_queue_page_quotes_nothing_for_a_top_level_post(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    item = _item(_page(mod_client), post)

    assert "In reply to" not in item
    assert "mod-thread" not in item


def test_queue_page_escapes_the_authors_name_wherever_it_shows_it(
    mod_client: Client, topic: Topic
) -> None:
    name = '<b onclick="x()">Ann</b>'
    answered = _visible(topic, author=ReaderFactory(display_name=name))
    author = ReaderFactory(display_name=name)
    post = _held(topic, author=author, reply_to=answered)

    item = _item(_page(mod_client), post)

    escaped = "&lt;b onclick=&quot;x()&quot;&gt;Ann&lt;/b&gt;"
    assert f"In reply to {escaped}:" in item
    assert f">{escaped}</a> (@{author.username})" in item
    assert f"<summary>Suspend or ban {escaped}</summary>" in item
    assert "<b onclick" not in item


class _Forms(HTMLParser):
    """The forms of a piece of HTML as a browser without JavaScript would send them, each with
    its controls' initial values, by the form's class."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, tuple[str, dict[str, str]]] = {}
        self._form: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {}
            self.forms[named["class"]] = (named["action"], self._form)
        elif self._form is not None and tag == "input" and "name" in named:
            self._form[named["name"]] = named.get("value", "")
        elif self._form is not None and tag == "select":
            self._select = named["name"]
        elif self._select and tag == "option" and "selected" in named:
            self._form[self._select] = named["value"]  # type: ignore[index]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _forms(item: str) -> dict[str, tuple[str, dict[str, str]]]:
    parser = _Forms()
    parser.feed(item)
    return parser.forms


def test_queue_item_forms_work_as_sent_without_javascript_and_with_csrf_checks(
    moderator: User, topic: Topic
) -> None:
    """Each form carries what its decision needs: the CSRF token, where to return, and its
    fields with their first values (rejecting for the rules unless told otherwise)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    rejected, suspended = _held(topic), _held(topic)

    page = _page(client)
    action, data = _forms(_item(page, rejected))["mod-reject"]
    response = client.post(action, data)

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    rejected = _reload(rejected)
    assert rejected.status == Post.Status.REJECTED
    assert rejected.moderation_reason == "Breaks the community rules"
    action, data = _forms(_item(page, suspended))["mod-suspend"]
    assert data["days"] == "3"
    response = client.post(action, data | {"reason": "Spam."})
    assert response.status_code == 302
    suspended.author.refresh_from_db()
    assert suspended.author.state == User.State.SUSPENDED


def test_queue_page_pending_tab_leaves_out_what_readers_reported(
    mod_client: Client, topic: Topic
) -> None:
    held = _held(topic)
    reported = _reported(topic, (Report.Reason.SPAM, ""))

    page = _page(mod_client)

    assert f'id="item-{held.pk}"' in page
    assert f'id="item-{reported.pk}"' not in page
    assert 'aria-current="page">Pending <span class="mod-count">1</span>' in page
    assert 'Reported <span class="mod-count">1</span>' in page


def test_queue_page_reported_tab_shows_the_reports_and_their_texts(
    mod_client: Client, topic: Topic
) -> None:
    post = _reported(
        topic, (Report.Reason.ABUSE, ""), (Report.Reason.OTHER, "Copies a paywalled article.")
    )

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert "<strong>Abuse or harassment</strong>" in item
    assert "<strong>Something else</strong>: “Copies a paywalled article.”" in item
    assert ">Dismiss reports</button>" in item
    assert ">Remove</button>" in item
    assert ">Feature</button>" in item
    assert "Approve</button>" not in item


def test_queue_page_says_how_long_ago_each_report_was_made_as_naturaltime_would(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    """In the middle of each unit, so a second passing cannot change the words."""
    ages = [
        timedelta(minutes=5, seconds=30),
        timedelta(hours=3, minutes=30),
        timedelta(days=2, hours=4, minutes=30),
        timedelta(days=21, hours=12),
        timedelta(days=400, hours=12),
    ]
    settings.FORUM_REPORT_THRESHOLD = len(ages) + 1  # still shown, in the Reported tab
    post = _reported(topic, *[(Report.Reason.SPAM, f"Report {n}") for n in range(len(ages))])
    for n, age in enumerate(ages):
        Report.objects.filter(post=post, text=f"Report {n}").update(created_at=timezone.now() - age)
    reports = list(Report.objects.filter(post=post).select_related("reporter"))

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    for report in reports:
        assert f"— {report.reporter.public_name}, {naturaltime(report.created_at)}</span>" in item
    assert f"· joined {naturaltime(post.author.date_joined)} ·" in item


def test_queue_page_history_tab_shows_decisions_newest_first_with_restore(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    first = post_reject(post=_held(topic), moderator=moderator, reason="Off-topic")
    second = post_approve(post=_held(topic), moderator=moderator)

    page = _page(mod_client, f"{QUEUE}?queue=history")

    assert page.index(f'id="item-{second.pk}"') < page.index(f'id="item-{first.pk}"')
    rejected = _item(page, first)
    assert f"Rejected by {moderator.public_name}" in rejected
    assert ": Off-topic</p>" in rejected
    assert ">Restore</button>" in rejected
    assert 'form="bulk-form"' not in rejected
    assert 'id="bulk-form"' not in page


def test_queue_page_orders_oldest_first_unless_asked_for_newest(
    mod_client: Client, topic: Topic
) -> None:
    older, newer = _held(topic), _held(topic)

    oldest_first = _page(mod_client)
    newest_first = _page(mod_client, f"{QUEUE}?queue=pending&order=newest")

    assert oldest_first.index(f"item-{older.pk}") < oldest_first.index(f"item-{newer.pk}")
    assert newest_first.index(f"item-{newer.pk}") < newest_first.index(f"item-{older.pk}")


def test_queue_page_pages_through_with_newer_and_older_links(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_MODERATION_PAGE_SIZE = 2
    posts = [_held(topic) for _ in range(3)]

    first = _page(mod_client)
    second = _page(mod_client, f"{QUEUE}?queue=pending&offset=2")

    assert [f"item-{p.pk}" in first for p in posts] == [True, True, False]
    assert 'href="/moderation/?queue=pending&amp;offset=2">Newer →</a>' in first
    assert "← Older" not in first
    assert [f"item-{p.pk}" in second for p in posts] == [False, False, True]
    assert 'href="/moderation/?queue=pending&amp;offset=0">← Older</a>' in second
    assert "Newer →" not in second


def test_queue_page_says_when_the_queue_is_clear(mod_client: Client) -> None:
    page = _page(mod_client)

    assert "Nothing here: the queue is clear." in page
    assert 'id="bulk-form"' not in page


def test_queue_page_loads_the_shortcuts_script_and_no_inline_script(
    mod_client: Client, topic: Topic
) -> None:
    _held(topic)

    page = _page(mod_client)

    assert '<script src="/static/js/moderation.js" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert 'id="mod-help"' in page


def _pending_in_bulk(topic: Topic, count: int) -> None:
    """`count` held top-level posts by a few authors, written in two queries (the services would
    take minutes), each with its path as the services would set it."""
    authors = [ReaderFactory() for _ in range(4)]
    start = timezone.now() - timedelta(days=1)
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[n % len(authors)],
            body=f"Held comment {n}",
            body_html=f"<p>Held comment {n}</p>\n",
            status=Post.Status.PENDING,
            held_reason="A first post: the author has 0 approved posts.",
            held_at=start + timedelta(seconds=n),
        )
        for n in range(count)
    )
    Post.objects.filter(topic=topic, path="").update(
        path=LPad(Cast("id", output_field=CharField()), PATH_SEGMENT_WIDTH, Value("0"))
    )


QUEUE_PAGE_QUERIES = 13  # includes the header's unread-notifications count


@pytest.mark.parametrize(("waiting", "shown"), [(10, "10"), (1000, "1000"), (10_000, "1,000+")])
def test_queue_page_costs_the_same_queries_however_long_the_queue(
    mod_client: Client,
    topic: Topic,
    waiting: int,
    shown: str,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """Counted up to 1,000: past that, a count would read the whole queue on every page a
    moderator opens (the header shows it too), and "1,000+" says all a moderator needs."""
    _pending_in_bulk(topic, waiting)
    assert Post.objects.filter(path="").count() == 0

    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        page = _page(mod_client)

    assert page.count('class="mod-item"') == min(waiting, 25)
    assert f'Pending <span class="mod-count">{shown}</span>' in page
    assert '<span class="nav-count" title="Waiting for a moderator' in page
    assert f">{shown} · " in page  # the header's count


@pytest.mark.parametrize("reported", [1, 26])
def test_reported_tab_costs_the_same_queries_however_many_reports(
    mod_client: Client,
    topic: Topic,
    reported: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """Every item's reports and their reporters come in the page's fixed queries."""
    for _ in range(reported):
        _reported(topic, (Report.Reason.SPAM, ""), (Report.Reason.ABUSE, "Rude."))

    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        page = _page(mod_client, f"{QUEUE}?queue=reported")

    assert page.count('class="mod-item"') == min(reported, 25)
    assert page.count("<strong>Abuse or harassment</strong>: “Rude.”") == min(reported, 25)


@pytest.mark.parametrize("replies", [1, 26])
def test_queue_page_costs_one_more_query_however_many_deep_replies(
    mod_client: Client,
    topic: Topic,
    settings: Settings,
    replies: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """The posts above deep replies, and the posts replies past the depth limit answer, come
    in one query for the page."""
    settings.FORUM_MAX_DEPTH = 3
    top = _visible(topic)
    deepest = _visible(topic, reply_to=_visible(topic, reply_to=top))
    for n in range(replies):
        _held(topic, reply_to=deepest if n % 2 else deepest.parent)

    with django_assert_num_queries(QUEUE_PAGE_QUERIES + 1):
        page = _page(mod_client)

    assert page.count('class="mod-item"') == min(replies, 25)
    assert page.count("In reply to") == min(replies, 25)


# --- Decisions, one at a time -------------------------------------------------------------------


def _decide(client: Client, post: Post, action: str, **data: str) -> str:
    """Post a decision as the queue's form does, follow the redirect, return the page."""
    response = client.post(_action(post, action), {"next": f"{QUEUE}?queue=pending", **data})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?queue=pending"
    return _page(client, response["Location"])


def test_approve_shows_the_comment_on_the_article_page(
    mod_client: Client, topic: Topic, article_url: str
) -> None:
    post = _held(topic, body="Recycling magnets is the real story.")

    page = _decide(mod_client, post, "approve")

    assert "Approved ✓" in page
    assert f'id="item-{post.pk}"' not in page
    assert _reload(post).status == Post.Status.VISIBLE
    article = _page(Client(), article_url)
    assert '<h2 id="comments-title">1 Comment</h2>' in article
    assert "Recycling magnets is the real story." in article


def test_reject_with_a_reason_is_shown_to_the_author_on_the_article_page(
    mod_client: Client, topic: Topic, reader: User, article_url: str
) -> None:
    post = _held(topic, author=reader)

    page = _decide(
        mod_client, post, "reject", reason="off_topic", text="Please stay on rare earths."
    )

    assert "Rejected ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.REJECTED
    assert post.moderation_reason == "Off-topic: Please stay on rare earths."
    author_view = _page(_client_for(reader), article_url)
    assert (
        "A moderator rejected this comment: Off-topic: Please stay on rare earths." in author_view
    )
    assert "Please stay on rare earths." not in _page(Client(), article_url)


def test_reject_with_an_unlisted_reason_changes_nothing_and_says_why(
    mod_client: Client, topic: Topic
) -> None:
    post = _held(topic)

    page = _decide(mod_client, post, "reject", reason="boring")

    assert "Select a valid choice. boring is not one of the available choices." in page
    assert _reload(post).status == Post.Status.PENDING


def test_remove_takes_a_visible_comment_down_with_its_reason(
    mod_client: Client, topic: Topic, article_url: str
) -> None:
    post = _visible(topic, body="Buy cheap magnets at my shop.")

    page = _decide(mod_client, post, "remove", reason="spam")

    assert "Removed ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.REMOVED
    assert post.moderation_reason == "Spam or advertising"
    assert "Buy cheap magnets" not in _page(Client(), article_url)


def test_restore_shows_a_rejected_comment_again(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = post_reject(post=_held(topic), moderator=moderator, reason="Off-topic")

    page = _decide(mod_client, post, "restore")

    assert "Restored ✓" in page
    assert _reload(post).status == Post.Status.VISIBLE


def test_spam_rejects_the_comment_and_suspends_its_author(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "spam")

    assert "Marked as spam ✓" in page
    assert _reload(post).status == Post.Status.REJECTED
    reader.refresh_from_db()
    assert reader.effective_state == User.State.SUSPENDED
    assert ModerationLogEntry.objects.filter(action=Action.SPAM, post=post).exists()
    assert ModerationLogEntry.objects.filter(action=Action.SUSPEND, subject_user=reader).exists()


def test_dismiss_reports_closes_them_and_shows_a_comment_they_had_hidden(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    post = _reported(topic, (Report.Reason.SPAM, ""), (Report.Reason.ABUSE, ""))
    assert post.reports.count() == 2
    assert _reload(post).status == Post.Status.PENDING

    page = _decide(mod_client, post, "dismiss")

    assert "Reports dismissed ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.VISIBLE
    assert post.open_report_count == 0
    assert set(post.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}


def test_feature_and_unfeature_a_visible_comment(mod_client: Client, topic: Topic) -> None:
    post = _visible(topic)

    assert "Featured ✓" in _decide(mod_client, post, "feature")
    assert _reload(post).is_featured
    assert "No longer featured ✓" in _decide(mod_client, post, "unfeature")
    assert not _reload(post).is_featured


def test_suspend_author_for_the_chosen_days_with_a_reason(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "suspend-author", days="7", reason="Repeated insults.")

    assert f"{reader.public_name} suspended for 7 days ✓" in page
    reader.refresh_from_db()
    assert reader.state == User.State.SUSPENDED
    assert reader.state_reason == "Repeated insults."
    assert (
        timedelta(days=6, hours=23) < reader.suspended_until - timezone.now() <= timedelta(days=7)
    )
    assert _reload(post).status == Post.Status.PENDING  # the comment still waits


def test_suspend_author_without_a_reason_changes_nothing_and_says_why(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "suspend-author", days="7")

    assert "This field is required." in page
    reader.refresh_from_db()
    assert reader.state == User.State.ACTIVE


def test_ban_author_with_a_reason(mod_client: Client, topic: Topic, reader: User) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "ban-author", reason="Spam account.")

    assert f"{reader.public_name} banned ✓" in page
    reader.refresh_from_db()
    assert reader.state == User.State.BANNED
    assert ModerationLogEntry.objects.filter(action=Action.BAN, subject_user=reader).exists()


def test_ban_author_already_banned_says_it_cannot(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)
    _decide(mod_client, post, "ban-author", reason="Spam account.")

    page = _decide(mod_client, post, "ban-author", reason="Spam account.")

    assert "This account is banned: it cannot be banned now." in page
    assert ModerationLogEntry.objects.filter(action=Action.BAN).count() == 1


def test_close_and_reopen_the_discussion(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    assert "Discussion closed ✓" in _decide(mod_client, post, "close-topic")
    topic.refresh_from_db()
    assert topic.is_closed
    assert "Discussion reopened ✓" in _decide(mod_client, post, "reopen-topic")
    topic.refresh_from_db()
    assert not topic.is_closed


def test_queue_item_offers_reopen_for_a_closed_discussion(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = _held(topic)
    topic_close(topic=topic, moderator=moderator, closed=True)

    item = _item(_page(mod_client), post)

    assert ">Reopen discussion</button>" in item
    assert '<span class="badge">Discussion closed</span>' in item


def test_decision_returns_only_to_the_queue(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    response = mod_client.post(_action(post, "approve"), {"next": "https://evil.example/"})

    assert response["Location"] == QUEUE


def test_unknown_action_is_not_found(mod_client: Client, topic: Topic) -> None:
    assert mod_client.post(_action(_held(topic), "promote")).status_code == 404


def test_action_refuses_get(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    assert mod_client.get(_action(post, "approve")).status_code == 405
    assert _reload(post).status == Post.Status.PENDING


# --- Two moderators on one item ------------------------------------------------------------------


def test_second_moderator_is_told_who_handled_the_item_first_and_nothing_changes_twice(
    topic: Topic,
) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    post = _held(topic)
    _decide(_client_for(first), post, "approve")

    page = _decide(_client_for(second), post, "reject", reason="spam")

    assert f"This comment was already handled by {first.public_name}: it is now visible." in page
    post = _reload(post)
    assert post.status == Post.Status.VISIBLE
    assert post.moderated_by == first
    assert not ModerationLogEntry.objects.filter(action=Action.REJECT).exists()
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


def test_second_moderator_under_htmx_sees_already_handled_in_place(topic: Topic) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    post = _held(topic)
    _client_for(first).post(_action(post, "approve"), headers=HTMX)

    response = _client_for(second).post(_action(post, "approve"), headers=HTMX)

    result, _tabs = _swapped(response)
    assert result == (
        '<p class="mod-result mod-result-warning" role="status">'
        f"This comment was already handled by {first.public_name}: it is now visible.</p>\n"
    )
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


# --- htmx: the result in place of the item ------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "result"),
    [
        ("approve", {}, "Approved ✓"),
        ("reject", {"reason": "abuse"}, "Rejected ✓"),
        ("spam", {}, "Marked as spam ✓"),
        ("close-topic", {}, "Discussion closed ✓"),
    ],
)
def test_decision_under_htmx_returns_the_one_line_result(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str], result: str
) -> None:
    post = _held(topic)

    response = mod_client.post(_action(post, action), data, headers=HTMX)

    swapped, _tabs = _swapped(response)
    assert swapped == f'<p class="mod-result mod-result-success" role="status">{result}</p>\n'


@pytest.mark.parametrize(
    ("action", "data"), [("approve", {}), ("reject", {"reason": "spam"}), ("spam", {})]
)
def test_decision_under_htmx_updates_the_tab_counts_out_of_band(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str]
) -> None:
    post, _other = _held(topic), _held(topic)
    _reported(topic, (Report.Reason.SPAM, ""))
    assert 'Pending <span class="mod-count">2</span>' in _page(mod_client)

    response = mod_client.post(
        _action(post, action), {"next": f"{QUEUE}?queue=pending", **data}, headers=HTMX
    )

    _result, tabs = _swapped(response)
    assert 'aria-current="page">Pending <span class="mod-count">1</span>' in tabs
    assert 'Reported <span class="mod-count">1</span>' in tabs


def test_dismissing_reports_under_htmx_counts_down_the_reported_tab_it_was_made_on(
    mod_client: Client, topic: Topic
) -> None:
    post = _reported(topic, (Report.Reason.SPAM, ""))
    _reported(topic, (Report.Reason.ABUSE, ""))

    response = mod_client.post(
        _action(post, "dismiss"), {"next": f"{QUEUE}?queue=reported"}, headers=HTMX
    )

    _result, tabs = _swapped(response)
    assert 'aria-current="page">Reported <span class="mod-count">1</span>' in tabs
    assert 'Pending <span class="mod-count">0</span>' in tabs


def test_decision_under_htmx_keeps_the_count_capped_past_a_thousand(
    mod_client: Client, topic: Topic
) -> None:
    _pending_in_bulk(topic, 1002)
    first, second = Post.objects.filter(status=Post.Status.PENDING)[:2]

    after_first, after_second = (
        _swapped(mod_client.post(_action(post, "approve"), {"next": QUEUE}, headers=HTMX))[1]
        for post in (first, second)
    )

    assert 'Pending <span class="mod-count">1,000+</span>' in after_first  # 1,001 left
    assert 'Pending <span class="mod-count">1000</span>' in after_second  # counted exactly


def test_decision_without_htmx_leads_to_a_page_with_the_new_counts(
    mod_client: Client, topic: Topic
) -> None:
    post, _other = _held(topic), _held(topic)

    page = _decide(mod_client, post, "approve")

    assert "Approved ✓" in page
    assert OOB_TABS not in page
    assert 'aria-current="page">Pending <span class="mod-count">1</span>' in page


def test_queue_item_forms_post_through_htmx_and_work_without_it(
    mod_client: Client, topic: Topic
) -> None:
    post = _held(topic)

    item = _item(_page(mod_client), post)

    approve = _action(post, "approve")
    assert f'action="{approve}" hx-post="{approve}" hx-target="closest .mod-item"' in item
    close = _action(post, "close-topic")
    assert f'action="{close}" hx-post="{close}" hx-target="#status-{post.pk}"' in item
    assert f'<p class="mod-status" id="status-{post.pk}" role="status"></p>' in item


# --- Bulk decisions -------------------------------------------------------------------------------


def test_bulk_approve_reports_what_was_done_and_what_was_skipped(
    mod_client: Client, topic: Topic
) -> None:
    other = ModeratorFactory()
    posts = [_held(topic) for _ in range(3)]
    post_reject(post=posts[1], moderator=other, reason="Off-topic")

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [p.pk for p in posts], "decision": "approve", "reason": "other", "next": QUEUE},
        follow=True,
    )

    page = response.content.decode()
    assert "Approved 2 comments." in page
    assert (
        f"Skipped comment #{posts[1].pk}: This comment was already handled by "
        f"{other.public_name}: it is now rejected."
    ) in page
    assert [_reload(p).status for p in posts] == [
        Post.Status.VISIBLE,
        Post.Status.REJECTED,
        Post.Status.VISIBLE,
    ]


def test_bulk_reject_gives_every_author_the_reason(mod_client: Client, topic: Topic) -> None:
    posts = [_held(topic) for _ in range(2)]

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [p.pk for p in posts], "decision": "reject", "reason": "spam", "text": "Bots."},
        follow=True,
    )

    assert "Rejected 2 comments." in response.content.decode()
    for post in posts:
        post = _reload(post)
        assert post.status == Post.Status.REJECTED
        assert post.moderation_reason == "Spam or advertising: Bots."


def test_bulk_without_a_selection_says_so(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    response = mod_client.post(
        "/moderation/bulk/", {"decision": "approve", "reason": "other"}, follow=True
    )

    assert "Select at least one comment." in response.content.decode()
    assert _reload(post).status == Post.Status.PENDING


# --- Who may moderate ----------------------------------------------------------------------------


PAGES = [
    pytest.param("get", QUEUE, id="queue"),
    pytest.param("get", f"{QUEUE}?queue=reported", id="reported"),
    pytest.param("get", f"{QUEUE}?queue=history", id="history"),
    pytest.param("get", LOG, id="log"),
    pytest.param("post", "/moderation/bulk/", id="bulk"),
    *(
        pytest.param("post", f"/moderation/p/{{post}}/{action}/", id=action)
        for action in POST_ACTIONS
    ),
]

ACTION_DATA = {
    "post": "{post}",
    "decision": "approve",
    "reason": "spam",
    "days": "7",
    "next": QUEUE,
}


def _request(client: Client, method: str, url: str, post: Post) -> object:
    data = {key: value.format(post=post.pk) for key, value in ACTION_DATA.items()}
    if method == "get":
        return client.get(url)
    return client.post(url.format(post=post.pk), data)


def _assert_untouched(post: Post, author: User, topic: Topic) -> None:
    post = _reload(post)
    assert post.status == Post.Status.PENDING
    assert not post.is_featured
    author.refresh_from_db()
    assert author.state == User.State.ACTIVE
    topic.refresh_from_db()
    assert not topic.is_closed
    assert not ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("who", [ReaderFactory, EditorFactory], ids=["reader", "editor"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_moderation_refused_with_403_when_the_user_is_not_discussion_staff(
    topic: Topic, reader: User, who: type[UserFactory], method: str, url: str
) -> None:
    post = _held(topic, author=reader)

    response = _request(_client_for(who()), method, url, post)

    assert response.status_code == 403
    _assert_untouched(post, reader, topic)


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_moderation_sends_anonymous_visitors_to_log_in(
    client: Client, topic: Topic, reader: User, method: str, url: str
) -> None:
    post = _held(topic, author=reader)

    response = _request(client, method, url, post)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/moderation/")
    _assert_untouched(post, reader, topic)


def test_moderator_sees_no_suspend_or_ban_for_an_administrators_post(
    mod_client: Client, topic: Topic
) -> None:
    post = comment(topic, author=AdministratorFactory())
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert "Suspend author" not in item
    assert "Ban author" not in item
    assert ">Remove</button>" in item


@pytest.mark.parametrize(
    ("action", "data"),
    [("suspend-author", {"days": "7", "reason": "No."}), ("ban-author", {"reason": "No."})],
)
def test_moderator_is_refused_suspending_or_banning_an_administrator(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str]
) -> None:
    administrator = AdministratorFactory()
    post = comment(topic, author=administrator)

    response = mod_client.post(_action(post, action), data)

    assert response.status_code == 403
    assert "You may not change the state of this account." in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE


def test_administrator_sees_suspend_and_ban_for_a_moderators_post(
    client: Client, topic: Topic
) -> None:
    post = comment(topic, author=ModeratorFactory())
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)
    client.force_login(AdministratorFactory())

    item = _item(_page(client, f"{QUEUE}?queue=reported"), post)

    assert ">Suspend author</button>" in item
    assert ">Ban author</button>" in item


def test_moderator_sees_no_suspend_or_ban_for_their_own_post(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = comment(topic, author=moderator)
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert "Suspend author" not in item


# --- The log ------------------------------------------------------------------------------------


def test_log_page_lists_every_decision_newest_first(
    mod_client: Client, moderator: User, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)
    post_reject(post=post, moderator=moderator, reason="Off-topic")

    page = _page(mod_client, LOG)

    rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)[1:]
    assert len(rows) == 2
    rejected, held = rows
    assert "Rejected" in rejected
    assert moderator.public_name in rejected
    assert f'<a href="/forum/p/{post.pk}/">comment #{post.pk}</a> in ' in rejected
    assert f'<a href="{topic.get_absolute_url()}">{topic.title}</a>' in rejected
    assert f'<a href="/u/{reader.username}/">@{reader.username}</a>' in rejected
    assert "pending → rejected" in rejected
    assert "<td>Off-topic</td>" in rejected
    assert "<em>a rule</em>" in held
    assert "Held by a rule" in held


def test_log_page_filters_by_action_actor_subject_and_dates(
    mod_client: Client, topic: Topic
) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    author_a, author_b = ReaderFactory(), ReaderFactory()
    post_reject(post=_held(topic, author=author_a), moderator=first, reason="Off-topic A")
    post_approve(post=_held(topic, author=author_b), moderator=second)
    ModerationLogEntry.objects.filter(reason="Off-topic A").update(
        created_at=timezone.now() - timedelta(days=10)
    )
    today = timezone.now().date()

    def count(query: str) -> int:
        return len(re.findall(r"<tr>", _page(mod_client, f"{LOG}?{query}"))) - 1

    assert count("") == 4
    assert count("action=reject") == 1
    assert count(f"actor={first.username.upper()}") == 1
    assert count(f"actor=@{second.username}") == 1
    assert count(f"subject={author_a.username}") == 2
    assert count(f"since={today.isoformat()}") == 3
    assert count(f"until={(today - timedelta(days=10)).isoformat()}") == 1
    assert "<td>Off-topic A</td>" in _page(mod_client, f"{LOG}?action=reject")


def test_log_page_with_an_unknown_handle_says_so(mod_client: Client) -> None:
    page = _page(mod_client, f"{LOG}?actor=nobody_here")

    assert "No account has that handle." in page
    assert "No entries match these filters." in page


def test_log_page_pages_through_old_entries(
    mod_client: Client, topic: Topic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("forum.moderation.views.queue.LOG_PAGE_SIZE", 2)
    for _ in range(3):
        _held(topic)

    first = _page(mod_client, f"{LOG}?action=hold")
    second = _page(mod_client, f"{LOG}?action=hold&page=2")

    assert 'href="?action=hold&amp;page=2">Older →</a>' in first
    assert "Page 1 of 2" in first
    assert 'href="?action=hold&amp;page=1">← Newer</a>' in second


def test_log_page_costs_the_same_queries_however_long_the_log(
    mod_client: Client, topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    post = _held(topic)
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(
            action=Action.APPROVE,
            actor=ModeratorFactory(),
            post=post,
            topic=topic,
            subject_user=post.author,
        )
        for _ in range(60)
    )

    with django_assert_num_queries(9):
        _page(mod_client, LOG)


# --- The header's link ----------------------------------------------------------------------------


def test_nav_shows_moderators_the_waiting_count_and_the_oldest_items_age(
    mod_client: Client, topic: Topic
) -> None:
    _held(topic)
    Post.objects.update(held_at=timezone.now() - timedelta(hours=5))
    _reported(topic, (Report.Reason.SPAM, ""))

    page = _page(mod_client, "/")

    assert (
        '<a class="nav-moderation" href="/moderation/">Moderation <span class="nav-count" '
        'title="Waiting for a moderator; the oldest for 5 h">2 · 5 h</span></a>'
    ) in page


def test_nav_shows_a_plain_link_when_nothing_waits(mod_client: Client) -> None:
    assert '<a class="nav-moderation" href="/moderation/">Moderation</a>' in _page(mod_client, "/")


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_nav_is_absent_and_costs_no_query_when_the_user_is_not_discussion_staff(
    client: Client, settings: Settings, topic: Topic, who: str
) -> None:
    _held(topic)
    if who != "anonymous":
        client.force_login(ReaderFactory() if who == "reader" else EditorFactory())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = _page(client, "/")
        assert "nav-moderation" not in page
        return len(captured)

    with_link = queries()
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(
        "forum.moderation.context_processors.moderation"
    )
    settings.TEMPLATES = templates
    without_link = queries()

    # An editor is staff: one query (their roles) tells them apart from moderators.
    assert with_link - without_link == (1 if who == "editor" else 0)


def test_other_pages_count_moderation_once_for_a_moderator(
    mod_client: Client, topic: Topic
) -> None:
    _held(topic)
    article = ArticleFactory()

    with CaptureQueriesContext(connection) as captured:
        _page(mod_client, article.get_absolute_url())

    summaries = [q["sql"] for q in captured if "MIN(" in q["sql"] and "forum_post" in q["sql"]]
    assert len(summaries) == 2  # pending and reported, once each
