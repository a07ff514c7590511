"""Replying without JavaScript: the reply forms and page, what they refuse and why, and the
permalink that lands on a reply in its thread."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.discussions.services.topics import topic_create
from forum.moderation.services.decisions import topic_close
from tests.factories import CategoryFactory, ReaderFactory, comment, post_status_set
from tests.forum.discussions.comment_pages import comment_card, page_get

pytestmark = pytest.mark.django_db


# --- Replying without JavaScript ------------------------------------------------------------


def test_each_comment_has_a_reply_link_to_the_reply_page_and_no_form(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = comment(topic)
    client.force_login(reader)

    card = comment_card(page_get(client, article_url), post)

    reply_url = f"/forum/t/{topic.pk}/reply/?parent={post.pk}"
    assert f'<a class="reply-link" href="{reply_url}" hx-boost="true">Reply</a>' in card
    assert "<form" not in card
    assert "<textarea" not in card


def test_the_reply_link_without_javascript_posts_and_lands_on_the_new_reply(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Root remark.")
    client.force_login(reader)
    card = comment_card(page_get(client, article_url), root)
    link = re.search(r'class="reply-link" href="([^"]+)"', card)
    assert link is not None
    reply_page = page_get(client, link.group(1))
    assert "<h1>Reply to " in reply_page
    form = re.search(r'<form class="comment-form" method="post" action="([^"]+)">', reply_page)
    assert form is not None
    assert f'<input type="hidden" name="parent" value="{root.pk}">' in reply_page
    assert re.search(f'<textarea name="body"[^>]* id="reply-{root.pk}-body"', reply_page)

    posted = client.post(form.group(1), {"parent": str(root.pk), "body": "My *reply*."})

    reply = Post.objects.get(author=reader)
    assert (reply.parent_id, reply.reply_to_id, reply.body) == (root.pk, root.pk, "My *reply*.")
    assert posted.status_code == 302
    assert posted["Location"] == f"/forum/p/{reply.pk}/"
    permalink = client.get(posted["Location"])
    assert permalink.status_code == 302
    assert permalink["Location"] == f"{article_url}#comment-{reply.pk}"
    page = page_get(client, permalink["Location"])
    assert "<p>My <em>reply</em>.</p>" in page


def test_htmx_gets_the_reply_form_alone_to_put_in_place_of_the_link(
    client: Client, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Root remark.")
    client.force_login(reader)

    response = client.get(f"/forum/t/{topic.pk}/reply/?parent={root.pk}", HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "<h1>" not in fragment
    assert (
        f'<form class="comment-form" method="post" action="/forum/t/{topic.pk}/reply/">' in fragment
    )
    assert f'<input type="hidden" name="parent" value="{root.pk}">' in fragment
    assert fragment.count('name="csrfmiddlewaretoken"') == 1
    assert response["HX-Push-Url"] == "false"  # the article's address stays
    assert f'id="reply-{root.pk}-body"' in fragment  # ids of its own beside the page's form


def test_top_level_comment_form_posts_a_new_thread(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    client.force_login(reader)
    page = page_get(client, article_url)
    assert f'<form class="comment-form" method="post" action="/forum/t/{topic.pk}/reply/">' in page

    posted = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "First thoughts."})

    post = Post.objects.get(author=reader)
    assert post.depth == 0
    assert posted["Location"] == f"/forum/p/{post.pk}/"
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_permalink_thread_view_shows_only_that_thread(
    client: Client, article_url: str, topic: Topic
) -> None:
    wanted = comment(topic, body="Wanted thread.")
    comment(topic, body="Other thread.")

    page = page_get(client, f"{article_url}?thread={wanted.pk}")

    assert "Wanted thread." in page
    assert "Other thread." not in page


def test_permalink_of_a_forum_post_redirects_to_the_topic_page(client: Client) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="Magnet prices", body="Up?"
    )
    post = comment(topic)

    response = client.get(f"/forum/p/{post.pk}/")

    assert response["Location"] == (f"{topic.get_absolute_url()}#comment-{post.pk}")


def test_reply_page_shows_the_form_for_a_parent(client: Client, topic: Topic, reader: User) -> None:
    parent = comment(topic, author=ReaderFactory(display_name="Bea"), body="Quoted text.")
    client.force_login(reader)

    page = page_get(client, f"/forum/t/{topic.pk}/reply/?parent={parent.pk}")

    assert "<h1>Reply to Bea</h1>" in page
    assert '<blockquote class="quoted"><p>Quoted text.</p>' in page
    assert f'<input type="hidden" name="parent" value="{parent.pk}">' in page


def test_reply_page_sends_anonymous_to_log_in(client: Client, topic: Topic) -> None:
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Post.objects.exists()


def test_reply_page_shows_field_errors_with_400_on_an_empty_body(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_shows_the_services_length_message_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "  x  "})

    assert response.status_code == 400
    assert "Write at least 2 characters." in response.content.decode()


def test_reply_page_shows_why_a_parent_cannot_be_answered_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    """The reader's own held comment: they see it, but it cannot be answered yet."""
    parent = post_status_set(post=comment(topic, author=reader), status=Post.Status.PENDING)
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": str(parent.pk), "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "That comment can no longer be replied to." in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_page_refuses_a_parent_hidden_from_the_reader_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    parent = post_status_set(
        post=comment(topic, body="Removed for rudeness."), status=Post.Status.REMOVED
    )
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": str(parent.pk), "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "Removed for rudeness." not in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_page_refuses_an_unknown_parent_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": "999999", "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "That comment does not exist." in response.content.decode()


