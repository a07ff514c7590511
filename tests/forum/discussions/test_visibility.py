"""What each viewer sees: held and refused comments only for their author and moderators."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client

from accounts.models import User
from accounts.viewer import Viewer
from articles.models import Article
from articles.services import article_archive, article_unpublish
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import post_get_for_viewer, posts_new_since
from forum.discussions.services.posting import post_delete
from forum.discussions.thread_pages import thread_page
from tests.factories import (
    AdministratorFactory,
    ArticleFactory,
    EditorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db

HIDDEN = [Post.Status.PENDING, Post.Status.REJECTED, Post.Status.REMOVED]


def _hidden_comment(topic: Topic, author: User, status: Post.Status) -> Post:
    return post_status_set(
        post=comment(topic, author=author, body=f"A {status} opinion."), status=status
    )


def _page(client: Client, url: str, viewer: User | None) -> str:
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("status", HIDDEN)
@pytest.mark.parametrize("viewer_kind", ["anonymous", "other reader"])
def test_hidden_comment_is_absent_from_the_page_for_others(
    client: Client,
    article_url: str,
    topic: Topic,
    reader: User,
    status: Post.Status,
    viewer_kind: str,
) -> None:
    post = _hidden_comment(topic, reader, status)
    viewer = None if viewer_kind == "anonymous" else ReaderFactory()

    page = _page(client, article_url, viewer)

    assert f"A {status} opinion." not in page
    assert f'id="comment-{post.pk}"' not in page
    assert "0 Comments" in page
    assert "No replies yet" in page


@pytest.mark.parametrize("status", HIDDEN)
@pytest.mark.parametrize("viewer_kind", ["anonymous", "other reader"])
def test_hidden_comment_permalink_is_404_for_others(
    client: Client, topic: Topic, reader: User, status: Post.Status, viewer_kind: str
) -> None:
    post = _hidden_comment(topic, reader, status)
    if viewer_kind == "other reader":
        client.force_login(ReaderFactory())

    assert client.get(f"/forum/p/{post.pk}/").status_code == 404


@pytest.mark.parametrize("status", HIDDEN)
def test_hidden_comment_is_absent_from_the_topic_page_for_others(
    client: Client, topic: Topic, reader: User, status: Post.Status
) -> None:
    _hidden_comment(topic, reader, status)

    page = _page(client, topic.get_absolute_url(), None)

    assert f"A {status} opinion." not in page


def test_pending_comment_is_shown_to_its_author_as_awaiting_moderation(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = _hidden_comment(topic, reader, Post.Status.PENDING)

    page = _page(client, article_url, reader)

    assert "A pending opinion." in page
    assert f'id="comment-{post.pk}"' in page
    assert '<span class="badge badge-pending">Awaiting moderation</span>' in page


def test_pending_comment_permalink_works_for_its_author(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = _hidden_comment(topic, reader, Post.Status.PENDING)
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"{article_url}#comment-{post.pk}"


@pytest.mark.parametrize("status", [Post.Status.REJECTED, Post.Status.REMOVED])
def test_refused_comment_is_shown_to_its_author_marked_as_such(
    client: Client, article_url: str, topic: Topic, reader: User, status: Post.Status
) -> None:
    _hidden_comment(topic, reader, status)

    page = _page(client, article_url, reader)

    assert f"A {status} opinion." in page
    assert f'<span class="badge badge-rejected">{status.label}</span>' in page


@pytest.mark.parametrize("status", HIDDEN)
@pytest.mark.parametrize("staff", ["moderator", "administrator"])
def test_hidden_comment_is_shown_to_moderators(
    client: Client,
    article_url: str,
    topic: Topic,
    reader: User,
    moderator: User,
    status: Post.Status,
    staff: str,
) -> None:
    post = _hidden_comment(topic, reader, status)
    viewer = moderator if staff == "moderator" else AdministratorFactory()

    page = _page(client, article_url, viewer)

    assert f"A {status} opinion." in page
    assert f'id="comment-{post.pk}"' in page
    assert client.get(f"/forum/p/{post.pk}/").status_code == 302


def test_hidden_reply_is_absent_from_its_thread_for_others(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Visible root.")
    reply = post_status_set(
        post=comment(topic, author=reader, reply_to=root, body="Held reply."),
        status=Post.Status.PENDING,
    )

    page = _page(client, article_url, ReaderFactory())

    assert "Visible root." in page
    assert "Held reply." not in page
    assert f'id="comment-{reply.pk}"' not in page


def test_pending_reply_is_shown_to_its_author_in_its_thread(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Visible root.")
    post_status_set(
        post=comment(topic, author=reader, reply_to=root, body="Held reply."),
        status=Post.Status.PENDING,
    )

    page = _page(client, article_url, reader)

    assert "Held reply." in page
    assert "Awaiting moderation" in page


def test_deleted_comment_is_hidden_even_from_its_author_and_moderators(
    client: Client, article_url: str, topic: Topic, reader: User, moderator: User
) -> None:
    post = post_delete(post=comment(topic, author=reader, body="Withdrawn."), by=reader)

    for viewer in (reader, moderator):
        page = _page(client, article_url, viewer)
        assert "Withdrawn." not in page
        assert client.get(f"/forum/p/{post.pk}/").status_code == 404


def test_deleted_root_with_visible_replies_heads_its_thread_as_deleted(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    root = comment(topic, author=reader, body="Withdrawn root.")
    reply = comment(topic, reply_to=root, body="Still here.")
    post_delete(post=root, by=reader)

    page = _page(client, article_url, None)

    assert "Withdrawn root." not in page
    assert '<p class="placeholder">[deleted]</p>' in page
    assert page.index(f'id="comment-{root.pk}"') < page.index(f'id="comment-{reply.pk}"')
    assert "Still here." in page


def test_removed_root_with_visible_replies_heads_its_thread_as_removed(
    client: Client, article_url: str, topic: Topic
) -> None:
    root = comment(topic, body="Rude root.")
    comment(topic, reply_to=root, body="Polite reply.")
    post_status_set(post=root, status=Post.Status.REMOVED)

    page = _page(client, article_url, ReaderFactory())

    assert "Rude root." not in page
    assert '<p class="placeholder">[removed]</p>' in page
    assert "Polite reply." in page


def test_placeholder_shows_nothing_of_its_author(
    client: Client, article_url: str, topic: Topic
) -> None:
    author = ReaderFactory(username="hidden_author")
    root = comment(topic, author=author, body="Rude root.")
    comment(topic, reply_to=root, body="Polite reply.")
    post_status_set(post=root, status=Post.Status.REMOVED)

    page = _page(client, article_url, None)

    assert "hidden_author" not in page


def test_hidden_middle_of_a_thread_keeps_the_visible_reply_under_a_placeholder(
    client: Client, article_url: str, topic: Topic
) -> None:
    root = comment(topic, body="Root.")
    middle = comment(topic, reply_to=root, body="Middle.")
    comment(topic, reply_to=middle, body="Leaf.")
    post_status_set(post=middle, status=Post.Status.REMOVED)

    page = _page(client, article_url, None)

    assert "Middle." not in page
    assert page.index("Root.") < page.index("[removed]") < page.index("Leaf.")


def test_thread_made_only_of_hidden_posts_is_absent(topic: Topic) -> None:
    root = comment(topic)
    reply = comment(topic, reply_to=root)
    post_status_set(post=reply, status=Post.Status.REMOVED)
    post_status_set(post=root, status=Post.Status.REMOVED)

    page = thread_page(topic=topic, viewer=Viewer.of(ReaderFactory()), sort="oldest")

    assert page.threads == []


# --- Articles that are not public -----------------------------------------------------------


@pytest.mark.parametrize("withdraw", [article_unpublish, article_archive])
def test_topic_of_a_withdrawn_article_is_404_for_readers(
    client: Client, withdraw: object, reader: User
) -> None:
    article = ArticleFactory()
    topic = article.discussion
    post = comment(topic)
    withdraw(article=article)  # type: ignore[operator]

    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(f"/forum/p/{post.pk}/").status_code == 404
    assert client.get(f"/forum/t/{topic.pk}/threads/").status_code == 404
    assert client.get(f"/forum/t/{topic.pk}/new/?after=0").status_code == 404
    client.force_login(reader)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello"}).status_code == 404


def test_topic_of_a_scheduled_article_is_404() -> None:
    article = ArticleFactory()
    topic = article.discussion
    post = comment(topic)  # while it was public: nobody comments on a scheduled article
    Article.objects.filter(pk=article.pk).update(
        publish_at=article.publish_at.replace(year=article.publish_at.year + 1)
    )

    with pytest.raises(Http404):
        post_get_for_viewer(pk=post.pk, viewer=Viewer.of(AnonymousUser()))


def test_topic_of_a_draft_article_is_readable_by_an_editor(client: Client) -> None:
    article = ArticleFactory()
    topic = article.discussion
    article_unpublish(article=article)
    client.force_login(EditorFactory())

    assert client.get(topic.get_absolute_url()).status_code == 200


def test_draft_articles_topic_is_not_listed_in_its_category(client: Client) -> None:
    live = ArticleFactory(title="Live article")
    draft = ArticleFactory(title="Drafted again")
    article_unpublish(article=draft)

    page = client.get(live.discussion.category.get_absolute_url()).content.decode()

    assert "Live article" in page
    assert "Drafted again" not in page


# --- posts_new_since ------------------------------------------------------------------------


@pytest.fixture
def mixed_posts(topic: Topic, reader: User) -> dict[str, Post]:
    """One post in each state by `reader`, plus one visible post by someone else."""
    posts = {status.value: _hidden_comment(topic, reader, status) for status in HIDDEN}
    posts["deleted"] = post_delete(post=comment(topic, author=reader), by=reader)
    posts["visible"] = comment(topic)
    return posts


@pytest.mark.parametrize("viewer_kind", ["anonymous", "other reader", "moderator"])
def test_posts_new_since_returns_only_visible_posts_to_others(
    topic: Topic, mixed_posts: dict[str, Post], viewer_kind: str, moderator: User
) -> None:
    viewer = {
        "anonymous": AnonymousUser(),
        "other reader": ReaderFactory(),
        "moderator": moderator,
    }[viewer_kind]

    nodes = posts_new_since(topic=topic, viewer=Viewer.of(viewer), after_id=0)

    assert [node.post for node in nodes] == [mixed_posts["visible"]]


def test_posts_new_since_shows_the_author_their_pending_post_only(
    topic: Topic, reader: User, mixed_posts: dict[str, Post]
) -> None:
    nodes = posts_new_since(topic=topic, viewer=Viewer.of(reader), after_id=0)

    assert [node.post for node in nodes] == [mixed_posts["pending"], mixed_posts["visible"]]


def test_posts_new_since_starts_after_the_cursor(topic: Topic) -> None:
    old = comment(topic)
    new = comment(topic)

    nodes = posts_new_since(topic=topic, viewer=Viewer.of(AnonymousUser()), after_id=old.pk)

    assert [node.post for node in nodes] == [new]


def test_posts_new_since_stays_in_its_topic(topic: Topic) -> None:
    comment(ArticleFactory().discussion)

    assert posts_new_since(topic=topic, viewer=Viewer.of(AnonymousUser()), after_id=0) == []


def test_new_since_endpoint_never_shows_hidden_posts(
    client: Client, topic: Topic, mixed_posts: dict[str, Post]
) -> None:
    client.force_login(ReaderFactory())

    body = client.get(f"/forum/t/{topic.pk}/new/?after=0").content.decode()

    for status in ("pending", "rejected", "removed"):
        assert f"A {status} opinion." not in body
        assert f'id="comment-{mixed_posts[status].pk}"' not in body
    assert f'id="comment-{mixed_posts["deleted"].pk}"' not in body
    assert f'id="comment-{mixed_posts["visible"].pk}"' in body


# --- The reply page's quote -----------------------------------------------------------------


@pytest.mark.parametrize("status", [*HIDDEN, Post.Status.DELETED])
def test_reply_page_does_not_quote_a_hidden_parent_to_others(
    client: Client, topic: Topic, reader: User, status: Post.Status
) -> None:
    parent = post_status_set(
        post=comment(topic, author=reader, body="Words nobody else may read."), status=status
    )
    client.force_login(ReaderFactory())

    response = client.get(f"/forum/t/{topic.pk}/reply/?parent={parent.pk}")

    assert response.status_code in (400, 404)
    assert "Words nobody else may read." not in response.content.decode()


def test_reply_page_does_not_quote_a_post_from_another_topic(
    client: Client, topic: Topic, reader: User
) -> None:
    hidden_article = ArticleFactory()
    elsewhere = comment(hidden_article.discussion, body="From an unpublished article.")
    article_unpublish(article=hidden_article)
    client.force_login(reader)

    response = client.get(f"/forum/t/{topic.pk}/reply/?parent={elsewhere.pk}")

    assert response.status_code in (400, 404)
    assert "From an unpublished article." not in response.content.decode()
