"""What the comment page tests read off a page: its HTML, one comment's card, threads' order."""

from __future__ import annotations

from django.test import Client

from forum.discussions.models import Post

TOPIC_LINK_TEXT = "Join the full discussion at the Rare Earth Exchanges Forum →"


def page_get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def comment_card(page: str, post: Post) -> str:
    """The markup of one comment, from its <li> up to its replies list."""
    start = page.index(f'id="comment-{post.pk}"')
    return page[start : page.index(f'id="replies-{post.pk}"', start)]


def thread_order(page: str, posts: list[Post]) -> list[Post]:
    return sorted(posts, key=lambda post: page.index(f'id="comment-{post.pk}"'))
