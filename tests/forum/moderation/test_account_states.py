"""Suspending, banning and reinstating: who may, what is recorded, who is told, what ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import User
from accounts.permissions import posting_refusal
from accounts.viewer import Viewer
from forum.moderation.models import AccountStateChange
from forum.moderation.services.account_states import user_ban, user_reinstate, user_suspend
from tests.factories import AdministratorFactory, ModeratorFactory, ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator() -> User:
    return ModeratorFactory()


@pytest.fixture
def reader() -> User:
    return ReaderFactory()


def _in(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def _assert_unchanged(user: User) -> None:
    state = user.state
    user.refresh_from_db()
    assert user.state == state
    assert not AccountStateChange.objects.filter(user=user).exists()


def test_user_suspend_records_who_when_until_and_why(moderator: User, reader: User) -> None:
    until = _in(3)
    before = timezone.now()

    user_suspend(user=reader, by=moderator, until=until, reason="  Insults in a thread.  ")

    reader.refresh_from_db()
    assert reader.state == User.State.SUSPENDED
    assert reader.effective_state == User.State.SUSPENDED
    assert reader.suspended_until == until
    assert reader.state_reason == "Insults in a thread."
    change = AccountStateChange.objects.get(user=reader)
    assert (change.from_state, change.to_state) == (User.State.ACTIVE, User.State.SUSPENDED)
    assert change.until == until
    assert change.reason == "Insults in a thread."
    assert change.changed_by == moderator
    assert before <= change.created_at <= timezone.now()


def test_user_ban_records_who_and_why_with_no_end(moderator: User, reader: User) -> None:
    user_suspend(user=reader, by=moderator, until=_in(1), reason="First warning.")

    user_ban(user=reader, by=moderator, reason="Spam again.")

    reader.refresh_from_db()
    assert reader.state == User.State.BANNED
    assert reader.suspended_until is None
    assert reader.state_reason == "Spam again."
    latest = reader.state_changes.first()
    assert (latest.from_state, latest.to_state) == (User.State.SUSPENDED, User.State.BANNED)
    assert (latest.until, latest.reason, latest.changed_by) == (None, "Spam again.", moderator)


def test_user_reinstate_records_who_and_why_and_clears_the_state(
    moderator: User, reader: User
) -> None:
    user_ban(user=reader, by=moderator, reason="Spam.")

    user_reinstate(user=reader, by=moderator, reason="Appeal accepted.")

    reader.refresh_from_db()
    assert (reader.state, reader.suspended_until, reader.state_reason) == (
        User.State.ACTIVE,
        None,
        "Appeal accepted.",
    )
    assert [(c.to_state, c.reason, c.changed_by) for c in reader.state_changes.all()] == [
        (User.State.ACTIVE, "Appeal accepted.", moderator),
        (User.State.BANNED, "Spam.", moderator),
    ]


def test_user_suspend_refused_when_a_moderator_targets_an_administrator(moderator: User) -> None:
    administrator = AdministratorFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(user=administrator, by=moderator, until=_in(1), reason="No.")
    with pytest.raises(PermissionDenied):
        user_ban(user=administrator, by=moderator, reason="No.")

    _assert_unchanged(administrator)


def test_user_suspend_allowed_when_an_administrator_targets_an_administrator() -> None:
    administrator = AdministratorFactory()

    user_suspend(user=administrator, by=AdministratorFactory(), until=_in(1), reason="Cool off.")

    administrator.refresh_from_db()
    assert administrator.state == User.State.SUSPENDED


def test_user_suspend_refused_when_a_moderator_targets_themselves(moderator: User) -> None:
    with pytest.raises(PermissionDenied):
        user_suspend(user=moderator, by=moderator, until=_in(1), reason="Oops.")

    _assert_unchanged(moderator)


def test_user_suspend_refused_when_the_actor_is_a_reader(reader: User) -> None:
    other = ReaderFactory()

    with pytest.raises(PermissionDenied):
        user_suspend(user=other, by=reader, until=_in(1), reason="I dislike them.")
    with pytest.raises(PermissionDenied):
        user_ban(user=other, by=reader, reason="I dislike them.")

    _assert_unchanged(other)


def test_user_suspend_refused_when_until_has_passed(moderator: User, reader: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        user_suspend(user=reader, by=moderator, until=_in(-0.01), reason="Late.")

    assert excinfo.value.message_dict == {"until": ["A suspension must end in the future."]}
    _assert_unchanged(reader)


@pytest.mark.parametrize(
    "change",
    [
        lambda user, by: user_suspend(user=user, by=by, until=_in(1), reason=" "),
        lambda user, by: user_ban(user=user, by=by, reason=""),
    ],
    ids=["suspend", "ban"],
)
def test_user_state_change_refused_when_reason_is_blank(
    change: Callable[[User, User], User], moderator: User, reader: User
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        change(reader, moderator)

    assert "reason" in excinfo.value.message_dict
    _assert_unchanged(reader)


def test_user_ban_refused_when_already_banned(moderator: User, reader: User) -> None:
    user_ban(user=reader, by=moderator, reason="Spam.")

    with pytest.raises(ValidationError, match="This account is banned"):
        user_ban(user=reader, by=moderator, reason="More spam.")

    assert reader.state_changes.count() == 1


def test_user_reinstate_refused_when_the_account_is_active(moderator: User, reader: User) -> None:
    with pytest.raises(ValidationError, match="cannot be reinstated"):
        user_reinstate(user=reader, by=moderator, reason="")

    _assert_unchanged(reader)


def test_user_state_change_refused_when_the_account_is_deleted(moderator: User) -> None:
    deleted = ReaderFactory(state=User.State.DELETED, is_active=False)

    with pytest.raises(ValidationError, match="This account is deleted"):
        user_ban(user=deleted, by=moderator, reason="Too late.")

    _assert_unchanged(deleted)


def test_posting_refusal_refuses_when_a_suspension_holds(moderator: User, reader: User) -> None:
    user_suspend(user=reader, by=moderator, until=_in(2), reason="Cool off.")
    reader.refresh_from_db()

    refusal = posting_refusal(Viewer.of(reader))

    assert refusal is not None
    assert "suspended" in refusal.message
    assert "Cool off." in refusal.message


def test_effective_state_is_active_when_the_suspension_has_ended(
    moderator: User, reader: User
) -> None:
    user_suspend(user=reader, by=moderator, until=_in(2), reason="Cool off.")
    # Two days pass.
    User.objects.filter(pk=reader.pk).update(suspended_until=_in(-0.001))
    reader.refresh_from_db()

    assert reader.state == User.State.SUSPENDED
    assert reader.effective_state == User.State.ACTIVE
    assert posting_refusal(Viewer.of(reader)) is None


def test_user_reinstate_allowed_when_the_suspension_has_ended(
    moderator: User, reader: User
) -> None:
    user_suspend(user=reader, by=moderator, until=_in(2), reason="Cool off.")
    User.objects.filter(pk=reader.pk).update(suspended_until=_in(-0.001))

    user_reinstate(user=reader, by=moderator, reason="")

    reader.refresh_from_db()
    assert (reader.state, reader.suspended_until) == (User.State.ACTIVE, None)


def test_user_ban_ends_the_users_sessions_only(moderator: User, reader: User) -> None:
    phone, laptop, bystander = Client(), Client(), Client()
    phone.force_login(reader)
    laptop.force_login(reader)
    bystander.force_login(ReaderFactory())

    user_ban(user=reader, by=moderator, reason="Spam.")

    for client in (phone, laptop):
        assert client.get("/settings/")["Location"].startswith("/accounts/login/")
    assert bystander.get("/settings/").status_code == 200


def test_user_suspend_keeps_the_users_sessions(moderator: User, reader: User) -> None:
    client = Client()
    client.force_login(reader)

    user_suspend(user=reader, by=moderator, until=_in(1), reason="Cool off.")

    assert client.get("/settings/").status_code == 200


def test_user_suspend_mails_nothing_until_commit(
    moderator: User,
    reader: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        user_suspend(user=reader, by=moderator, until=_in(1), reason="Cool off.")

    assert len(callbacks) == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("change", "subject", "body"),
    [
        (
            lambda user, by: user_suspend(
                user=user,
                by=by,
                until=datetime(2099, 3, 4, 5, 6, tzinfo=UTC),
                reason="Insults & threats.",
            ),
            "[Rare Earth Exchanges] Your account is suspended until 4 March 2099",
            ["suspended your account until 4 March 2099, 05:06 UTC", "Why: Insults & threats."],
        ),
        (
            lambda user, by: user_ban(user=user, by=by, reason="Spam."),
            "[Rare Earth Exchanges] Your account is banned",
            ["has banned your account", "logged out everywhere", "Why: Spam."],
        ),
    ],
    ids=["suspend", "ban"],
)
def test_user_state_change_mails_what_until_when_and_why_after_commit(
    change: Callable[[User, User], User],
    subject: str,
    body: list[str],
    moderator: User,
    reader: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        change(reader, moderator)

    [message] = mailoutbox
    assert message.to == [reader.email]
    assert message.subject == subject
    for fragment in body:
        assert fragment in message.body


def test_user_reinstate_mails_the_user_after_commit(
    moderator: User,
    reader: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user_ban(user=reader, by=moderator, reason="Spam.")

    with django_capture_on_commit_callbacks(execute=True):
        user_reinstate(user=reader, by=moderator, reason="Appeal accepted.")

    [message] = mailoutbox
    assert message.subject == "[Rare Earth Exchanges] Your account is active again"
    assert "reinstated your account" in message.body
    assert "Why: Appeal accepted." in message.body
