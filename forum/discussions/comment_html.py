"""Comments and the replies under them, as HTML: the part of a discussion page rendered once per
comment, so written in Jinja2 (forum/jinja2/forum/comment.html) with everything it looks up
per comment made cheap: URLs reversed once, each author's avatar drawn once per page, times
formatted without a trip through the translation machinery for each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import quote

from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from accounts.avatars import avatar_html
from accounts.models import User
from accounts.permissions import Refusal
from accounts.viewer import Viewer
from forum.discussions.models import Topic
from forum.discussions.permissions import topic_is_public
from forum.discussions.selectors import PostNode

TEMPLATE = "discussions/comment.html"


@cache
def _url_around(name: str) -> tuple[str, str]:
    """The URL `name` reverses to, split around its one argument: for forum:like,
    ("/forum/p/", "/like/"). Only for arguments that reverse() does not change but quote."""
    head, tail = reverse(name, args=["0"]).rsplit("/0/", 1)
    return head + "/", "/" + tail


def _url(name: str, argument: object) -> str:
    head, tail = _url_around(name)
    if isinstance(argument, int):  # an id: nothing to quote
        return f"{head}{argument}{tail}"
    # What reverse() does to an argument that matches its pattern.
    return head + quote(str(argument), safe=RFC3986_SUBDELIMS + "/~:@") + tail


def comments_html(
    nodes: Sequence[PostNode],
    *,
    viewer: Viewer,
    topic: Topic,
    reply_refusal: Refusal | None,
    csrf_token: str,
) -> SafeString:
    bylines: dict[int, SafeString] = {}

    def byline(author: User) -> SafeString:
        """The author's avatar and name, linked to their profile unless the account is
        deleted; made once per author and page."""
        if author.pk not in bylines:
            name = author.public_name
            bylines[author.pk] = avatar_html(user=author, size=32) + (
                format_html('<span class="author">{}</span>', name)
                if author.state == User.State.DELETED
                else format_html(
                    '<a class="author" href="{}">{}</a>',
                    _url("accounts:profile", author.username),
                    name,
                )
            )
        return bylines[author.pk]

    def post_url(action: str, pk: int) -> str:
        return _url(f"forum:{action}", pk)

    months = {number: str(name).title() for number, name in MONTHS_3.items()}  # as date:"M"
    zone = timezone.get_current_timezone()

    def time_tag(moment: datetime) -> SafeString:
        """<time> with the moment as Django's date:"c" and, shown, as date:"M j, Y, H:i", in
        the current time zone."""
        local = moment.astimezone(zone)
        shown = f"{months[local.month]} {local.day}, {local.year}, {local:%H:%M}"
        # Digits, signs and a month's name: nothing to escape.
        return mark_safe(f'<time datetime="{local.isoformat()}">{shown}</time>')  # noqa: S308

    def iso(moment: datetime) -> str:
        """As Django's date:"c", in the current time zone."""
        return moment.astimezone(zone).isoformat()

    context: dict[str, Any] = {
        "nodes": nodes,
        "viewer_id": viewer.pk,
        "topic": topic,
        "reply_refusal": reply_refusal,
        # Nobody likes or reports in a discussion the public cannot see (editors preview it).
        "writable": topic_is_public(topic),
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
        ),
        "reply_url": reverse("forum:reply", args=[topic.pk]),
        "login_url": reverse("account_login"),
        "byline": byline,
        "post_url": post_url,
        "time_tag": time_tag,
        "iso": iso,
    }
    return mark_safe(engines["jinja2"].get_template(TEMPLATE).render(context))  # noqa: S308
