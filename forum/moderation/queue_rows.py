"""A page of a moderation queue, item by item: what its template shows of each item, made here
once per item or once per page. A page lists 25 items, each with up to a dozen decision forms,
and the queue is the moderators' working page (bench/bench_moderation_queue.py)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import NaturalTimeFormatter
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape, format_html_join
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from accounts.models import User
from accounts.permissions import can_change_account_state
from accounts.viewer import viewer_for
from forum.discussions.models import Post
from forum.moderation.models import Report
from forum.moderation.selectors import ModerationItem


class _Remembered:
    """A lazily translated string whose `%` results are kept: each `%` on the lazy one looks
    its translation up again. For one request, in one language."""

    def __init__(self, lazy: Any) -> None:
        self._lazy = lazy
        self._done: dict[tuple[tuple[str, object], ...], str] = {}

    def __mod__(self, params: dict[str, object]) -> str:
        key = tuple(params.items())
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = self._lazy % params
        return text

    def __str__(self) -> str:
        return str(self._lazy)


def _naturaltime() -> Callable[[datetime], str]:
    """The humanize filter naturaltime ("3 days, 4 hours ago"), its words translated once per
    page: looking them up on every call was most of its cost (60 µs and more for a time days
    back), and the Reported tab shows a time for every report."""

    def remembered(strings: dict[str, Any]) -> dict[str, _Remembered]:
        return {name: _Remembered(text) for name, text in strings.items()}

    class Ago(NaturalTimeFormatter):
        time_strings = remembered(NaturalTimeFormatter.time_strings)
        past_substrings = remembered(NaturalTimeFormatter.past_substrings)
        future_substrings = remembered(NaturalTimeFormatter.future_substrings)

    return lambda moment: str(Ago.string_for(moment))


@dataclass(frozen=True)
class ReportLine:
    """A report as its item shows it."""

    reason: str
    text: str
    by: str
    """Who made it, how long ago, and its outcome once it has one: "— Ann, 2 days ago"."""


@dataclass(frozen=True)
class QueueRow:
    """A queue item with what its template would be slow to work out for itself, on every item
    of a page: made here, once per item or once per page."""

    item: ModerationItem
    pk: str
    """The post's id as text: the template would format an int for the locale each time."""
    post_url: str
    author_url: str
    status: str
    """The post's status, as get_status_display."""
    created_iso: str
    created: str
    """When the post was written, as the date filter's "c" and "M j, Y, H:i" would put it."""
    parent_excerpt: str
    """The start of the post it answers, if it answers one."""
    author_record: str
    """"4 approved · 1 refused"."""
    author_joined: str
    decided: str
    """How long ago a moderator decided, if one has."""
    reports: list[ReportLine]
    actions: SafeString
    """The decision forms (see `_Actions`)."""


def _split_at(url: str, placeholder: str) -> tuple[str, str]:
    head, tail = url.split(f"/{placeholder}/", 1)
    return f"{head}/", f"/{tail}"


@cache
def _url_parts(
    script_prefix: str, urlconf: str | None, actions: tuple[str, ...]
) -> dict[str, tuple[str, str]]:
    """The URLs of a queue item's links and forms, each split around the post's id (or its
    author's handle), so that an item's are built without a reverse() each (as in
    forum/comments.py); kept for what reverse() reads besides its arguments. The arguments are
    ids and handles, which reverse() would only quote."""
    return {
        "post": _split_at(reverse("forum:post", args=[0]), "0"),
        "author": _split_at(reverse("accounts:profile", args=["0"]), "0"),
        **{
            action: _split_at(reverse("moderation:post_action", args=[0, action]), "0")
            for action in actions
        },
    }


def _urls(actions: tuple[str, ...]) -> Callable[[str, str], str]:
    """What builds a queue item's URLs: its name, and the id or handle it takes."""
    parts = _url_parts(get_script_prefix(), get_urlconf(), actions)

    def url(name: str, argument: str) -> str:
        head, tail = parts[name]
        return head + quote(argument, safe=RFC3986_SUBDELIMS + "/~:@") + tail

    return url


@dataclass(frozen=True)
class _Shape:
    """What decides which decision forms a queue item offers."""

    status: str
    reported: bool
    featured: bool
    closed: bool
    author_actions: bool
    """Whether the moderator may suspend or ban the author, who is neither banned nor gone."""


# What stands for an item's id and its author's name in the forms rendered once for many items:
# unguessable, so that nothing a moderator is shown can contain it.
_SLOT_PK = f"slot{secrets.token_hex(8)}pk"
_SLOT_NAME = f"slot{secrets.token_hex(8)}name"
_SLOTS = re.compile(f"({_SLOT_PK}|{_SLOT_NAME})")


