"""Nobody writes into a discussion the public cannot see: the discussions of draft, scheduled
and archived articles take no comment, reply, like, watch or report, from editors (who may
read them there: 403), moderators or administrators (403 where they may read, else 404),
through the API and the pages alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.viewer import Viewer
from articles.models import Article
from articles.permissions import can_preview_articles
from articles.services import article_archive, article_unpublish
from forum.discussions.models import Post, Reaction
from forum.moderation.models import Report
from forum.notifications.models import TopicSubscription
from tests.factories import (
    AdministratorFactory,
    ArticleFactory,
    ModeratorFactory,
    ReaderFactory,
    VerifiedEditorFactory,
    comment,
)

pytestmark = pytest.mark.django_db


def _draft(article: Article) -> None:
    article_unpublish(article=article)


def _scheduled(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() + timedelta(days=2))


def _archived(article: Article) -> None:
    article_archive(article=article)


STATES: dict[str, tuple[Callable[[Article], None], str]] = {
    "draft": (_draft, "Comments open when the article is published."),
    "scheduled": (_scheduled, "Comments open when the article is published."),
    "archived": (_archived, "This article is archived: its discussion is closed."),
}
PEOPLE: dict[str, Callable[[], User]] = {
    "editor": VerifiedEditorFactory,
    "moderator": ModeratorFactory,
    "administrator": AdministratorFactory,
}


@pytest.fixture(params=list(STATES))
def hidden(request: pytest.FixtureRequest) -> tuple[Article, Post, str]:
    """An article with a comment made while it was public, then taken out of public view;
    and the refusal an author of a write there is given."""
    article = ArticleFactory()
    post = comment(article.discussion, body="Said while it was public.")
    hide, message = STATES[request.param]
    hide(article)
    article.refresh_from_db()
    return article, post, message


@pytest.fixture(params=list(PEOPLE))
def person(request: pytest.FixtureRequest) -> User:
    return PEOPLE[request.param]()


def _expected(person: User, response: Any, message: str, *, api: bool = True) -> None:
    """403 with the refusal for whoever may read the discussion there, 404 for anyone else."""
    if can_preview_articles(Viewer.of(person)):
        assert response.status_code == 403
        if api:
            assert response.json() == {"detail": message}
        else:
            assert message in response.content.decode()
    else:
        assert response.status_code == 404


def _nothing_written(post: Post, person: User) -> None:
    assert list(Post.objects.values_list("pk", flat=True)) == [post.pk]
    assert not Reaction.objects.exists()
    assert not Report.objects.exists()
    assert not TopicSubscription.objects.filter(user=person).exists()


# The API


def test_article_comment_create_api_refuses_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)

    response = client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        {"body": "An early word."},
        content_type="application/json",
    )

    _expected(person, response, message)
    _nothing_written(post, person)


def test_article_comment_create_api_refuses_a_reply_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)

    response = client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        {"body": "An early answer.", "parent": post.pk},
        content_type="application/json",
    )

    _expected(person, response, message)
    _nothing_written(post, person)


def test_post_reaction_api_refuses_a_like_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    _, post, message = hidden
    client.force_login(person)

    response = client.post(f"/api/v1/posts/{post.pk}/reactions/")

    _expected(person, response, message)
    _nothing_written(post, person)


def test_topic_subscription_api_refuses_watching_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)

    for level in ("watching", "muted"):
        response = client.put(
            f"/api/v1/forum/topics/{article.discussion.pk}/subscription/",
            {"level": level},
            content_type="application/json",
        )

        _expected(person, response, message)
    _nothing_written(post, person)


def test_post_flag_api_refuses_a_report_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    _, post, message = hidden
    client.force_login(person)

    response = client.post(
        f"/api/v1/posts/{post.pk}/flags/", {"reason": "spam"}, content_type="application/json"
    )

    _expected(person, response, message)
    _nothing_written(post, person)


def test_article_comments_api_tells_an_editor_why_not_when_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str]
) -> None:
    article, _, message = hidden
    client.force_login(VerifiedEditorFactory())

    response = client.get(f"/api/v1/articles/{article.slug}/comments/")

    assert response.status_code == 200  # editors still read it
    assert response.json()["reply_refusal"] == message


# The pages


def test_reply_page_refuses_a_comment_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)
    url = f"/forum/t/{article.discussion.pk}/reply/"

    form = client.get(url)
    sent = client.post(url, {"body": "An early word."})

    _expected(person, form, message, api=False)
    _expected(person, sent, message, api=False)
    _nothing_written(post, person)


def test_reply_page_refuses_a_reply_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)
    url = f"/forum/t/{article.discussion.pk}/reply/"

    form = client.get(url, {"parent": post.pk})
    sent = client.post(url, {"body": "An early answer.", "parent": post.pk})

    _expected(person, form, message, api=False)
    _expected(person, sent, message, api=False)
    _nothing_written(post, person)


def test_post_like_page_refuses_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    _, post, message = hidden
    client.force_login(person)

    response = client.post(f"/forum/p/{post.pk}/like/")

    _expected(person, response, message, api=False)
    _nothing_written(post, person)


def test_topic_subscription_page_refuses_watching_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    article, post, message = hidden
    client.force_login(person)

    for level in ("watching", "muted"):
        response = client.post(f"/notifications/topics/{article.discussion.pk}/", {"level": level})

        _expected(person, response, message, api=False)
    _nothing_written(post, person)


def test_post_report_page_refuses_in_a_discussion_the_public_cannot_see(
    client: Client, hidden: tuple[Article, Post, str], person: User
) -> None:
    _, post, message = hidden
    client.force_login(person)

    form = client.get(f"/forum/p/{post.pk}/report/")
    sent = client.post(f"/forum/p/{post.pk}/report/", {"reason": "spam"})

    _expected(person, form, message, api=False)
    _expected(person, sent, message, api=False)
    _nothing_written(post, person)


def test_article_page_shows_an_editor_the_refusal_instead_of_the_comment_box(
    client: Client, hidden: tuple[Article, Post, str]
) -> None:
    article, post, message = hidden
    client.force_login(VerifiedEditorFactory())

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'class="comment-form"' not in page
    assert f'action="/forum/p/{post.pk}/like/"' not in page
    assert f'href="/forum/p/{post.pk}/report/"' not in page
    assert 'name="level" value="watching"' not in page
    assert "Said while it was public." in page


def test_article_page_offers_the_comment_box_like_and_watch_once_published(
    client: Client,
) -> None:
    article = ArticleFactory()
    post = comment(article.discussion, body="Said in public.")
    client.force_login(ReaderFactory())

    page = client.get(article.get_absolute_url()).content.decode()

    assert 'class="comment-form"' in page
    assert f'action="/forum/p/{post.pk}/like/"' in page
    assert f'href="/forum/p/{post.pk}/report/"' in page
    assert 'name="level" value="watching"' in page


def test_article_page_cached_threads_offer_likes_once_a_scheduled_article_goes_public(
    client: Client,
) -> None:
    article = ArticleFactory()
    post = comment(article.discussion, body="Said in public.")
    article.discussion.__class__.objects.filter(pk=article.discussion.pk).update(is_closed=True)
    _scheduled(article)
    editor = VerifiedEditorFactory()
    client.force_login(editor)
    assert (
        f'action="/forum/p/{post.pk}/like/"'
        not in client.get(article.get_absolute_url()).content.decode()
    )

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    client.force_login(ReaderFactory())

    assert (
        f'action="/forum/p/{post.pk}/like/"'
        in client.get(article.get_absolute_url()).content.decode()
    )
