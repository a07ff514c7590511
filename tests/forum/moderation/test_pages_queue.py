"""The moderation queue at /moderation/: each item in its context, the tabs, order and
paging, its forms as sent without JavaScript, the page's query count however long the
queue, and the header's link to it."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import Report
from forum.moderation.services.decisions import post_approve, post_reject
from tests.factories import ArticleFactory, EditorFactory, ModeratorFactory, ReaderFactory
from tests.forum.moderation.helpers import (
    QUEUE,
    _held,
    _item,
    _page,
    _pending_in_bulk,
    _reload,
    _reported,
    _visible,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]


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
    assert "0 approved · 1 rejected · 0 removed · 0 reports upheld" in item
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

    # The items are Jinja2's (forum/moderation/item_html.py): markupsafe writes a quote &#34;.
    escaped = "&lt;b onclick=&#34;x()&#34;&gt;Ann&lt;/b&gt;"
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
    assert f'">{naturaltime(post.author.date_joined)}</time>' in item


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


QUEUE_PAGE_QUERIES = 14  # includes the header's unread-notifications count


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
    assert '<span class="nav-count" title="Comments waiting for a moderator">' in page
    assert f">{shown} waiting, oldest " in page  # the header's count


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
        'title="Comments waiting for a moderator">2 waiting, oldest 5 h</span></a>'
    ) in page


@pytest.mark.parametrize(
    ("minutes", "badge"), [(0, "1 waiting, for under 1 min"), (3, "1 waiting, for 3 min")]
)
def test_nav_says_how_long_a_single_item_has_waited(
    mod_client: Client, topic: Topic, minutes: int, badge: str
) -> None:
    _held(topic)
    Post.objects.update(held_at=timezone.now() - timedelta(minutes=minutes, seconds=5))

    assert f'<span class="nav-count" title="Comments waiting for a moderator">{badge}</span>' in (
        _page(mod_client, "/")
    )


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
