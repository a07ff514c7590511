"""Rendered comment threads, cached: what lets an article page with hundreds of comments be
served nearly as fast as an empty one.

Most people see the same rendering of a page of threads: anyone logged out, and any reader
with no comment and no like in the discussion (whether they may reply aside, which the key
covers). For them the rendered HTML is cached under the topic's `discussion_version`,
which every write that changes the threads moves in its own transaction
(forum/discussions/services/cache_versions.py): a page read after that commit finds no
rendering of the old threads, so no one is ever served a stale page. Moderators, and readers
who take part in the discussion (their likes, their own comments held or editable), get their
threads rendered for them.

Forms in the cached HTML carry config/web/cached_html.py's placeholder for the visitor's CSRF
token, which its middleware fills in on the way out. Cached renderings expire after
FORUM_THREADS_CACHE_SECONDS; the key follows the files that render a comment, so after a deploy
that changes other Python it uses (how avatars are drawn), clear the cache
(`manage.py shell -c "from django.core.cache import cache; cache.clear()"`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypedDict

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from accounts.permissions import Refusal
from accounts.viewer import viewer_for
from config.web import jinja2_environment
from config.web.cached_html import cache_read, cache_write, csrf_placeholder
from forum.discussions.models import Topic
from forum.discussions.permissions import topic_is_public
from forum.discussions.selectors import Sort, thread_page, viewer_takes_part

THREADS_TEMPLATE = "discussions/_threads.html"
# What a rendering of threads is made of: a change to any of these files changes every key.
HERE = Path(__file__).resolve().parent
SOURCES = (
    HERE / "templates" / THREADS_TEMPLATE,
    HERE / "jinja2" / "discussions" / "comment.html",
    HERE / "comment_html.py",
    Path(jinja2_environment.__file__),
)


@dataclass(frozen=True)
class RenderedThreads:
    """A page of threads as HTML, and what the comments block around it needs to know."""

    html: SafeString
    has_threads: bool
    sort: str
    single_thread: bool
    latest_post_id: int
    """The newest post in the topic when the threads were read: where "new replies" start."""


class _Page(TypedDict):
    """Which page of threads: what _render is given, with the viewer's refusal and token."""

    topic: Topic
    sort: str
    offset: int
    thread: int | None


def threads_render(
    request: HttpRequest,
    *,
    topic: Topic,
    sort: str,
    offset: int = 0,
    thread: int | None = None,
    reply_refusal: Refusal | None,
) -> RenderedThreads:
    """The page of threads the request's viewer sees, from the cache when others see the same.

    `topic` must have been read before its threads are (as a view reads it first): a rendering
    is cached under the version the topic row had, so it can only be older than the posts it
    shows, never newer.
    """
    sort = sort if sort in Sort.CHOICES else Sort.DEFAULT
    page: _Page = {"topic": topic, "sort": sort, "offset": offset, "thread": thread}
    shared = _shared_view(request, topic)
    if shared is None:
        return _render(request, **page, reply_refusal=reply_refusal)
    key = _key(
        topic,
        shared,
        sort=sort,
        offset=offset,
        thread=thread,
        may_reply=not reply_refusal,
        # A scheduled article goes public with time, its discussion version unmoved.
        public=topic_is_public(topic),
    )
    rendered = cache_read(key)
    if not isinstance(rendered, RenderedThreads):
        rendered = _render(
            request, **page, reply_refusal=reply_refusal, csrf_token=csrf_placeholder()
        )
        cache_write(key, rendered, settings.FORUM_THREADS_CACHE_SECONDS)
    return rendered


def _shared_view(request: HttpRequest, topic: Topic) -> str | None:
    """Which shared rendering the viewer sees ("anonymous" or "reader"), or None when theirs is
    their own. Costs a query for a logged-in reader, none otherwise."""
    viewer = viewer_for(request)
    if viewer.user is None:
        return "anonymous"
    if viewer.is_discussion_staff or viewer_takes_part(topic=topic, viewer=viewer.user):
        return None
    return "reader"


def _render(
    request: HttpRequest,
    *,
    topic: Topic,
    sort: str,
    offset: int,
    thread: int | None,
    reply_refusal: Refusal | None,
    csrf_token: str | None = None,
) -> RenderedThreads:
    page = thread_page(
        topic=topic, viewer=viewer_for(request), sort=sort, offset=offset, thread=thread
    )
    context = {"topic": topic, "page": page, "reply_refusal": reply_refusal}
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # overrides the context processor's
    return RenderedThreads(
        html=mark_safe(render_to_string(THREADS_TEMPLATE, context, request)),  # noqa: S308
        has_threads=bool(page.threads),
        sort=page.sort,
        single_thread=page.single_thread,
        latest_post_id=page.latest_post_id,
    )


def _key(
    topic: Topic,
    shared: str,
    *,
    sort: str,
    offset: int,
    thread: int | None,
    may_reply: bool,
    public: bool,
) -> str:
    parts = (
        _sources_digest(),
        topic.pk,
        topic.discussion_version,
        shared,
        may_reply,
        public,
        sort,
        offset,
        thread,
        settings.FORUM_THREADS_PER_PAGE,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"forum:threads:{topic.pk}:{digest}"


@cache
def _sources_digest() -> str:
    return hashlib.sha256(b"\0".join(path.read_bytes() for path in SOURCES)).hexdigest()[:16]
