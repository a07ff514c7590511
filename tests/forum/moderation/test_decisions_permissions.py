"""Who may decide: every decision refused to anyone but discussion staff and open to
administrators; suspending and banning refused to readers and editors, and to moderators
acting on an administrator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.account_states import user_ban, user_suspend
from forum.moderation.services.decisions import (
    post_approve,
    post_feature,
    post_mark_spam,
    post_reject,
    post_remove,
    post_reports_dismiss,
    post_restore,
    topic_close,
)
from forum.moderation.services.reports import report_create
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)
from tests.forum.moderation.helpers import Action

pytestmark = pytest.mark.django_db


_DECISIONS: dict[str, Callable[[Post, User], object]] = {
    "approve": lambda post, by: post_approve(post=post, moderator=by),
    "reject": lambda post, by: post_reject(post=post, moderator=by, reason="Spam"),
    "remove": lambda post, by: post_remove(post=post, moderator=by, reason="Spam"),
    "restore": lambda post, by: post_restore(post=post, moderator=by),
    "spam": lambda post, by: post_mark_spam(post=post, moderator=by),
    "dismiss-reports": lambda post, by: post_reports_dismiss(post=post, moderator=by),
    "feature": lambda post, by: post_feature(post=post, moderator=by, featured=True),
    "unfeature": lambda post, by: post_feature(post=post, moderator=by, featured=False),
    "close-topic": lambda post, by: topic_close(topic=post.topic, moderator=by, closed=True),
    "open-topic": lambda post, by: topic_close(topic=post.topic, moderator=by, closed=False),
}

# A post each decision would apply to, so only the refusal stops it.
_READY = {
    "approve": Post.Status.PENDING,
    "reject": Post.Status.PENDING,
    "restore": Post.Status.REMOVED,
}


def _ready_for(decision: str, topic: Topic) -> Post:
    post = comment(topic)
    fields: dict[str, object] = {"status": _READY.get(decision, Post.Status.VISIBLE)}
    if decision == "dismiss-reports":
        report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    if decision == "unfeature":
        fields["is_featured"] = True
    if decision == "open-topic":
        Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    Post.objects.filter(pk=post.pk).update(**fields)
    post.refresh_from_db()
    return post


@pytest.mark.parametrize("decision", list(_DECISIONS))
@pytest.mark.parametrize("who", ["reader", "editor", "suspended-moderator"])
def test_moderation_decision_refuses_anyone_but_discussion_staff(
    decision: str, who: str, topic: Topic
) -> None:
    post = _ready_for(decision, topic)
    before = Post.objects.filter(pk=post.pk).values().get()
    topic_before = Topic.objects.filter(pk=topic.pk).values().get()
    actor = {
        "reader": ReaderFactory,
        "editor": EditorFactory,
        "suspended-moderator": lambda: ModeratorFactory(is_active=False),
    }[who]()

    with pytest.raises(PermissionDenied, match="Only moderators"):
        _DECISIONS[decision](post, actor)

    assert Post.objects.filter(pk=post.pk).values().get() == before
    assert Topic.objects.filter(pk=topic.pk).values().get() == topic_before
    assert not ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("decision", list(_DECISIONS))
def test_moderation_decision_is_open_to_administrators(decision: str, topic: Topic) -> None:
    post = _ready_for(decision, topic)

    _DECISIONS[decision](post, AdministratorFactory())

    assert ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_user_suspend_and_user_ban_refuse_anyone_but_moderators(who: str) -> None:
    actor = {"reader": ReaderFactory, "editor": EditorFactory}[who]()
    target = ReaderFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(user=target, by=actor, until=timezone.now() + timedelta(days=1), reason="No.")
    with pytest.raises(PermissionDenied):
        user_ban(user=target, by=actor, reason="No.")

    target.refresh_from_db()
    assert target.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_suspend_refuses_a_moderator_acting_on_an_administrator(moderator: User) -> None:
    administrator = AdministratorFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(
            user=administrator,
            by=moderator,
            until=timezone.now() + timedelta(days=1),
            reason="Testing limits.",
        )

    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_ban_refuses_a_moderator_acting_on_an_administrator(moderator: User) -> None:
    administrator = AdministratorFactory()

    with pytest.raises(PermissionDenied):
        user_ban(user=administrator, by=moderator, reason="Testing limits.")

    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    assert not ModerationLogEntry.objects.exists()


def test_user_suspend_lets_an_administrator_act_on_an_administrator() -> None:
    administrator = AdministratorFactory()

    user_suspend(
        user=administrator,
        by=AdministratorFactory(),
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off.",
    )

    administrator.refresh_from_db()
    assert administrator.state == User.State.SUSPENDED
