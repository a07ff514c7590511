"""Fixtures for the moderation tests: a post held for a moderator and one on show, both replies to
a moderator's post; first posts held; and a client logged in as a moderator."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from tests.factories import ModeratorFactory, ReaderFactory, comment

# The shared helpers assert too, and pytest explains a failed assert only in the modules it
# rewrites: they must be named before any test module imports them.
pytest.register_assert_rewrite("tests.forum.moderation.helpers")


@pytest.fixture
def premoderated(settings: Settings) -> None:
    """A new reader's first comment waits for a moderator, as in production."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


@pytest.fixture
def moderator_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


@pytest.fixture
def mod_client(moderator_client: Client) -> Client:
    """`moderator_client`, by the name the page tests use."""
    return moderator_client


@pytest.fixture
def parent(topic: Topic) -> Post:
    """A moderator's visible post, long enough for the queue to cut its excerpt short; the
    replies to it count in its reply_count."""
    return comment(topic, author=ModeratorFactory(), body="The parent post, which is long " * 9)


@pytest.fixture
def held(topic: Topic, parent: Post, settings: Settings) -> Post:
    """A reader's first post, a reply, held for a moderator. First posts are let through again
    afterwards, so posts made after it show at once."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    post = comment(topic, reply_to=parent, author=ReaderFactory(username="newcomer"))
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    assert post.status == Post.Status.PENDING
    return post


@pytest.fixture
def visible(topic: Topic, parent: Post) -> Post:
    """A reply on show."""
    return comment(topic, reply_to=parent, author=ReaderFactory(username="regular"))
