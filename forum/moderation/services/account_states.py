"""Suspending, banning and reinstating accounts, and the record of every state change.

Each change locks the account row, writes the new state and its `AccountStateChange` (who,
when, why) and moderation log entry in one transaction, and tells the account holder by mail
once that has committed. A deletion, which accounts makes, is recorded here too, through the
`account_deleted` signal (forum/moderation/receivers.py).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.permissions import check_can_change_account_state
from accounts.services.sessions import user_sessions_end
from accounts.viewer import Viewer
from forum.moderation.models import AccountStateChange, ModerationLogEntry
from forum.moderation.services.audit import log_entry_create

# The states each action may start from; anything else is refused with a reason.
SUSPENDABLE = frozenset({User.State.ACTIVE, User.State.SUSPENDED, User.State.BANNED})
BANNABLE = frozenset({User.State.ACTIVE, User.State.SUSPENDED})
REINSTATABLE = frozenset({User.State.SUSPENDED, User.State.BANNED})

LOG_ACTIONS = {
    User.State.SUSPENDED: ModerationLogEntry.Action.SUSPEND,
    User.State.BANNED: ModerationLogEntry.Action.BAN,
    User.State.ACTIVE: ModerationLogEntry.Action.REINSTATE,
    User.State.DELETED: ModerationLogEntry.Action.DELETE_ACCOUNT,
}

# What each action does, as a past participle; it also names the action's mail templates.
DONE = {
    User.State.SUSPENDED: "suspended",
    User.State.BANNED: "banned",
    User.State.ACTIVE: "reinstated",
}


def user_suspend(*, user: User, by: User, until: datetime, reason: str) -> User:
    """Suspend `user` until `until` (aware, in the future); a suspended account's end moves."""
    if until <= timezone.now():
        raise ValidationError({"until": "A suspension must end in the future."})
    _require_reason(reason)
    return _user_state_change(
        user=user,
        by=by,
        to_state=User.State.SUSPENDED,
        allowed_from=SUSPENDABLE,
        until=until,
        reason=reason,
    )


def user_ban(*, user: User, by: User, reason: str) -> User:
    """Ban `user` until reinstated, ending every session they are logged in with."""
    _require_reason(reason)
    return _user_state_change(
        user=user, by=by, to_state=User.State.BANNED, allowed_from=BANNABLE, reason=reason
    )


def user_reinstate(*, user: User, by: User, reason: str) -> User:
    """Lift a suspension (even one already over) or a ban; the reason may be blank."""
    return _user_state_change(
        user=user, by=by, to_state=User.State.ACTIVE, allowed_from=REINSTATABLE, reason=reason
    )


def account_state_change_record(
    *,
    user: User,
    from_state: str,
    by: User,
    reason: str,
    until: datetime | None = None,
) -> AccountStateChange:
    """Append the record of `user` moving from `from_state` to their current state, in the
    account's history and in the moderation log.

    Precondition: the caller holds the row lock on `user` and has saved the new state.
    """
    log_entry_create(
        action=LOG_ACTIONS[User.State(user.state)],
        actor=by,
        subject_user=user,
        from_state=from_state,
        to_state=user.state,
        reason=reason,
    )
    change = AccountStateChange(
        user=user,
        from_state=from_state,
        to_state=user.state,
        until=until,
        reason=reason,
        changed_by=by,
    )
    change.full_clean()
    change.save()
    return change


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason: the account holder is told it."})


@transaction.atomic
def _user_state_change(
    *,
    user: User,
    by: User,
    to_state: User.State,
    allowed_from: frozenset[User.State],
    reason: str,
    until: datetime | None = None,
) -> User:
    # Locked so two moderators acting at once each record the state the other left.
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    check_can_change_account_state(Viewer.of(by), Viewer.of(locked))
    from_state = User.State(locked.state)
    if from_state not in allowed_from:
        raise ValidationError(
            f"This account is {from_state.label.lower()}: it cannot be {DONE[to_state]} now."
        )
    locked.state = to_state
    locked.suspended_until = until
    locked.state_reason = reason.strip()
    locked.full_clean()
    locked.save(update_fields=["state", "suspended_until", "state_reason"])
    change = account_state_change_record(
        user=locked, from_state=from_state, by=by, reason=locked.state_reason, until=until
    )
    if to_state == User.State.BANNED:
        user_sessions_end(user=locked)
    if locked.email:
        # robust: the change has committed; a mail server failing must not turn it into an error.
        transaction.on_commit(partial(_state_change_mail_send, change=change), robust=True)
    return locked


def _state_change_mail_send(*, change: AccountStateChange) -> None:
    """Tell the account holder what happened, until when and why."""
    context = {"user": change.user, "change": change, "site_name": settings.SITE_NAME}
    template = f"moderation/email/{DONE[User.State(change.to_state)]}"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [change.user.email])
