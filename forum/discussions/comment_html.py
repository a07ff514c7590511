"""Comments and the replies under them, as HTML: the part of a discussion page rendered once per
comment, so written in Jinja2 (forum/discussions/jinja2/discussions/comment.html), whose
environment (config/web/jinja2_environment.py) gives it Django's |date. What is the same for
many comments of a page is made once per page: each author's byline (avatar, name and profile
link), each route a comment links to (config/web/id_urls.py), and the day of each date."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.avatars import avatar_html
from accounts.models import User
from accounts.permissions import Refusal
from accounts.viewer import Viewer
from config.web.id_urls import id_url, plain_url
from forum.discussions.models import Topic
from forum.discussions.permissions import topic_is_public
from forum.discussions.selectors import PostNode

TEMPLATE = "discussions/comment.html"


@dataclass(frozen=True)
class CommentUrls:
    """The addresses a comment links to, each a function of the comment's id."""

    post: Callable[[int], str]
    like: Callable[[int], str]
    revisions: Callable[[int], str]
    edit: Callable[[int], str]
    delete: Callable[[int], str]
    report: Callable[[int], str]

    @classmethod
    def reversed(cls) -> CommentUrls:
        return cls(
            post=id_url("forum:post"),
            like=id_url("forum:like"),
            revisions=id_url("forum:revisions"),
            edit=id_url("forum:edit"),
            delete=id_url("forum:delete"),
            report=id_url("reports:post"),
        )


@dataclass(frozen=True)
class Moment:
    """A time as a comment shows it, in the current time zone."""

    iso: str
    """The local time's isoformat(): what Django's |date:"c" gives, for machines."""
    text: str
    """Django's |date:"M j, Y, H:i", for people."""


class PageTimes:
    """The comments' times as a page writes them. A |date costs as much as the rest of a
    comment, and a page's comments share a few days: the day's part ("M j, Y", whose month
    Django translates) is made once per day of the page by Django's |date, and the time's
    ("H:i", two numbers of two digits, which no language changes) by Python's own format.
    Made for one page, in the time zone the page is rendered in."""

    def __init__(self) -> None:
        self._zone = timezone.get_current_timezone()  # asked once, not for every comment
        self._days: dict[date, str] = {}

    def __call__(self, at: datetime) -> Moment:
        local = timezone.localtime(at, self._zone)
        day = self._days.get(local.date())
        if day is None:
            day = self._days[local.date()] = date_filter(local, "M j, Y")
        return Moment(iso=local.isoformat(), text=f"{day}, {local:%H:%M}")


def comments_html(
    nodes: Sequence[PostNode],
    *,
    viewer: Viewer,
    topic: Topic,
    reply_refusal: Refusal | None,
    member: bool | None = None,
) -> SafeString:
    """The comments as `viewer` sees them. `member=True` with a logged-out `viewer` is the
    rendering shared by every logged-in reader: a member's controls, nothing of any member's
    own, which forum/discussions/threads_layer.py marks on it."""
    bylines: dict[int, SafeString] = {}
    profile_url = plain_url("accounts:profile", "handle")  # User.get_absolute_url, for many

    def byline(author: User) -> SafeString:
        """The author's avatar and name, linked to their profile unless the account is
        deleted; made once per author and page."""
        if author.pk not in bylines:
            name = author.public_name
            bylines[author.pk] = avatar_html(user=author, size=32) + (
                format_html('<span class="author">{}</span>', name)
                if author.state == User.State.DELETED
                else format_html(
                    '<a class="author" href="{}">{}</a>', profile_url(author.username), name
                )
            )
        return bylines[author.pk]

    context: dict[str, Any] = {
        "nodes": nodes,
        "member": viewer.is_authenticated if member is None else member,
        "viewer_id": viewer.pk,
        "topic": topic,
        "may_reply": reply_refusal is None,
        # Nobody likes or reports in a discussion the public cannot see (editors preview it).
        "writable": topic_is_public(topic),
        "reply_url": reverse("forum:reply", args=[topic.pk]),
        "login_url": reverse("account_login"),
        "urls": CommentUrls.reversed(),
        "times": PageTimes(),
        "byline": byline,
    }
    return mark_safe(engines["jinja2"].get_template(TEMPLATE).render(context))  # noqa: S308
