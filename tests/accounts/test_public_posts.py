"""A person's public posts, which the discussions register with accounts (accounts.selectors):
what their profile page and the API's profiles count and show."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.selectors import user_posts_public, user_posts_public_register
from forum.discussions.selectors import posts_public_by_author
from forum.discussions.services.posting import post_delete
from tests.factories import ArticleFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db


def test_user_posts_public_are_those_the_discussions_show_newest_first() -> None:
    reader = ReaderFactory()
    topic = ArticleFactory().discussion
    first, deleted, last = (comment(topic, author=reader) for _ in range(3))
    post_delete(post=deleted, by=reader)

    posts = list(user_posts_public(user=reader))

    assert posts == [last, first]
    assert posts == list(posts_public_by_author(author=reader))


def test_user_posts_public_register_refuses_a_second_selector() -> None:
    with pytest.raises(ImproperlyConfigured):
        user_posts_public_register(lambda user: posts_public_by_author(author=user))
