"""A member's article page: the article is the rendering every reader shares
(articles/fragments.py), the comments the shared threads with the member's own marked on them;
around them, only what is the member's is rendered for them. Edits show at once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from articles.models import Article
from articles.services import article_save
from config.web.cached_html import csrf_placeholder
from forum.discussions.models import Topic
from forum.discussions.services.reactions import reaction_add
from forum.discussions.services.topics import topic_create
from tests.factories import (
    ArticleFactory,
    ArticleNoteFactory,
    CategoryFactory,
    HighlightFactory,
    ReaderFactory,
    VerifiedEditorFactory,
    comment,
)

pytestmark = pytest.mark.django_db

# Session and user; the member's roles and verified address (one query); the article with its
# discussion (or the topic); their likes, reports and held comments (one query); whether
# anything of theirs is unread; their subscription to the discussion.
MEMBER_PAGE_QUERIES = 7


@pytest.fixture
def article() -> Article:
    article = ArticleFactory(title="Dysprosium: the next squeeze")
    HighlightFactory(article=article, text="Supply is concentrated", position=0)
    return article


@pytest.fixture
def reader() -> User:
    return ReaderFactory()


@pytest.fixture
def member(reader: User) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _thread_of_comments(topic: Topic, *, authors: list[User], count: int) -> None:
    parent = None
    for n in range(count):
        parent = comment(topic, author=authors[n % len(authors)], reply_to=parent)


def test_a_members_article_page_costs_a_fixed_handful_of_queries(
    article: Article,
    member: Client,
    reader: User,
    django_assert_max_num_queries: pytest.FixtureRequest,
    settings: pytest.FixtureRequest,
) -> None:
    settings.FORUM_POST_RATE = (10_000, 60)
    authors = [ReaderFactory() for _ in range(5)]
    for _ in range(4):
        _thread_of_comments(article.discussion, authors=authors, count=5)
    mine = comment(article.discussion, author=reader)
    _page(member, article.get_absolute_url())  # the shared renderings made

    with django_assert_max_num_queries(MEMBER_PAGE_QUERIES):
        page = _page(member, article.get_absolute_url())

    assert "Supply is concentrated" in page
    assert page.count('<li class="comment"') == 21
    assert f'<a href="/forum/p/{mine.pk}/edit/">Edit</a>' in page


def test_a_members_topic_page_costs_as_few_queries(
    member: Client, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="Magnet prices", body="Up?"
    )
    for _ in range(10):
        comment(topic)
    _page(member, topic.get_absolute_url())

    with django_assert_max_num_queries(MEMBER_PAGE_QUERIES):
        page = _page(member, topic.get_absolute_url())

    assert page.count('<li class="comment"') == 10


def test_a_member_gets_the_comment_form_with_their_own_csrf_token(
    article: Article, member: Client
) -> None:
    _page(member, article.get_absolute_url())  # the shared form cached
    Client().get(article.get_absolute_url())  # and the page of those logged out

    page = _page(member, article.get_absolute_url())

    assert f'action="/forum/t/{article.discussion.pk}/reply/"' in page
    assert 'name="body"' in page
    assert csrf_placeholder() not in page
    assert member.cookies[settings.CSRF_COOKIE_NAME].value
    assert page.count('name="csrfmiddlewaretoken"') >= 2  # the comment form, the like form


def test_a_member_sees_an_article_edit_at_once(article: Article, member: Client) -> None:
    assert "the next squeeze" in _page(member, article.get_absolute_url())

    article.title = "Dysprosium: the squeeze eases"
    article.body = "Stockpiles were released."
    article_save(article=article)

    page = _page(member, article.get_absolute_url())
    assert "the squeeze eases" in page
    assert "Stockpiles were released." in page
    assert "the next squeeze" not in page


def test_a_member_sees_a_new_correction_at_once(article: Article, member: Client) -> None:
    _page(member, article.get_absolute_url())

    ArticleNoteFactory(article=article, text="An earlier version misstated the tonnage.")

    assert "misstated the tonnage" in _page(member, article.get_absolute_url())


def test_a_member_sees_a_new_comment_and_their_like_at_once(
    article: Article, member: Client, reader: User
) -> None:
    _page(member, article.get_absolute_url())

    post = comment(article.discussion, body="Prices doubled in a quarter.")
    reaction_add(post=post, user=reader)

    page = _page(member, article.get_absolute_url())
    assert "Prices doubled in a quarter." in page
    assert 'class="link-button like liked" aria-pressed="true"' in page


def test_members_and_visitors_share_the_article_but_not_the_header(
    article: Article, member: Client, reader: User
) -> None:
    visitor = _page(Client(), article.get_absolute_url())
    own = _page(member, article.get_absolute_url())
    other = _page(_logged_in(ReaderFactory()), article.get_absolute_url())

    assert f"@{reader.username}" in own
    assert f"@{reader.username}" not in other
    assert "Log in" in visitor
    for page in (visitor, own, other):
        assert page.count("Supply is concentrated") == 1
        assert page.count('<link rel="canonical"') == 1


def test_an_editor_previews_a_draft_rendered_afresh(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, title="Draft one")
    client.force_login(VerifiedEditorFactory())
    assert "Draft one" in _page(client, draft.get_absolute_url())

    draft.title = "Draft two"
    article_save(article=draft)

    page = _page(client, draft.get_absolute_url())
    assert "Draft two" in page
    assert "Preview" in page


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
