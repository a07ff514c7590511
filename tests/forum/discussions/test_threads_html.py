"""Rendered threads are cached for the people who see the same page, and never served stale."""

from __future__ import annotations

import re
from collections.abc import Callable
from unittest.mock import patch

import pytest
from django.contrib.auth.models import Group
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from accounts.roles import Role
from accounts.services.profiles import user_profile_update
from accounts.services.roles import user_set_roles
from articles.models import Article
from articles.services import article_save
from config.web.cached_html import csrf_placeholder
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_delete, post_edit
from forum.discussions.services.reactions import reaction_add, reaction_remove
from forum.discussions.thread_pages import thread_page
from forum.moderation.services.decisions import post_feature, post_remove
from tests.factories import AdministratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _reads_posts(client: Client, url: str) -> bool:
    """Whether showing the page read a page of threads from the database to render it (a
    member's held comments, rendered over the shared threads, are not a page of threads)."""
    with patch("forum.discussions.threads_html.thread_page", wraps=thread_page) as read:
        _page(client, url)
    return read.called


@pytest.fixture
def other_reader_client(db: None) -> Client:
    """A logged-in reader who has neither written nor liked anything in the discussion."""
    client = Client()
    client.force_login(ReaderFactory())
    return client


# --- Who shares a rendering ------------------------------------------------------------------


def test_a_second_visitor_gets_the_threads_without_reading_a_post(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic, reply_to=comment(topic))

    assert _reads_posts(client, article_url)
    assert not _reads_posts(Client(), article_url)


def test_readers_who_take_no_part_share_a_rendering(
    client: Client, other_reader_client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)
    client.force_login(ReaderFactory())

    assert _reads_posts(client, article_url)
    assert not _reads_posts(other_reader_client, article_url)


