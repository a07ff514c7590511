"""post_seen_q is permissions.can_see_post as a filter: the two agree on every post."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Post, Topic
from forum.discussions.permissions import can_see_post
from forum.discussions.selectors import post_seen_q
from tests.factories import ModeratorFactory, ReaderFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


def test_post_seen_q_selects_the_posts_can_see_post_allows(topic: Topic) -> None:
    author = ReaderFactory()
    for status in Post.Status.values:
        post_status_set(post=comment(topic, author=author), status=status)
    viewers: list[User | None] = [None, author, ReaderFactory(), ModeratorFactory()]
    for viewer in viewers:
        someone = Viewer.of(viewer)
        expected = {post.pk for post in Post.objects.all() if can_see_post(someone, post)}
        assert set(Post.objects.filter(post_seen_q(someone)).values_list("pk", flat=True)) == (
            expected
        ), viewer
