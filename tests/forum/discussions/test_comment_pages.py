"""The comments under an article as people see them: the count, the threads, the way to the
forum, and who sees the form."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_edit
from forum.discussions.services.topics import topic_create
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    AdministratorFactory,
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)
from tests.forum.discussions.comment_pages import (
    TOPIC_LINK_TEXT,
    comment_card,
    page_get,
    thread_order,
)

pytestmark = pytest.mark.django_db


# --- The count, the empty state, the threads ------------------------------------------------


def test_article_page_counts_visible_comments(
    client: Client, article_url: str, topic: Topic
) -> None:
    root = comment(topic)
    comment(topic, reply_to=root)
    comment(topic)
    post_status_set(post=comment(topic), status=Post.Status.REMOVED)

    page = page_get(client, article_url)

    assert '<h2 id="comments-title">3 Comments</h2>' in page
    assert "No replies yet" not in page


def test_article_page_says_1_comment_in_the_singular(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    assert '<h2 id="comments-title">1 Comment</h2>' in page_get(client, article_url)


def test_article_page_without_comments_says_no_replies_yet(
    client: Client, article_url: str
) -> None:
    page = page_get(client, article_url)

    assert '<h2 id="comments-title">0 Comments</h2>' in page
    assert '<p class="empty">No replies yet</p>' in page
    assert 'class="comment-sort"' not in page


def test_article_page_shows_threaded_comments_with_author_and_anchor(
    client: Client, article_url: str, topic: Topic
) -> None:
    alice = ReaderFactory(username="alice_r", display_name="Alice R")
    root = comment(topic, author=alice, body="Root remark.")
    reply = comment(topic, reply_to=root, body="A reply.")
    second = comment(topic, body="Second thread.")

    page = page_get(client, article_url)

    assert f'<li class="comment" id="comment-{root.pk}">' in page
    assert '<a class="author" href="/u/alice_r/">Alice R</a>' in comment_card(page, root)
    assert f'<a class="permalink" href="#comment-{root.pk}">' in page
    replies = page[page.index(f'id="replies-{root.pk}"') : page.index(f'id="comment-{second.pk}"')]
    assert f'id="comment-{reply.pk}"' in replies
    assert "A reply." in replies
    assert thread_order(page, [second, reply, root]) == [root, reply, second]


def test_reply_past_max_depth_says_whom_it_answers(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 2
    root = comment(topic)
    answered = comment(topic, author=ReaderFactory(username="deep_one"), reply_to=root)
    beside = comment(topic, reply_to=answered)

    page = page_get(client, article_url)

    assert '<p class="replying-to">Replying to @deep_one</p>' in comment_card(page, beside)
    assert "Replying to" not in comment_card(page, answered)


@pytest.mark.parametrize("factory", [ModeratorFactory, AdministratorFactory])
def test_comment_by_staff_carries_the_moderator_badge(
    client: Client, article_url: str, topic: Topic, factory: type[ReaderFactory]
) -> None:
    post = comment(topic, author=factory())

    page = page_get(client, article_url)

    assert '<span class="badge badge-moderator">Moderator</span>' in comment_card(page, post)


def test_comment_by_a_reader_carries_no_moderator_badge(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    assert "badge-moderator" not in page_get(client, article_url)


def test_comment_by_the_article_author_carries_the_author_badge(client: Client) -> None:
    writer = ReaderFactory()
    article = ArticleFactory(author=writer)
    topic = article.discussion
    theirs = comment(topic, author=writer, body="Thanks for reading.")
    other = comment(topic, body="Nice piece.")

    page = page_get(client, article.get_absolute_url())

    assert '<span class="badge badge-author">Author</span>' in comment_card(page, theirs)
    assert "badge-author" not in comment_card(page, other)


def test_edited_comment_carries_the_edited_marker(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    edited = comment(topic, author=reader)
    untouched = comment(topic)
    post_edit(post=edited, editor=reader, body="On reflection, no.")

    page = page_get(client, article_url)

    assert '<span class="edited"' in comment_card(page, edited)
    assert ">edited</span>" in comment_card(page, edited)
    assert 'class="edited"' not in comment_card(page, untouched)
    assert "On reflection, no." in page


def test_comment_body_is_shown_as_rendered_markdown(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic, body="**Bold** claim <script>alert(1)</script>")

    page = page_get(client, article_url)

    assert "<p><strong>Bold</strong> claim &lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert "<script>alert(1)" not in page


def test_author_sees_edit_and_delete_links_on_their_comment_only(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    mine = comment(topic, author=reader)
    theirs = comment(topic)
    client.force_login(reader)

    page = page_get(client, article_url)

    assert f'href="/forum/p/{mine.pk}/edit/"' in comment_card(page, mine)
    assert f'href="/forum/p/{mine.pk}/delete/"' in comment_card(page, mine)
    assert "/edit/" not in comment_card(page, theirs)
    assert "/delete/" not in comment_card(page, theirs)


# --- The way to the forum -------------------------------------------------------------------


def test_article_page_links_to_the_full_discussion(
    client: Client, article_url: str, topic: Topic
) -> None:
    page = page_get(client, article_url)

    assert f'<a href="{topic.get_absolute_url()}">{TOPIC_LINK_TEXT}</a>' in page


def test_topic_page_of_an_article_links_to_the_article_not_to_itself(
    client: Client, article_url: str, topic: Topic
) -> None:
    page = page_get(client, topic.get_absolute_url())

    assert TOPIC_LINK_TEXT not in page
    assert f'<p class="forum-link"><a href="{article_url}">Read the article →</a></p>' in page


def test_forum_topic_page_has_no_link_to_an_article_or_to_itself(
    client: Client, reader: User
) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="Magnet recycling", body="Who does it?"
    )

    page = page_get(client, topic.get_absolute_url())

    assert TOPIC_LINK_TEXT not in page
    assert 'class="forum-link"' not in page


def test_topic_page_of_an_article_shows_the_same_comments(client: Client, topic: Topic) -> None:
    root = comment(topic, body="Shown in both places.")

    page = page_get(client, topic.get_absolute_url())

    assert "Shown in both places." in page
    assert f'id="comment-{root.pk}"' in page
    assert '<h2 id="comments-title">1 Comment</h2>' in page


# --- Who sees the form ----------------------------------------------------------------------


def test_article_with_comments_off_shows_comments_but_no_form(client: Client) -> None:
    article = ArticleFactory()
    root = comment(article.discussion, body="Said before closing.")
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    client.force_login(ReaderFactory())

    page = page_get(client, article.get_absolute_url())

    assert '<h2 id="comments-title">1 Comment</h2>' in page
    assert "Said before closing." in page
    assert '<p class="refusal">Comments are closed on this article.</p>' in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in comment_card(page, root)


def test_closed_topic_shows_comments_but_no_form(
    client: Client, article_url: str, topic: Topic, moderator: User
) -> None:
    comment(topic, body="Said before closing.")
    topic_close(topic=topic, moderator=moderator, closed=True)
    client.force_login(ReaderFactory())

    page = page_get(client, article_url)

    assert "Said before closing." in page
    assert "This discussion is closed to new comments." in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_anonymous_visitor_is_invited_to_log_in_or_sign_up_instead_of_the_form(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    page = page_get(client, article_url)

    # An invitation, not a refusal: neutral, with both ways in, each back to the comments.
    assert '<p class="invite">Join the discussion:' in page
    assert 'class="refusal"' not in page
    back = f"?next={article_url}%23comments"
    assert f'<a class="nowrap" href="/accounts/login/{back}">Log in</a>' in page
    assert f'<a class="nowrap" href="/accounts/signup/{back}">Sign up</a>' in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_unverified_user_sees_why_instead_of_the_form(
    client: Client, article_url: str, topic: Topic, unverified_user: User
) -> None:
    comment(topic)
    client.force_login(unverified_user)

    page = page_get(client, article_url)

    assert (
        "Verify your email address to post: follow the link we sent to "
        f"{unverified_user.email}." in page
    )
    assert "Resend the verification mail</a>" in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_suspended_reader_sees_why_instead_of_the_form(
    client: Client, article_url: str, topic: Topic, suspended_reader: User
) -> None:
    comment(topic)
    client.force_login(suspended_reader)

    page = page_get(client, article_url)

    assert "Your account is suspended until" in page
    assert "Reason: Cooling off." in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_verified_reader_sees_the_form(client: Client, article_url: str, reader: User) -> None:
    client.force_login(reader)

    page = page_get(client, article_url)

    assert 'class="comment-form"' in page
    assert 'class="refusal"' not in page
