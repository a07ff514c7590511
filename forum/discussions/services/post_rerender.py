"""Rendering stored posts again: for bodies written before a change to rendering (company
links, say) or to the list of companies, whose HTML and tickers were computed when written."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from companies.tickers import mentions, symbols
from forum.discussions.models import Post, Topic
from forum.discussions.services.cache_versions import NEXT_VERSION
from forum.discussions.services.post_bodies import post_body_render
from forum.discussions.services.post_tickers import post_tickers_put


def _batch_rerender(posts: list[Post]) -> int:
    """The posts of a batch whose HTML or tickers differ, written again; how many. Each is
    written only if its body is still the one rendered: an edit meanwhile wrote its own."""
    changed: list[Post] = []
    for post in posts:
        html, tickers = post_body_render(post.body).html, symbols(mentions(post.body))
        if html == post.body_html and tickers == post.tickers:
            continue
        written = Post.objects.filter(pk=post.pk, body=post.body).update(
            body_html=html, tickers=tickers
        )
        if written:
            post.tickers = tickers
            changed.append(post)
    post_tickers_put(posts=changed, created=False)
    Topic.objects.filter(pk__in={post.topic_id for post in changed}).update(
        discussion_version=NEXT_VERSION
    )
    return len(changed)


def posts_rerender(*, batch_size: int, progress: Callable[[int, int], None]) -> int:
    """Every post rendered again, a batch per transaction; `progress(read, changed)` after
    each. Returns how many changed. Safe to run while people post."""
    total_changed = 0
    last_id = 0
    while True:
        posts = list(
            Post.objects.filter(pk__gt=last_id)
            .only("id", "body", "body_html", "tickers", "created_at", "topic_id")
            .order_by("id")[:batch_size]
        )
        if not posts:
            return total_changed
        with transaction.atomic():
            changed = _batch_rerender(posts)
        total_changed += changed
        last_id = posts[-1].pk
        progress(len(posts), changed)
