"""Keeping the PostTicker rows of posts equal to their Post.tickers."""

from __future__ import annotations

from collections.abc import Iterable

from forum.discussions.models import Post, PostTicker


def post_tickers_put(*, posts: Iterable[Post], created: bool) -> None:
    """The PostTicker rows of `posts`, written from their `tickers`: for new posts inserted,
    for edited ones replaced. Precondition: inside the transaction that wrote the posts."""
    posts = list(posts)
    if not created:
        PostTicker.objects.filter(post__in=[post.pk for post in posts]).delete()
    PostTicker.objects.bulk_create(
        PostTicker(post_id=post.pk, ticker=ticker, created_at=post.created_at)
        for post in posts
        for ticker in dict.fromkeys(post.tickers)
    )
