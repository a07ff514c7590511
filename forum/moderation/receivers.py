"""What moderation does when another app tells of an account's lifecycle (STYLE: signals only
for cross-app lifecycle): a deleted account's history and the moderation log record it, as
they record a suspension or a ban."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.signals import account_deleted
from forum.moderation.services.account_states import account_state_change_record


def account_deleted_record(
    sender: type[User], user: User, from_state: str, reason: str, **kwargs: Any
) -> None:
    """The holder deleted their own account: they are who made the change."""
    account_state_change_record(user=user, from_state=from_state, by=user, reason=reason)


def connect() -> None:
    account_deleted.connect(account_deleted_record, dispatch_uid="moderation.account_deleted")
