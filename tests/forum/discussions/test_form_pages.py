"""Form pages ask the permission before they show the form: nobody is handed a form, pre-filled
with someone else's text, that saving would refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import Report
from forum.moderation.services.decisions import topic_close
from forum.moderation.services.reports import report_create
from tests.factories import ReaderFactory, comment, post_status_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def others(topic: Topic) -> Post:
    return comment(topic, author=ReaderFactory(), body="Someone else's considered words.")


# The edit page


def test_post_edit_page_refuses_another_readers_comment_with_403_and_without_its_text(
    client: Client, others: Post, reader: User
) -> None:
    client.force_login(reader)

    response = client.get(f"/forum/p/{others.pk}/edit/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You can only edit your own comments." in page
    assert "considered words" not in page
    assert "<textarea" not in page


def test_post_edit_page_refuses_the_author_after_the_window(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    post = comment(topic, author=reader, body="My own words.")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=2))
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/edit/")

    assert response.status_code == 403
    assert f"Comments can be edited for {settings.FORUM_EDIT_WINDOW_MINUTES} minutes" in (
        response.content.decode()
    )


def test_post_edit_page_refuses_the_author_of_a_removed_comment(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="My own words.")
    post_status_set(post=post, status=Post.Status.REMOVED)
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/edit/")

    assert response.status_code == 403
    assert "This comment can no longer be edited." in response.content.decode()


def test_post_edit_page_refuses_a_suspended_author(
    client: Client, topic: Topic, suspended_reader: User
) -> None:
    post = Post.objects.create(topic=topic, author=suspended_reader, body="Before the ban.")
    client.force_login(suspended_reader)

    assert client.get(f"/forum/p/{post.pk}/edit/").status_code == 403


def test_post_edit_page_offers_the_author_their_text(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="My own words.")
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/edit/")

    assert response.status_code == 200
    assert "My own words." in response.content.decode()
    assert 'name="reason"' not in response.content.decode()  # only moderators give one


# The delete page


def test_post_delete_page_refuses_another_readers_comment_with_403_and_without_its_text(
    client: Client, others: Post, reader: User
) -> None:
    client.force_login(reader)

    response = client.get(f"/forum/p/{others.pk}/delete/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You can only delete your own comments." in page
    assert "considered words" not in page


def test_post_delete_page_refuses_a_moderator(
    client: Client, others: Post, moderator: User
) -> None:
    client.force_login(moderator)

    assert client.get(f"/forum/p/{others.pk}/delete/").status_code == 403


def test_post_delete_page_refuses_the_author_of_a_removed_comment(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="My own words.")
    post_status_set(post=post, status=Post.Status.REJECTED)
    client.force_login(reader)

    assert client.get(f"/forum/p/{post.pk}/delete/").status_code == 403


def test_post_delete_page_asks_the_author(client: Client, topic: Topic, reader: User) -> None:
    post = comment(topic, author=reader, body="My own words.")
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/delete/")

    assert response.status_code == 200
    assert "Delete your comment?" in response.content.decode()


# The report page


def test_post_report_page_refuses_the_readers_own_comment(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="My own words.")
    client.force_login(reader)

    response = client.get(f"/forum/p/{post.pk}/report/")

    assert response.status_code == 403
    assert "You cannot report your own comment." in response.content.decode()


def test_post_report_page_says_the_comment_was_already_reported_instead_of_the_form(
    client: Client, others: Post, reader: User
) -> None:
    report_create(post=others, reporter=reader, reason=Report.Reason.SPAM)
    client.force_login(reader)

    response = client.get(f"/forum/p/{others.pk}/report/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You already reported this comment." in page
    assert 'class="report-form"' not in page


def test_post_report_page_offers_the_form_to_another_reader_of_a_reported_comment(
    client: Client, others: Post, reader: User
) -> None:
    report_create(post=others, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    client.force_login(reader)

    response = client.get(f"/forum/p/{others.pk}/report/")

    assert response.status_code == 200
    assert 'class="report-form"' in response.content.decode()


def test_comment_a_reader_reported_offers_them_no_report_link_again(
    client: Client, topic: Topic, others: Post, reader: User
) -> None:
    unreported = comment(topic, author=ReaderFactory(), body="Not reported by anyone.")
    report_create(post=others, reporter=reader, reason=Report.Reason.SPAM)
    client.force_login(reader)

    page = client.get(topic.comments_url).content.decode()

    assert f'href="/forum/p/{others.pk}/report/"' not in page
    assert '<span class="reported">Reported</span>' in page
    assert f'href="/forum/p/{unreported.pk}/report/"' in page


def test_comment_reported_by_someone_else_still_offers_the_report_link(
    client: Client, topic: Topic, others: Post, reader: User
) -> None:
    report_create(post=others, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    client.force_login(reader)

    page = client.get(topic.comments_url).content.decode()

    assert f'href="/forum/p/{others.pk}/report/"' in page
    assert 'class="reported"' not in page


# The reply page


def test_reply_page_refuses_the_form_in_a_closed_topic(
    client: Client, topic: Topic, others: Post, reader: User, moderator: User
) -> None:
    topic_close(topic=topic, moderator=moderator, closed=True)
    client.force_login(reader)

    for query in ("", f"?parent={others.pk}"):
        response = client.get(f"/forum/t/{topic.pk}/reply/{query}")

        assert response.status_code == 403
        assert "This discussion is closed to new comments." in response.content.decode()
        assert "<textarea" not in response.content.decode()


def test_reply_page_refuses_the_form_to_an_unverified_user(
    client: Client, topic: Topic, unverified_user: User
) -> None:
    client.force_login(unverified_user)

    response = client.get(f"/forum/t/{topic.pk}/reply/")

    assert response.status_code == 403
    assert "<textarea" not in response.content.decode()


def test_reply_page_refuses_the_form_to_a_suspended_reader(
    client: Client, topic: Topic, suspended_reader: User
) -> None:
    client.force_login(suspended_reader)

    assert client.get(f"/forum/t/{topic.pk}/reply/").status_code == 403


def test_reply_page_refuses_the_form_where_comments_are_closed_on_the_article(
    client: Client, topic: Topic, reader: User
) -> None:
    type(topic.article).objects.filter(pk=topic.article_id).update(comments_open=False)
    client.force_login(reader)

    response = client.get(f"/forum/t/{topic.pk}/reply/")

    assert response.status_code == 403
    assert "Comments are closed on this article." in response.content.decode()


def test_reply_page_offers_the_form_to_a_reader(client: Client, topic: Topic, reader: User) -> None:
    client.force_login(reader)

    response = client.get(f"/forum/t/{topic.pk}/reply/")

    assert response.status_code == 200
    assert "<textarea" in response.content.decode()
