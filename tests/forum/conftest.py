"""Fixtures for the discussion tests: an article's topic and the kinds of people who comment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Topic
from forum.moderation.services.account_states import user_ban, user_suspend
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, UserFactory


@pytest.fixture
def article(db: None) -> Article:
    return ArticleFactory()


@pytest.fixture
def topic(article: Article) -> Topic:
    """The discussion under `article`: where its comments go."""
    return article.discussion


@pytest.fixture
def article_url(article: Article) -> str:
    """The article page, where its comments are read."""
    return article.get_absolute_url()


@pytest.fixture
def reader(db: None) -> User:
    return ReaderFactory()


@pytest.fixture
def moderator(db: None) -> User:
    return ModeratorFactory()


@pytest.fixture
def unverified_user(db: None) -> User:
    """Signed up, address not yet confirmed."""
    return UserFactory()


@pytest.fixture
def suspended_reader(db: None) -> User:
    """A verified reader a moderator suspended for a day."""
    return user_suspend(
        user=ReaderFactory(),
        by=ModeratorFactory(),
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off.",
    )


@pytest.fixture
def banned_reader(db: None) -> User:
    return user_ban(user=ReaderFactory(), by=ModeratorFactory(), reason="Spam.")
