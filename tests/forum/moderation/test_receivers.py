"""What moderation records of another app's account lifecycle: a deletion, told by accounts'
`account_deleted` signal inside the deletion's transaction."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from accounts.services.deletion import DELETION_REASON, account_delete
from accounts.signals import account_deleted
from forum.moderation.models import AccountStateChange, ModerationLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_account_delete_is_logged_for_the_moderators_with_its_reason() -> None:
    user = account_delete(user=UserFactory())

    entry = ModerationLogEntry.objects.get(action=ModerationLogEntry.Action.DELETE_ACCOUNT)
    assert (entry.actor, entry.subject_user, entry.from_state, entry.to_state) == (
        user,
        user,
        User.State.ACTIVE,
        User.State.DELETED,
    )
    assert entry.reason == AccountStateChange.objects.get(user=user).reason == DELETION_REASON


def test_account_delete_is_undone_when_its_record_cannot_be_written() -> None:
    """The receiver runs in the deletion's transaction: no deletion goes unrecorded."""
    user = UserFactory()

    def failing(**kwargs: Any) -> None:
        raise RuntimeError("The log is out of reach.")

    account_deleted.connect(failing, dispatch_uid="test.failing")
    try:
        with pytest.raises(RuntimeError):
            account_delete(user=user)
    finally:
        account_deleted.disconnect(dispatch_uid="test.failing")

    user.refresh_from_db()
    assert user.state == User.State.ACTIVE
    assert not AccountStateChange.objects.filter(user=user).exists()
    assert not ModerationLogEntry.objects.filter(subject_user=user).exists()