class _Actions:
    """The decision forms of each queue item: rendered once per page for each shape they take
    (an item's status, reports, featuring, discussion and author decide which it offers), with
    slots where the item's id and its author's name go, and filled in for each item. Rendered
    for every item, they were half of what the page's template took."""

    def __init__(
        self, request: HttpRequest, context: dict[str, Any], actions: tuple[str, ...]
    ) -> None:
        self._request = request
        self._context = context
        self._actions = actions
        self._shapes: dict[_Shape, list[str]] = {}

    def _render(self, shape: _Shape) -> list[str]:
        """The forms of this shape, split at the slots: the slots at the odd places."""
        to = _urls(self._actions)
        actions = {name: name for name in ("approve", "reject", "remove", "restore", "spam")}
        actions |= {
            "dismiss": "dismiss",
            "feature": "unfeature" if shape.featured else "feature",
            "topic": "reopen-topic" if shape.closed else "close-topic",
            "suspend": "suspend-author",
            "ban": "ban-author",
        }
        context = self._context | {
            "shape": shape,
            "pk": _SLOT_PK,
            "urls": {key: to(action, _SLOT_PK) for key, action in actions.items()},
            "author_name": _SLOT_NAME,
        }
        html = render_to_string("moderation/_actions.html", context, self._request)
        return _SLOTS.split(html)

    def __call__(self, post: Post, *, can_change_author: bool) -> SafeString:
        author = post.author
        shape = _Shape(
            status=post.status,
            reported=post.open_report_count > 0,
            featured=post.is_featured,
            closed=post.topic.is_closed,
            author_actions=can_change_author
            and author.state not in (User.State.BANNED, User.State.DELETED),
        )
        parts = self._shapes.get(shape)
        if parts is None:
            parts = self._shapes[shape] = self._render(shape)
        slots = {_SLOT_PK: str(post.pk), _SLOT_NAME: conditional_escape(author.public_name)}
        filled = parts.copy()
        filled[1::2] = [slots[slot] for slot in parts[1::2]]
        return mark_safe("".join(filled))  # noqa: S308 - autoescaped, and the name escaped here


def options(choices: list[tuple[Any, str]], *, selected: Any) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


def _excerpt(text: str, length: int = 200) -> str:
    """As the truncatechars filter: no longer than `length` characters, "…" at the end if cut.
    A text that short is its own excerpt, which the filter finds out character by character."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def queue_rows(
    request: HttpRequest,
    items: list[ModerationItem],
    *,
    forms: dict[str, Any],
    actions: tuple[str, ...],
) -> list[QueueRow]:
    """The rows of a page of a queue; `forms` the parts every item's forms share (their hidden
    fields, the options of their selects), `actions` the names of the decisions."""
    decision_forms = _Actions(request, forms, actions)
    url, naturaltime = _urls(actions), _naturaltime()
    zone = timezone.get_current_timezone()
    # The date filter and get_FOO_display look their words up on every call; here, once.
    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    post_statuses = dict(Post.Status.choices)
    reasons, report_statuses = dict(Report.Reason.choices), dict(Report.Status.choices)

    def report_line(report: Report) -> ReportLine:
        by = f"— {report.reporter.public_name}, {naturaltime(report.created_at)}"
        if report.status != Report.Status.OPEN:
            by += f", {report_statuses.get(report.status, report.status).lower()}"
        return ReportLine(reason=reasons.get(report.reason, report.reason), text=report.text, by=by)

    def row(item: ModerationItem) -> QueueRow:
        post, pk = item.post, str(item.post.pk)
        created = post.created_at.astimezone(zone)
        record = item.author_record
        return QueueRow(
            item,
            pk=pk,
            post_url=url("post", pk),
            author_url=url("author", post.author.username),
            status=post_statuses.get(post.status, post.status),
            created_iso=created.isoformat(),
            created=f"{months[created.month]} {created.day}, {created.year}, {created:%H:%M}",
            parent_excerpt=_excerpt(post.parent.body) if post.parent else "",
            author_record=f"{record.approved} approved · {record.refused} refused",
            author_joined=naturaltime(post.author.date_joined),
            decided=naturaltime(post.moderated_at) if post.moderated_at else "",
            reports=[report_line(report) for report in item.reports],
            actions=decision_forms(
                post, can_change_author=can_change_account_state(viewer_for(request), item.author)
            ),
        )

    return [row(item) for item in items]