def test_reply_page_refuses_a_closed_topic_with_a_403_page(
    client: Client, topic: Topic, reader: User, moderator: User
) -> None:
    topic_close(topic=topic, moderator=moderator, closed=True)
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 403
    assert "This discussion is closed to new comments." in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_refuses_an_unverified_user_with_a_403_page(
    client: Client, topic: Topic, unverified_user: User
) -> None:
    client.force_login(unverified_user)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 403
    assert "Verify your email address to post" in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_answers_429_with_retry_after_when_posting_too_fast(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    client.force_login(reader)
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": "First."})

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Second."})

    assert response.status_code == 429
    assert 55 <= int(response["Retry-After"]) <= 60
    assert "You are posting too quickly." in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_in_a_forum_topic_lands_on_the_topic_page(client: Client, reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="A fresh topic", body="Hi."
    )
    client.force_login(reader)

    posted = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "A reply on the forum."})
    post = Post.objects.get(author=reader)
    landed = client.get(posted["Location"])

    assert landed["Location"] == f"{topic.get_absolute_url()}#comment-{post.pk}"
    assert "A reply on the forum." in page_get(client, landed["Location"])


def test_reply_page_refuses_a_filled_honeypot_and_writes_nothing(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"body": "Buy cheap magnets now", "website": "x.example"}
    )

    assert response.status_code == 400
    assert "This could not be posted." in response.content.decode()
    assert not Post.objects.filter(topic=topic).exists()


def test_comment_forms_carry_a_hidden_honeypot(client: Client, topic: Topic, reader: User) -> None:
    comment(topic)
    client.force_login(reader)

    page = client.get(topic.comments_url).content.decode()
    reply_form = client.get(f"/forum/t/{topic.pk}/reply/?parent={topic.posts.get().pk}")

    assert page.count('name="website"') == 1  # the new comment form: replies load theirs
    assert 'class="hp" aria-hidden="true"' in page
    assert reply_form.content.decode().count('name="website"') == 1


def test_permalink_shows_the_thread_alone_when_it_is_past_the_first_page(
    client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    first, _, third = (comment(topic) for _ in range(3))

    response = client.get(f"/forum/p/{third.pk}/")
    page = page_get(client, response["Location"].split("#")[0])

    assert response["Location"] == f"{topic.comments_url}?thread={third.pk}#comment-{third.pk}"
    assert "Showing one conversation." in page
    assert f'id="comment-{first.pk}"' not in page


def test_reply_refused_for_posting_too_fast_keeps_what_was_typed(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    comment(topic, author=reader)
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "My careful second thought"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "You are posting too quickly." in page
    assert "My careful second thought" in page
