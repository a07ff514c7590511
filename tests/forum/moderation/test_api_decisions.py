"""Decisions on posts through the API, POST /api/v1/moderation/posts/<id>/<action>/: what
each does and answers with, every refusal, and the deprecated dismiss-flags alias."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.api.views.decisions import POST_MODERATION_APIS
from forum.moderation.models import ModerationLogEntry
from forum.moderation.services.account_states import user_ban
from forum.moderation.services.decisions import post_approve, post_feature, post_remove
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)
from tests.forum.moderation.helpers import Action, post_json, report

pytestmark = pytest.mark.django_db


def action_url(post: Post, action: str) -> str:
    return f"/api/v1/moderation/posts/{post.pk}/{action}/"


# Decisions: what each does


def _ready(action: str, held: Post, visible: Post) -> Post:
    """The post `action` applies to, in the state it applies to."""
    if action in ("approve", "approve-and-trust", "reject", "spam"):
        return held
    if action == "restore":
        post_remove(post=visible, moderator=ModeratorFactory(), reason="Spam")
    if action == "dismiss-reports":
        report(visible)
    if action == "unfeature":
        post_feature(post=visible, moderator=ModeratorFactory(), featured=True)
    if action == "open-topic":
        Topic.objects.filter(pk=visible.topic_id).update(is_closed=True)
    return visible


_BODIES: dict[str, dict[str, Any]] = {
    "reject": {"reason": "off_topic", "text": "Keep to rare earths."},
    "remove": {"reason": "abuse"},
    "suspend-author": {"days": 3, "reason": "Cooling off."},
    "ban-author": {"reason": "Persistent abuse."},
    "close-topic": {"reason": "Heated."},
}

_EXPECTED: dict[str, dict[str, Any]] = {
    "approve": {"status": "visible"},
    "approve-and-trust": {"status": "visible"},
    "reject": {"status": "rejected", "moderation_reason": "Off-topic: Keep to rare earths."},
    "remove": {"status": "removed", "moderation_reason": "Abusive or harassing"},
    "restore": {"status": "visible", "moderation_reason": ""},
    "spam": {"status": "rejected", "moderation_reason": "Spam or advertising"},
    "dismiss-reports": {"status": "visible", "open_report_count": 0},
    "feature": {"is_featured": True},
    "unfeature": {"is_featured": False},
    "suspend-author": {"status": "visible"},
    "ban-author": {"status": "visible"},
    "close-topic": {"status": "visible"},
    "open-topic": {"status": "visible"},
}

_LOGGED = {
    "approve": Action.APPROVE,
    "approve-and-trust": Action.APPROVE,
    "reject": Action.REJECT,
    "remove": Action.REMOVE,
    "restore": Action.RESTORE,
    "spam": Action.SPAM,
    "dismiss-reports": Action.DISMISS_REPORTS,
    "feature": Action.FEATURE,
    "unfeature": Action.UNFEATURE,
    "suspend-author": Action.SUSPEND,
    "ban-author": Action.BAN,
    "close-topic": Action.CLOSE_TOPIC,
    "open-topic": Action.OPEN_TOPIC,
}


@pytest.mark.parametrize("action", list(POST_MODERATION_APIS))
def test_moderation_post_action_api_decides_and_answers_with_the_new_state(
    action: str, moderator_client: Client, moderator: User, held: Post, visible: Post
) -> None:
    post = _ready(action, held, visible)

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == post.pk
    assert {key: body[key] for key in _EXPECTED[action]} == _EXPECTED[action]
    assert body["permalink"] == f"http://testserver/forum/p/{post.pk}/"
    assert ModerationLogEntry.objects.filter(action=_LOGGED[action], actor=moderator).exists()


def test_moderation_post_action_api_approve_says_who_decided(
    moderator_client: Client, moderator: User, held: Post, topic: Topic
) -> None:
    body = post_json(moderator_client, action_url(held, "approve")).json()

    assert body["moderated_by"] == moderator.username
    assert body["moderated_at"]
    assert (body["held_code"], body["held_reason"]) == (HoldCode.FIRST_POST, held.held_reason)
    topic.refresh_from_db()
    assert topic.post_count == 2


def test_moderation_post_action_api_spam_suspends_the_author(
    moderator_client: Client, held: Post, settings: Settings
) -> None:
    body = post_json(moderator_client, action_url(held, "spam")).json()

    assert body["author"]["state"] == "suspended"
    held.author.refresh_from_db()
    expected = timezone.now() + timedelta(days=settings.FORUM_SPAM_SUSPENSION_DAYS)
    assert abs(held.author.suspended_until - expected) < timedelta(minutes=1)


def test_moderation_post_action_api_suspend_author_suspends_for_the_days_given(
    moderator_client: Client, visible: Post
) -> None:
    body = post_json(
        moderator_client, action_url(visible, "suspend-author"), {"days": 3, "reason": "Heat."}
    ).json()

    assert body["author"]["handle"] == "regular"
    assert body["author"]["state"] == "suspended"
    visible.author.refresh_from_db()
    expected = timezone.now() + timedelta(days=3)
    assert abs(visible.author.suspended_until - expected) < timedelta(minutes=1)
    assert visible.author.state_reason == "Heat."


def test_moderation_post_action_api_ban_author_bans(
    moderator_client: Client, visible: Post
) -> None:
    body = post_json(moderator_client, action_url(visible, "ban-author"), {"reason": "Spam."})

    assert body.json()["author"]["state"] == "banned"


@pytest.mark.parametrize(("action", "closed"), [("close-topic", True), ("open-topic", False)])
def test_moderation_post_action_api_closes_and_opens_the_posts_topic(
    action: str, closed: bool, moderator_client: Client, visible: Post, topic: Topic
) -> None:
    if not closed:
        Topic.objects.filter(pk=topic.pk).update(is_closed=True)

    body = post_json(moderator_client, action_url(visible, action)).json()

    assert body["topic"]["is_closed"] is closed
    topic.refresh_from_db()
    assert topic.is_closed is closed


# Decisions: refusals


def test_moderation_post_action_api_answers_409_when_already_handled(
    moderator_client: Client, held: Post, topic: Topic
) -> None:
    post_approve(post=held, moderator=ModeratorFactory(display_name="Ada"))

    response = post_json(moderator_client, action_url(held, "approve"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This comment was already handled by Ada: it is now visible."
    }
    topic.refresh_from_db()
    assert topic.post_count == 2
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


@pytest.mark.parametrize(
    ("action", "needs"),
    [
        ("reject", "visible"),
        ("remove", "held"),
        ("restore", "visible"),
        ("dismiss-reports", "visible"),
        ("feature", "held"),
        ("unfeature", "visible"),
        ("open-topic", "visible"),
    ],
)
def test_moderation_post_action_api_answers_409_for_a_post_in_another_state(
    action: str, needs: str, moderator_client: Client, held: Post, visible: Post
) -> None:
    post = {"held": held, "visible": visible}[needs]

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 409
    assert response.json()["detail"]


def test_moderation_post_action_api_answers_404_for_an_unknown_action(
    moderator_client: Client, visible: Post
) -> None:
    response = post_json(moderator_client, action_url(visible, "delete-everything"))

    assert response.status_code == 404
    assert "delete-everything" in response.json()["detail"]


def test_moderation_post_action_api_answers_404_for_an_unknown_post(
    moderator_client: Client,
) -> None:
    response = post_json(moderator_client, "/api/v1/moderation/posts/999999/approve/")

    assert response.status_code == 404


def test_moderation_post_action_api_refuses_a_get(moderator_client: Client, held: Post) -> None:
    assert moderator_client.get(action_url(held, "approve")).status_code == 405


@pytest.mark.parametrize("action", list(POST_MODERATION_APIS))
@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(ReaderFactory, id="reader"),
        pytest.param(EditorFactory, id="editor"),
    ],
)
def test_moderation_post_action_api_refuses_anyone_but_discussion_staff(
    action: str, who: Any, client: Client, held: Post, visible: Post
) -> None:
    post = _ready(action, held, visible)
    before = Post.objects.filter(pk=post.pk).values().get()
    logged = ModerationLogEntry.objects.count()
    user = who()
    if user is not None:
        client.force_login(user)

    response = post_json(client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).values().get() == before
    assert ModerationLogEntry.objects.count() == logged
    post.author.refresh_from_db()
    assert post.author.state == User.State.ACTIVE


@pytest.mark.parametrize("action", ["suspend-author", "ban-author", "spam"])
def test_moderation_post_action_api_refuses_a_moderator_acting_on_an_administrator(
    action: str, moderator_client: Client, topic: Topic
) -> None:
    administrator = AdministratorFactory()
    post = comment(topic, author=administrator)

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 403
    assert response.json() == {"detail": "You may not change the state of this account."}
    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("reject", {}, "reason"),
        ("reject", {"reason": "ugly"}, "reason"),
        ("remove", {"text": "No reason code."}, "reason"),
        ("suspend-author", {"reason": "Heat."}, "days"),
        ("suspend-author", {"days": 0, "reason": "Heat."}, "days"),
        ("suspend-author", {"days": 3, "reason": "  "}, "reason"),
        ("ban-author", {}, "reason"),
        ("ban-author", {"reason": ""}, "reason"),
    ],
)
def test_moderation_post_action_api_refuses_a_bad_body(
    action: str,
    data: dict[str, Any],
    field: str,
    moderator_client: Client,
    held: Post,
    visible: Post,
) -> None:
    post = held if action == "reject" else visible

    response = post_json(moderator_client, action_url(post, action), data)

    assert response.status_code == 400
    assert set(response.json()) == {field}
    post.refresh_from_db()
    assert post.moderated_at is None


def test_moderation_post_action_api_refuses_to_ban_an_author_already_banned(
    moderator_client: Client, visible: Post
) -> None:
    user_ban(user=visible.author, by=ModeratorFactory(), reason="Spam.")

    response = post_json(moderator_client, action_url(visible, "ban-author"), {"reason": "Again."})

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This account is banned: it cannot be banned now."]
    }


def test_moderation_post_action_api_dismiss_flags_is_a_deprecated_alias_of_dismiss_reports(
    moderator_client: Client, moderator: User, visible: Post
) -> None:
    report(visible)

    response = post_json(moderator_client, action_url(visible, "dismiss-flags"))

    assert response.status_code == 200, response.json()
    assert response.json()["open_report_count"] == 0
    assert ModerationLogEntry.objects.filter(
        action=Action.DISMISS_REPORTS, actor=moderator
    ).exists()


def test_moderation_post_action_api_unknown_action_lists_no_deprecated_alias(
    moderator_client: Client, visible: Post
) -> None:
    response = post_json(moderator_client, action_url(visible, "dismiss-all"))

    assert response.status_code == 404
    assert "dismiss-reports" in response.json()["detail"]
    assert "dismiss-flags" not in response.json()["detail"]
