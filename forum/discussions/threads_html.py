"""Rendered comment threads, cached and shared: what lets an article page with hundreds of
comments be served nearly as fast as an empty one, to everyone.

A page of threads is rendered once per topic, sort, page and version of the discussion, in two
shared kinds: for readers logged out (Like is a link to log in) and for members (Like, Reply and
Report). It is cached under the topic's `discussion_version`, which every write that changes the
threads moves in its own transaction (forum/discussions/services/cache_versions.py): a page
read after that commit finds no rendering of the old threads, so no one is served a stale page.

Neither kind holds anything of one person: no CSRF token (Like submits the page's one form,
which the comments block renders per request), no like marked, no Edit or Delete, no held
comment. What is a member's own is put on the shared HTML afterwards, per request, by
forum/discussions/threads_layer.py, without rendering the threads again.

Cached renderings expire after FORUM_THREADS_CACHE_SECONDS; the key follows the files that
render a comment, so after a deploy that changes other Python it uses (how avatars are drawn),
clear the cache (`manage.py shell -c "from django.core.cache import cache; cache.clear()"`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from accounts.permissions import Refusal
from accounts.viewer import Viewer, viewer_for
from config.web import jinja2_environment
from config.web.cached_html import cache_read, cache_write
from forum.discussions.models import Topic
from forum.discussions.permissions import topic_is_public
from forum.discussions.rendered_threads import RenderedThreads, ShownPost
from forum.discussions.selectors import PostNode, Sort
from forum.discussions.thread_pages import thread_page
from forum.discussions.threads_layer import member_layer

THREADS_TEMPLATE = "discussions/_threads.html"
# What a rendering of threads is made of: a change to any of these files changes every key.
HERE = Path(__file__).resolve().parent
SOURCES = (
    HERE / "templates" / THREADS_TEMPLATE,
    HERE / "jinja2" / "discussions" / "comment.html",
    HERE / "comment_html.py",
    HERE / "rendered_threads.py",  # what is cached: a new shape is a new key
    Path(jinja2_environment.__file__),
)


def threads_render(
    request: HttpRequest,
    *,
    topic: Topic,
    sort: str,
    after: int | None = None,
    thread: int | None = None,
    reply_refusal: Refusal | None,
) -> RenderedThreads:
    """The page of threads the request's viewer sees: the shared rendering of their kind,
    from the cache, with a member's own marked on it (threads_layer.py).

    `topic` must have been read before its threads are (as a view reads it first): a rendering
    is cached under the version the topic row had, so it can only be older than the posts it
    shows, never newer.
    """
    viewer = viewer_for(request)
    rendered = shared_threads(
        request,
        topic=topic,
        sort=sort if sort in Sort.CHOICES else Sort.DEFAULT,
        after=after,
        thread=thread,
        member=viewer.user is not None,
        may_reply=reply_refusal is None,
    )
    if viewer.user is None:
        return rendered
    return member_layer(rendered, viewer=viewer, topic=topic, reply_refusal=reply_refusal)


def shared_threads(
    request: HttpRequest,
    *,
    topic: Topic,
    sort: str,
    after: int | None,
    thread: int | None,
    member: bool,
    may_reply: bool,
) -> RenderedThreads:
    """The rendering every reader of a kind (`member` or not, `may_reply` or not) shares."""
    key = _key(
        topic,
        "member" if member else "anonymous",
        sort=sort,
        after=after,
        thread=thread,
        may_reply=may_reply,
        # A scheduled article goes public with time, its discussion version unmoved.
        public=topic_is_public(topic),
    )
    rendered = cache_read(key)
    if not isinstance(rendered, RenderedThreads):
        rendered = _render(
            request,
            topic=topic,
            sort=sort,
            after=after,
            thread=thread,
            member=member,
            reply_refusal=None if may_reply else Refusal(""),
        )
        cache_write(key, rendered, settings.FORUM_THREADS_CACHE_SECONDS)
    return rendered


def _render(
    request: HttpRequest,
    *,
    topic: Topic,
    sort: str,
    after: int | None,
    thread: int | None,
    member: bool,
    reply_refusal: Refusal | None,
) -> RenderedThreads:
    nobody = Viewer(user=None)  # the page as the public sees it: nothing of anyone's own
    page = thread_page(topic=topic, viewer=nobody, sort=sort, after=after, thread=thread)
    context = {
        "topic": topic,
        "page": page,
        "reply_refusal": reply_refusal,
        "viewer": nobody,
        "member": member,
    }
    return RenderedThreads(
        html=mark_safe(render_to_string(THREADS_TEMPLATE, context, request)),  # noqa: S308
        has_threads=bool(page.threads),
        sort=page.sort,
        single_thread=page.single_thread,
        latest_post_id=page.latest_post_id,
        shown=tuple(_shown(page.threads)),
        root_ids=tuple(node.post.pk for node in page.threads),
        first_page=after is None,
        thread=thread,
    )


def _shown(nodes: list[PostNode]) -> Iterator[ShownPost]:
    for node in nodes:
        if not node.placeholder:
            post = node.post
            yield ShownPost(pk=post.pk, author_id=post.author_id, created_at=post.created_at)
        yield from _shown(node.children)


def _key(
    topic: Topic,
    shared: str,
    *,
    sort: str,
    after: int | None,
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
        after,
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
