"""Plain helpers the moderation tests share: requests to the API and to the pages, posts in each
state, and the counters and log entries decisions leave. Their fixtures are in conftest.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, LPad
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import PATH_SEGMENT_WIDTH, Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import post_approve
from forum.moderation.services.reports import report_create
from tests.factories import ModeratorFactory, ReaderFactory, comment

Action = ModerationLogEntry.Action


# The API


def post_json(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def report(post: Post, count: int = 1, reason: str = Report.Reason.SPAM) -> None:
    for _ in range(count):
        report_create(post=post, reporter=ReaderFactory(), reason=reason)


# The services


def counts(topic: Topic, parent: Post) -> tuple[int, int]:
    topic.refresh_from_db()
    parent.refresh_from_db()
    return topic.post_count, parent.reply_count


def decisions(*actions: str) -> list[ModerationLogEntry]:
    return list(ModerationLogEntry.objects.filter(action__in=actions))


def reported_by_readers(post: Post, settings: Settings) -> Post:
    for _ in range(settings.FORUM_REPORT_THRESHOLD):
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)
    post.refresh_from_db()
    return post


# The pages


QUEUE = "/moderation/"
LOG = "/moderation/log/"


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


def _decide(client: Client, post: Post, action: str, **data: str) -> str:
    """Post a decision as the queue's form does, follow the redirect, return the page."""
    response = client.post(_action(post, action), {"next": f"{QUEUE}?queue=pending", **data})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?queue=pending"
    return _page(client, response["Location"])