def test_a_reader_who_liked_a_comment_sees_their_like_and_nobody_else_does(
    client: Client, other_reader_client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = comment(topic)
    reaction_add(post=post, user=reader)
    _page(other_reader_client, article_url)  # the shared rendering, cached first
    client.force_login(reader)

    assert 'class="link-button like liked"' in _page(client, article_url)
    assert 'class="link-button like liked"' not in _page(other_reader_client, article_url)
    assert 'class="link-button like liked"' not in _page(Client(), article_url)


def test_an_author_sees_their_held_comment_over_a_cached_page(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    comment(topic)
    _page(Client(), article_url)
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    author = ReaderFactory()
    held = comment(topic, author=author, body="Held until a moderator reads it.")
    assert held.status == Post.Status.PENDING
    client.force_login(author)

    assert "Held until a moderator reads it." in _page(client, article_url)
    assert "Held until a moderator reads it." not in _page(Client(), article_url)


def test_a_moderator_sees_held_comments_over_a_cached_page(
    client: Client, article_url: str, topic: Topic, moderator: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    comment(topic, body="Waiting in the queue.")
    _page(Client(), article_url)
    client.force_login(moderator)

    assert "Waiting in the queue." in _page(client, article_url)


def test_reply_links_follow_each_viewer_not_the_cached_page(
    client: Client, other_reader_client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)
    assert 'class="reply-link"' in _page(other_reader_client, article_url)
    client.force_login(User.objects.create_user("not_yet_verified", "nyv@example.com", "pw"))

    assert 'class="reply-link"' not in _page(client, article_url)


# --- Never stale -----------------------------------------------------------------------------

# Each change goes through the code people use, and returns what the page must show after it.
Change = Callable[[Topic, Post], str]


def _new_comment(topic: Topic, post: Post) -> str:
    return comment(topic, body="A brand new comment.").body


def _reply(topic: Topic, post: Post) -> str:
    return comment(topic, reply_to=post, body="A brand new reply.").body


def _edit(topic: Topic, post: Post) -> str:
    return post_edit(post=post, editor=post.author, body="Edited: with better numbers.").body


def _like(topic: Topic, post: Post) -> str:
    reaction_add(post=post, user=ReaderFactory())
    return "▲ 1<"


def _unlike(topic: Topic, post: Post) -> str:
    liker = ReaderFactory()
    reaction_add(post=post, user=liker)
    reaction_remove(post=post, user=liker)
    return "▲ 0<"


def _removal(topic: Topic, post: Post) -> str:
    comment(topic, reply_to=post)  # so that a placeholder stands where it was
    post_remove(post=post, moderator=AdministratorFactory(), reason="Off topic.")
    return "[removed]"


def _deletion(topic: Topic, post: Post) -> str:
    comment(topic, reply_to=post)
    post_delete(post=post, by=post.author)
    return "[deleted]"


def _feature(topic: Topic, post: Post) -> str:
    post_feature(post=post, moderator=AdministratorFactory(), featured=True)
    return "badge-featured"


def _rename(topic: Topic, post: Post) -> str:
    user_profile_update(user=post.author, display_name="Dr. Neodymium")
    return "Dr. Neodymium"


def _moderator_role(topic: Topic, post: Post) -> str:
    moderators = Group.objects.get(name=Role.MODERATORS)
    user_set_roles(user=post.author, roles=[moderators], by=AdministratorFactory())
    return "badge-moderator"


def _group_in_the_admin(topic: Topic, post: Post) -> str:
    Group.objects.get(name=Role.MODERATORS).user_set.add(post.author)
    return "badge-moderator"


def _article_author(topic: Topic, post: Post) -> str:
    article = Article.objects.get(pk=topic.article_id)
    article.author = post.author
    article_save(article=article)
    return "badge-author"


CHANGES: list[Change] = [
    _new_comment,
    _reply,
    _edit,
    _like,
    _unlike,
    _removal,
    _deletion,
    _feature,
    _rename,
    _moderator_role,
    _group_in_the_admin,
    _article_author,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_no_stale_page_after_a_change(
    other_reader_client: Client, article_url: str, topic: Topic, change: Change
) -> None:
    post = comment(topic, body="The first word on dysprosium.")
    anonymous = Client()
    for client in (anonymous, other_reader_client):  # both shared renderings cached
        assert "The first word on dysprosium." in _page(client, article_url)

    shown = change(topic, post)

    assert shown in _page(anonymous, article_url)
    assert shown in _page(other_reader_client, article_url)


def test_a_login_does_not_throw_the_renderings_away(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    comment(topic, author=reader)
    version = Topic.objects.get(pk=topic.pk).discussion_version

    assert client.login(
        username=reader.username, password="correct horse battery staple"
    )  # saves last_login

    assert Topic.objects.get(pk=topic.pk).discussion_version == version


def test_an_edit_in_the_admin_does_not_turn_the_version_back(
    admin_client: Client, topic: Topic
) -> None:
    """The admin's form is read before a comment moves the version; its save must not write
    the old version back, or a rendering cached under it would be served again."""
    form_url = f"/admin/discussions/topic/{topic.pk}/change/"
    form = _page(admin_client, form_url)
    comment(topic)
    moved = Topic.objects.get(pk=topic.pk)
    fields = {
        "category": moved.category_id,
        "article": moved.article_id,
        "title": "A better title",
        "slug": moved.slug,
        "author": moved.author_id or "",
        "last_activity_at_0": moved.last_activity_at.strftime("%Y-%m-%d"),
        "last_activity_at_1": moved.last_activity_at.strftime("%H:%M:%S"),
        "created_at_0": moved.created_at.strftime("%Y-%m-%d"),
        "created_at_1": moved.created_at.strftime("%H:%M:%S"),
    }
    assert 'name="title"' in form

    response = admin_client.post(form_url, fields)

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Topic.objects.get(pk=topic.pk)
    assert saved.title == "A better title"
    assert (saved.discussion_version, saved.post_count) == (
        moved.discussion_version,
        moved.post_count,
    )


# --- The visitor's own CSRF token ------------------------------------------------------------


def test_each_reader_gets_their_own_csrf_token_in_a_shared_rendering(
    article_url: str, topic: Topic
) -> None:
    comment(topic)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(ReaderFactory())
    second.force_login(ReaderFactory())

    pages = [_page(first, article_url), _page(second, article_url)]

    for page in pages:
        assert csrf_placeholder() not in page
        assert page.count('method="post"') == len(CSRF_INPUT.findall(page))  # in every form
    # Tokens are masked afresh each time one is handed out; the secret under them is the visitor's.
    secrets = [{_unmask_cipher_token(t) for t in CSRF_INPUT.findall(page)} for page in pages]
    assert all(len(found) == 1 for found in secrets)
    assert secrets[0] != secrets[1]


def test_a_logged_out_page_holds_no_form_and_sets_no_cookie(
    client: Client, article_url: str, topic: Topic
) -> None:
    """Logged out, the page is the same for everyone: nothing in it is the visitor's own."""
    post = comment(topic, reply_to=comment(topic))

    response = client.get(article_url)

    page = response.content.decode()
    # The one form is the header's search box, the same for everyone: a GET, with no token.
    assert re.findall(r"<form[^>]*>", page) == [
        '<form class="site-search" method="get" action="/search/" role="search" aria-label="Site">'
    ]
    assert "csrfmiddlewaretoken" not in page
    assert not response.cookies
    assert f'<a class="like" href="/accounts/login/?next=/forum/p/{post.pk}/"' in page


def test_the_like_link_of_a_logged_out_page_leads_back_to_the_comment_after_login(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = comment(topic)
    page = _page(client, article_url)
    login_url = re.search(r'<a class="like" href="([^"]+)"[^>]*>▲ 0<', page).group(1)

    response = client.post(
        login_url, {"login": reader.username, "password": "correct horse battery staple"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/forum/p/{post.pk}/"
    assert client.get(response["Location"])["Location"] == f"{article_url}#comment-{post.pk}"


def test_a_like_posted_from_a_cached_page_passes_the_csrf_check(
    article_url: str, topic: Topic
) -> None:
    post = comment(topic)
    _page(Client(), article_url)  # cached by someone else first
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(ReaderFactory())
    token = CSRF_INPUT.search(_page(reader, article_url)).group(1)

    response = reader.post(f"/forum/p/{post.pk}/like/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).like_count == 1


# --- A cache out of reach --------------------------------------------------------------------


def test_the_page_is_served_when_the_cache_is_out_of_reach(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    comment(topic, body="Still here without a cache.")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }

    assert "Still here without a cache." in _page(client, article_url)
