"""Dismissing readers' reports, featuring a post and closing its topic, through the
services: what each changes and logs, and what each refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.models import Report, WordRule
from forum.moderation.selectors import Queue, moderation_queue
from forum.moderation.services.decisions import (
    AlreadyHandled,
    post_feature,
    post_reports_dismiss,
    topic_close,
)
from forum.moderation.services.reports import report_create
from tests.forum.moderation.helpers import Action, counts, decisions, reported_by_readers

pytestmark = pytest.mark.django_db


# Reports


def test_post_reports_dismiss_shows_a_post_hidden_by_reports_again(
    topic: Topic, parent: Post, visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)

    post = post_reports_dismiss(post=hidden, moderator=moderator)

    assert (post.status, post.open_report_count, post.reported_at) == (Post.Status.VISIBLE, 0, None)
    assert set(hidden.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert counts(topic, parent) == (2, 1)
    (entry,) = decisions(Action.DISMISS_REPORTS)
    assert (entry.from_state, entry.to_state) == (Post.Status.PENDING, Post.Status.VISIBLE)


def test_post_reports_dismiss_shows_a_post_hidden_by_reports_whatever_its_text_says(
    visible: Post, moderator: User, settings: Settings
) -> None:
    hidden = reported_by_readers(visible, settings)
    Post.objects.filter(pk=hidden.pk).update(held_reason="Readers asked for a second look.")

    post = post_reports_dismiss(post=hidden, moderator=moderator)

    assert post.status == Post.Status.VISIBLE


def test_post_reports_dismiss_leaves_a_post_another_rule_held_whatever_its_text_says(
    visible: Post, moderator: User, reader: User
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)
    post_edit(post=visible, editor=visible.author, body="Now with pump.")
    Post.objects.filter(pk=visible.pk).update(held_reason="Reported words: pump.")

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert post.status == Post.Status.PENDING


def test_post_reports_dismiss_closes_reports_on_a_visible_post(
    topic: Topic, parent: Post, visible: Post, moderator: User, reader: User
) -> None:
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert (post.status, post.open_report_count) == (Post.Status.VISIBLE, 0)
    assert counts(topic, parent) == (2, 1)
    items, _ = moderation_queue(queue=Queue.REPORTED)
    assert items == []


def test_post_reports_dismiss_leaves_a_post_an_edit_held_in_the_pending_queue(
    visible: Post, moderator: User, reader: User
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    report_create(post=visible, reporter=reader, reason=Report.Reason.SPAM)
    post_edit(post=visible, editor=visible.author, body="Now with pump.")

    post = post_reports_dismiss(post=visible, moderator=moderator)

    assert post.status == Post.Status.PENDING
    items, _ = moderation_queue(queue=Queue.PENDING)
    assert [item.post.pk for item in items] == [visible.pk]


def test_post_reports_dismiss_refuses_a_post_without_open_reports(
    visible: Post, moderator: User
) -> None:
    with pytest.raises(AlreadyHandled, match="no open reports"):
        post_reports_dismiss(post=visible, moderator=moderator)

    assert not decisions(Action.DISMISS_REPORTS)


# Featuring


def test_post_feature_features_a_visible_post(visible: Post, moderator: User) -> None:
    post = post_feature(post=visible, moderator=moderator, featured=True)

    assert post.is_featured
    visible.refresh_from_db()
    assert visible.is_featured
    (entry,) = decisions(Action.FEATURE)
    assert (entry.actor, entry.post) == (moderator, visible)


def test_post_feature_unfeatures_a_featured_post(visible: Post, moderator: User) -> None:
    post_feature(post=visible, moderator=moderator, featured=True)

    post = post_feature(post=visible, moderator=moderator, featured=False)

    assert not post.is_featured
    assert len(decisions(Action.UNFEATURE)) == 1


@pytest.mark.parametrize("featured", [True, False])
def test_post_feature_refuses_what_is_already_so(
    visible: Post, moderator: User, featured: bool
) -> None:
    if featured:
        post_feature(post=visible, moderator=moderator, featured=True)

    with pytest.raises(AlreadyHandled, match="already"):
        post_feature(post=visible, moderator=moderator, featured=featured)


def test_post_feature_refuses_a_held_post(held: Post, moderator: User) -> None:
    with pytest.raises(AlreadyHandled):
        post_feature(post=held, moderator=moderator, featured=True)


# Topics


def test_topic_close_closes_the_topic_to_new_posts(
    topic: Topic, moderator: User, reader: User
) -> None:
    closed = topic_close(topic=topic, moderator=moderator, closed=True, reason="Heated.")

    assert closed.is_closed
    with pytest.raises(PermissionDenied, match="closed"):
        post_create(topic=closed, author=reader, body="One more thing.")
    (entry,) = decisions(Action.CLOSE_TOPIC)
    assert (entry.actor, entry.topic, entry.reason) == (moderator, topic, "Heated.")


def test_topic_close_reopens_a_closed_topic(topic: Topic, moderator: User, reader: User) -> None:
    topic_close(topic=topic, moderator=moderator, closed=True)

    reopened = topic_close(topic=topic, moderator=moderator, closed=False)

    assert not reopened.is_closed
    assert post_create(topic=reopened, author=reader, body="Back again.").pk
    assert len(decisions(Action.OPEN_TOPIC)) == 1


@pytest.mark.parametrize("closed", [True, False])
def test_topic_close_refuses_what_is_already_so(
    topic: Topic, moderator: User, closed: bool
) -> None:
    if closed:
        topic_close(topic=topic, moderator=moderator, closed=True)

    with pytest.raises(AlreadyHandled):
        topic_close(topic=topic, moderator=moderator, closed=closed)
